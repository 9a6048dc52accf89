"""Files -> load -> validate -> model: everything needed to get a valid Casebook.

Layout it expects, relative to the project root::

    study/<name>.yaml         study content and vocabularies (STUDY_FILES)
    schema/study/<kind>.schema.json
    schema/case.schema.json
    cases/<id>.yaml           one case per file

``validate_project`` collects every problem in every file; ``load_casebook``
returns the Casebook or raises ``InvalidData`` with all of them. Loading is
cached on the files' names, sizes and modification times, so that the macros
and the hook share one load per build and ``mkdocs serve`` still sees edits. The
edition the site cites (CITATION.cff, the release tags) and the cases' dates of change
(git) are not the loader's: ``release.published`` adds them where the site is made.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from . import schema as schema_walk
from . import validate as rules
from .load import Document, load_file
from .model import Case, Casebook, Term, Vocabulary, freeze
from .problems import InvalidData, Problem, display_path

ROOT = Path(__file__).resolve().parent.parent

# Study file -> the schema it follows (schema/study/<kind>.schema.json).
STUDY_FILES = {
    "study": "study",
    "measurement": "measurement",
    "engagement_types": "vocabulary",
    "organisation_types": "vocabulary",
    "nations": "vocabulary",
    "regions": "regions",
    "funding_types": "vocabulary",
    "partner_types": "vocabulary",
    "fact_topics": "vocabulary",
    "measurement_approaches": "vocabulary",
    "statuses": "vocabulary",
    "bases": "vocabulary",
    "identifier_schemes": "identifier_schemes",
    "glossary": "glossary",
    "models": "models",
    "drivers": "drivers",
    "enablers": "enablers",
    "learning_questions": "learning_questions",
    "accountability": "accountability",
}
CONTENT_FILES = ("study", "measurement")
VOCABULARY_FILES = tuple(name for name in STUDY_FILES if name not in CONTENT_FILES)
CASE_SUFFIX = ".yaml"
# Former case ids and where they lead (schema/moved.schema.json).
MOVED_FILE = "moved.yaml"
# Files that may sit in cases/ without being cases.
_NOT_CASES = {".gitkeep", "README.md"}


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def cases_dir(self) -> Path:
        return self.root / "cases"

    @property
    def study_dir(self) -> Path:
        return self.root / "study"

    @property
    def schema_dir(self) -> Path:
        return self.root / "schema"

    def case_schema(self) -> dict:
        return json.loads((self.schema_dir / "case.schema.json").read_text(encoding="utf-8"))

    def study_schema(self, kind: str) -> dict:
        return json.loads((self.schema_dir / "study" / f"{kind}.schema.json").read_text(encoding="utf-8"))


def case_files(cases_dir: Path, display_root: Path, recursive: bool = False) -> tuple[list[Path], list[Problem]]:
    """The case files in a folder, and a problem for anything there that would be skipped."""
    paths, problems = [], []
    for path in sorted(cases_dir.iterdir()):
        if path.name in _NOT_CASES:
            continue
        if path.is_dir():
            if recursive:
                inner, bad = case_files(path, display_root, recursive)
                paths += inner
                problems += bad
            else:
                problems.append(
                    Problem(
                        display_path(path, display_root),
                        1,
                        1,
                        "",
                        "file-name",
                        f"the folder '{path.name}' is not read: case files sit directly in cases/.",
                    )
                )
        elif path.suffix == CASE_SUFFIX:
            paths.append(path)
        else:
            problems.append(_not_a_case_name(path, display_root))
    return paths, problems


def _not_a_case_name(path: Path, display_root: Path) -> Problem:
    name = rules.slugify(path.stem) or "the-case-id"
    return Problem(
        display_path(path, display_root),
        1,
        1,
        "",
        "file-name",
        f"'{path.name}' is not read as a case: a case file is named after the case's id, in "
        f"lowercase words joined by hyphens, and ends in '{CASE_SUFFIX}', such as '{name}{CASE_SUFFIX}'.",
    )


def expand_paths(paths: Iterable[Path], display_root: Path) -> tuple[list[Path], list[Problem]]:
    """Files as given, and the case files under any folder given.

    A path that does not exist is the command line's usage error, checked before this;
    anything else that cannot be read (a broken link) is reported by the loader."""
    found, problems = [], []
    for path in paths:
        if path.is_dir():
            inner, bad = case_files(path, display_root, recursive=True)
            found += inner
            problems += bad
        elif path.suffix != CASE_SUFFIX:
            # As in the whole casebook's run: a file there would be skipped, so say so here.
            problems.append(_not_a_case_name(path, display_root))
        else:
            found.append(path)
    return found, problems


def load_study(project: Project, display_root: Path) -> tuple[dict[str, Document], list[Problem]]:
    docs, problems = {}, []
    for name, kind in STUDY_FILES.items():
        path = project.study_dir / f"{name}.yaml"
        doc, bad = load_file(path, display_path(path, display_root))
        problems += bad
        if doc is None:
            continue
        found = rules.schema_problems(doc, rules.make_validator(project.study_schema(kind)), {})
        problems += found
        if not found:
            docs[name] = doc
    if not problems:
        problems += _study_cross_checks(docs)
    return docs, problems


def _study_cross_checks(docs: dict[str, Document]) -> list[Problem]:
    problems = []

    def refer(doc: Document, parts: tuple, value: str, target: str) -> None:
        if value not in {t["id"] for t in docs[target].data["terms"]}:
            line, column = doc.where(parts)
            problems.append(
                Problem(
                    doc.display,
                    line,
                    column,
                    rules.field_path(parts),
                    "unknown-term",
                    f"'{value}' is not a term of {target}.yaml.",
                )
            )

    for name in VOCABULARY_FILES:
        doc = docs[name]
        seen: set[str] = set()
        for index, term in enumerate(doc.data["terms"]):
            if term["id"] in seen:
                line, column = doc.where(("terms", index, "id"))
                problems.append(
                    Problem(
                        doc.display,
                        line,
                        column,
                        f"terms[{index}].id",
                        "duplicate-id",
                        f"the id '{term['id']}' is used twice in this vocabulary.",
                    )
                )
            seen.add(term["id"])
    for index, term in enumerate(docs["regions"].data["terms"]):
        refer(docs["regions"], ("terms", index, "nation"), term["nation"], "nations")
    for index, term in enumerate(docs["models"].data["terms"]):
        for j, partner in enumerate(term["typical_partners"]):
            refer(docs["models"], ("terms", index, "typical_partners", j), partner, "partner_types")
    return problems


def vocabularies_from(docs: dict[str, Document]) -> dict[str, Vocabulary]:
    vocabularies = {}
    for name in VOCABULARY_FILES:
        data = docs[name].data
        extra = ()
        if name == "models":
            extra = (_term(data["unclassified"]),)
        vocabularies[name] = Vocabulary(
            name=name,
            label=data["label"],
            description=data["description"],
            terms=tuple(_term(t) for t in data["terms"]),
            extra=extra,
            data=freeze({k: v for k, v in data.items() if k != "terms"}),
        )
    return vocabularies


def _term(data: dict) -> Term:
    return Term(id=data["id"], label=data["label"], data=freeze(data))


def case_schema_for(project: Project, vocabularies: dict[str, Vocabulary]) -> dict:
    """The case schema with its vocabulary enums filled from the vocabularies.

    The committed schema carries the same enums for editors; a test keeps the two equal
    (``python -m macros schema`` rewrites it).
    """
    schema = project.case_schema()
    for node in schema_walk.vocabulary_nodes(schema):
        node["enum"] = list(vocabularies[node["x-vocabulary"]].ids)
    # An identifier (a `scheme` from a vocabulary and a `value`): each scheme's pattern.
    for node in schema_walk.nodes_where(schema, _is_identifier):
        vocabulary = node["properties"]["scheme"]["x-vocabulary"]
        node["allOf"] = [_scheme_rule(t) for t in vocabularies[vocabulary].terms]
    for node in schema_walk.described_nodes(schema):
        node["markdownDescription"] = _markdown_description(node, vocabularies)
    return schema


def _is_identifier(node: dict) -> bool:
    properties = node.get("properties")
    return isinstance(properties, dict) and "x-vocabulary" in properties.get("scheme", {}) and "value" in properties


def _scheme_rule(term: Term) -> dict:
    """The value pattern that goes with one identifier scheme. ``$(?!\\n)``: Python's ``$``
    also matches before a final newline."""
    pattern = term.data["pattern"]
    return {
        "if": {"properties": {"scheme": {"const": term.id}}, "required": ["scheme"]},
        "then": {
            "properties": {
                "value": {
                    "pattern": pattern + "(?!\\n)" if pattern.endswith("$") else pattern,
                    "patternErrorMessage": (
                        f"{term.label}: {term.data['form']}, as the register writes it, such as {term.data['example']}."
                    ),
                }
            }
        },
    }


def _markdown_description(node: dict, vocabularies: dict[str, Vocabulary]) -> str:
    """What an editor shows on hover: the description, and a vocabulary's terms with
    their labels, so that a contributor sees `grant` means "Grant funding"."""
    vocabulary = node.get("x-vocabulary") or node.get("items", {}).get("x-vocabulary")
    text = node["description"]
    if vocabulary:
        terms = [*vocabularies[vocabulary].terms, *vocabularies[vocabulary].extra]
        text += "\n\nAllowed values:\n\n" + "\n".join(f"- `{t.id}`: {t.label}" for t in terms)
    return text


def validate_project(
    root: Path = ROOT,
    case_paths: Iterable[Path] | None = None,
    display_root: Path | None = None,
    leave_out_invalid_cases: bool = False,
) -> tuple[Casebook | None, list[Problem]]:
    """Load and check the study content and the cases; every problem, never an exception.

    ``leave_out_invalid_cases`` (the preview's way): a case file with problems of its own
    is left out and the rest make the casebook, returned with those problems; problems
    beyond single case files (the study, moved.yaml, two files with one id) still give
    no casebook."""
    project = Project(Path(root))
    shown = display_root or project.root
    study_docs, problems = load_study(project, shown)
    if problems:
        return None, problems
    vocabularies = vocabularies_from(study_docs)
    labels = {name: v.label for name, v in vocabularies.items()}
    case_schema = case_schema_for(project, vocabularies)
    check = rules.SchemaCheck(case_schema)
    example = _example(project)
    context = rules.Context(
        study_url=study_docs["study"].data["url"],
        region_nations={t.id: t["nation"] for t in vocabularies["regions"]},
        placeholders=rules.placeholder_values(example, {i for v in vocabularies.values() for i in v.ids}),
        unique_lists=tuple((e.field, e.key) for e in schema_walk.entry_lists(case_schema).values() if e.unique),
        url_fields=schema_walk.url_fields(case_schema),
        one_line_fields=schema_walk.one_line_fields(case_schema),
    )

    if case_paths is None:
        paths, problems = case_files(project.cases_dir, shown)
    else:
        paths, problems = expand_paths(case_paths, shown)
    docs, notices = [], []
    renames = schema_walk.renamed(case_schema)
    for path in paths:
        doc, bad = load_file(path, display_path(path, shown))
        problems += bad
        if doc is None:
            continue
        doc, noticed, bad = rules.apply_renames(doc, renames)
        notices += noticed
        problems += bad + check.problems(doc, labels) + rules.rule_problems(doc, context)
        docs.append(doc.settled())
    left_out: list[Problem] = []
    if leave_out_invalid_cases and problems:
        # Every problem so far is a case file's own.
        left_out, problems = problems, []
        docs = [d for d in docs if d.display not in {p.path for p in left_out}]
    problems += rules.check_unique_ids(docs)
    framework = study_docs["measurement"]
    case_ids = {d.data.get("id") for d in docs if isinstance(d.data.get("id"), str)}
    framework_case = framework.data["outcomes_framework"]["case"]
    if case_paths is None and framework_case not in case_ids:
        line, column = framework.where(("outcomes_framework", "case"))
        problems.append(
            Problem(
                framework.display,
                line,
                column,
                "outcomes_framework.case",
                "unknown-case",
                f"there is no case with the id '{framework_case}'.",
            )
        )
    former, bad = load_former(project, shown, case_ids if case_paths is None else None)
    problems += bad
    if problems:
        return None, sorted(problems + left_out)
    cases = tuple(Case(d.data["id"], freeze(d.data), d.display) for d in sorted(docs, key=lambda d: d.data["id"]))
    casebook = Casebook(
        cases=cases,
        vocabularies=freeze(vocabularies),
        study=freeze(study_docs["study"].data),
        measurement=freeze(study_docs["measurement"].data),
        case_schema=freeze(case_schema),
        example=freeze(example),
        former=freeze(former),
        notices=tuple(sorted(notices)),
    )
    return casebook, sorted(left_out)


def load_former(project: Project, shown: Path, case_ids: set | None) -> tuple[dict, list[Problem]]:
    """moved.yaml: the former ids that keep their addresses. ``case_ids`` (None when only
    some case files are checked) are the cases now: a renamed case must point at one, and
    a former id may not be one."""
    path = project.root / MOVED_FILE
    if not path.exists():
        return {"moved": [], "removed": []}, []
    doc, problems = load_file(path, display_path(path, shown))
    if doc is None:
        return {}, problems
    schema = json.loads((project.schema_dir / "moved.schema.json").read_text(encoding="utf-8"))
    problems = rules.schema_problems(doc, rules.make_validator(schema), {})
    if problems:
        return {}, problems
    data = {"moved": doc.data.get("moved") or [], "removed": doc.data.get("removed") or []}
    seen: set[str] = set()
    for kind in ("moved", "removed"):
        for index, entry in enumerate(data[kind]):
            if entry["id"] in seen or (case_ids is not None and entry["id"] in case_ids):
                where = "another entry here" if entry["id"] in seen else "a case now"
                problems.append(
                    rules.problem_at(
                        doc,
                        (kind, index, "id"),
                        "duplicate-id",
                        f"the former id '{entry['id']}' is {where}: an address can lead to one case only. "
                        "Remove this entry, or give the case another id.",
                    )
                )
            seen.add(entry["id"])
            target = entry.get("moved_to")
            if target is not None and case_ids is not None and target not in case_ids:
                problems.append(
                    rules.problem_at(
                        doc,
                        (kind, index, "moved_to"),
                        "unknown-case",
                        f"there is no case with the id '{target}'.{rules.did_you_mean(target, sorted(case_ids))} "
                        "Name the case's id now.",
                    )
                )
    return data, problems


def _example(project: Project) -> dict:
    """The template's values, shown as examples in the field reference."""
    doc, _ = load_file(project.root / "templates" / "case.yaml", "templates/case.yaml")
    return doc.data if doc else {}


_cache: dict[Path, tuple[tuple, Casebook]] = {}


def load_casebook(root: Path = ROOT) -> Casebook:
    """The project's Casebook; raises InvalidData listing every problem."""
    root = Path(root).resolve()
    stamp = _stamp(root)
    cached = _cache.get(root)
    if cached and cached[0] == stamp:
        return cached[1]
    casebook, problems = validate_project(root)
    if problems:
        raise InvalidData(problems)
    _cache[root] = (stamp, casebook)
    return casebook


def _stamp(root: Path) -> tuple:
    entries = []
    for folder in ("cases", "study", "schema", "schema/study", "templates"):
        directory = root / folder
        if directory.is_dir():
            with os.scandir(directory) as scan:
                for entry in scan:
                    if entry.is_file():
                        info = entry.stat()
                        entries.append((folder, entry.name, info.st_size, info.st_mtime_ns))
    moved = root / MOVED_FILE
    if moved.is_file():
        info = moved.stat()
        entries.append(("", MOVED_FILE, info.st_size, info.st_mtime_ns))
    return tuple(sorted(entries))
