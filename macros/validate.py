"""Checks on loaded documents: JSON Schema first, then the rules a schema cannot say.

Input: ``load.Document`` values. Output: a list of ``Problem`` values, never an
exception, so that one run reports every problem in every file. Each kind of
problem has a stable ``code``; ``tests/fixtures/invalid/<code>/`` holds a bad file
for each one.

jsonschema's own messages are written for programmers ("'x' is not of type
'array'"); ``schema_problems`` rewrites the common ones in plain words, with the
allowed values and a "did you mean" where a near miss is likely.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
from dataclasses import dataclass, field
from functools import lru_cache
import re
import unicodedata
from typing import Any, Iterable, Mapping

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from . import characters, hosts
from .schema import URL_PATTERN_START

from .load import Document
from .problems import Notice, Problem, field_path

_TYPE_NAMES = {
    "object": "a mapping of fields",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}


def make_validator(schema: Mapping[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


class SchemaCheck:
    """A schema's check, fast for valid files and thorough for invalid ones.

    jsonschema-rs (compiled) answers "is it valid?" about a hundred times faster than
    python-jsonschema, which is what keeps a large casebook quick to validate; only a
    file it rejects goes through python-jsonschema, whose errors carry the paths and
    details that the messages below are built from. python-jsonschema stays the
    authority: a file is invalid only if it reports an error, and a test holds the two
    to the same verdict on valid, invalid and randomly mutated files.
    """

    def __init__(self, schema: Mapping[str, Any]):
        self.full = make_validator(schema)
        self.fast = jsonschema_rs.Draft202012Validator(schema, validate_formats=True)

    def problems(self, doc: Document, vocab_labels: Mapping[str, str]) -> list[Problem]:
        if self.fast.is_valid(doc.data):
            return []
        if not self.full.is_valid(doc.data):
            # Some of its errors may be left to the rules below, which word them better.
            return schema_problems(doc, self.full, vocab_labels)
        # The compiled check rejects what python-jsonschema accepts. Other tools that read
        # the published schema may side with either, so the file fails, in the compiled
        # check's own words, rather than passing unexplained.
        return [disagreement(doc, error) for error in self.fast.iter_errors(doc.data)]


def disagreement(doc: Document, error: Any) -> Problem:
    parts = tuple(error.instance_path)
    line, column = doc.where(parts)
    return Problem(
        doc.display,
        line,
        column,
        field_path(parts),
        "schema",
        f"{error.message}. (The two schema checks disagree on this value: change it, "
        "and if it looks right, report it to the maintainers.)",
    )


def kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return f"`{str(value).lower()}` (true or false)"
    if isinstance(value, dict):
        return "a mapping of fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if value is None:
        return "nothing (an empty value)"
    return f"the text {_show(value)}"


def _show(value: Any, limit: int = 60) -> str:
    # One line, so that every problem stays one line of output.
    text = str(value).replace("\r", "\\r").replace("\n", "\\n")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def did_you_mean(word: Any, choices: Iterable[str]) -> str:
    if not isinstance(word, str):
        return ""
    choices = list(choices)
    close = difflib.get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
    if not close:
        # 'grant-funding' for 'grant': a right term with words added around it.
        close = sorted((c for c in choices if len(c) > 2 and c in word.lower()), key=len, reverse=True)
    return f" Did you mean '{close[0]}'?" if close else ""


def schema_problems(doc: Document, validator: Draft202012Validator, vocab_labels: Mapping[str, str]) -> list[Problem]:
    """Every schema error in ``doc``, rewritten and located."""
    problems, empty = [], set()
    for error in validator.iter_errors(doc.data):
        if error.validator in ("pattern", "not") and _worded_by_a_rule(error.instance):
            continue
        if error.instance is None and error.validator in ("type", "enum"):
            # An empty value breaks its type and its list of terms: one problem says both.
            if tuple(error.absolute_path) in empty:
                continue
            empty.add(tuple(error.absolute_path))
            problems.extend(_empty(_Error(doc, error, vocab_labels), validator))
            continue
        problems.extend(_translate(doc, error, vocab_labels))
    # A value can break two rules that mean one thing (a date's pattern and format).
    return list(dict.fromkeys(problems))


@dataclass(frozen=True)
class _Error:
    """One python-jsonschema error, with what every message needs."""

    doc: Document
    error: ValidationError
    labels: Mapping[str, str]

    @property
    def parts(self) -> tuple:
        return tuple(self.error.absolute_path)

    @property
    def schema(self) -> Mapping[str, Any]:
        return self.error.schema if isinstance(self.error.schema, dict) else {}

    @property
    def value(self) -> Any:
        return self.error.instance

    def problem(self, code: str, message: str, parts: tuple | None = None, key: bool = False) -> Problem:
        where = self.parts if parts is None else parts
        line, column = self.doc.where(where, key=key)
        return Problem(self.doc.display, line, column, field_path(where), code, message)


def _worded_by_a_rule(value: Any) -> bool:
    """A value the schema refuses for a reason a rule below names more exactly: a hidden
    or control character, an id Windows reserves, an address that points inward."""
    if not isinstance(value, str):
        return False
    return bool(
        characters.controls(value)
        or characters.hidden(value)
        or value.lower() in WINDOWS_RESERVED
        or (value.startswith(("http://", "https://")) and hosts.literal_reason(value))
    )


def _required(e: _Error) -> list[Problem]:
    missing = e.error.message.split("'")[1] if "'" in e.error.message else str(e.error.validator_value)
    about = e.schema.get("properties", {}).get(missing, {})
    hint = f" ({about['description']})" if about.get("description") else ""
    where = "the case" if not e.parts else f"`{field_path(e.parts)}`"
    return [e.problem("missing-field", f"the required field `{missing}` is missing from {where}{hint}.")]


def _additional(e: _Error) -> list[Problem]:
    allowed = list(e.schema.get("properties", {}))
    extras = [k for k in e.value if k not in allowed] if isinstance(e.value, dict) else []
    return [
        e.problem(
            "unknown-field",
            f"`{k}` is not a field here.{did_you_mean(k, allowed)} Allowed fields: {', '.join(allowed)}.",
            e.parts + (k,),
            key=True,
        )
        for k in extras
    ]


def _enum(e: _Error) -> list[Problem]:
    allowed = [str(v) for v in e.error.validator_value]
    vocabulary = e.schema.get("x-vocabulary")
    suggestion = did_you_mean(e.value, allowed)
    if not vocabulary:
        return [e.problem("schema", f"{_show(e.value)} is not allowed. Allowed: {', '.join(allowed)}.{suggestion}")]
    label = e.labels.get(vocabulary, vocabulary).lower()
    article = "an" if label[:1] in "aeiou" else "a"
    return [
        e.problem(
            "unknown-term", f"{_show(e.value)} is not {article} {label}. Allowed: {', '.join(allowed)}.{suggestion}"
        )
    ]


def _type(e: _Error) -> list[Problem]:
    expected = e.error.validator_value
    names = [expected] if isinstance(expected, str) else list(expected)
    wanted = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
    hint = ""
    if "array" in names and not isinstance(e.value, list):
        hint = " Write a list with one `- item` per line, or `[a, b]`."
    elif "string" in names and isinstance(e.value, (int, float, bool)):
        hint = " Put the value in quotes to keep it as text."
    return [e.problem("wrong-type", f"expected {wanted}, found {kind_of(e.value)}.{hint}")]


def _is_required(e: _Error, validator: Draft202012Validator) -> bool:
    """Whether the case would be missing a required field without this one."""
    *parents, name = e.parts
    data = copy.deepcopy(e.doc.data)
    holder = data
    for part in parents:
        holder = holder[part]
    del holder[name]
    return any(
        error.validator == "required" and tuple(error.absolute_path) == tuple(parents) and f"'{name}'" in error.message
        for error in validator.iter_errors(data)
    )


def _empty(e: _Error, validator: Draft202012Validator) -> list[Problem]:
    """A field written with no value (`region:`), as a new case's coded fields are left."""
    schema = e.schema
    items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
    terms = schema if "enum" in schema else items if "enum" in items else None
    if terms is not None:
        vocabulary = terms.get("x-vocabulary")
        label = e.labels.get(vocabulary, vocabulary or "value").lower()
        article = "an" if label[:1] in "aeiou" else "a"
        many = " or more, as a list such as [a, b]" if terms is items else ""
        wanted = f"choose {article} {label}{many} from: {', '.join(str(v) for v in terms['enum'])}"
    else:
        expected = schema.get("type", "a value")
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = "write " + " or ".join(_TYPE_NAMES.get(n, n) for n in names)
        if names == ["integer"] and schema.get("title") == "Year":
            wanted = "write a year, such as 2019"
        if schema.get("description"):
            about = schema["description"].rstrip(".")
            wanted += f" ({about[:1].lower() + about[1:] if about[1:2].islower() else about})"
    if e.parts and isinstance(e.parts[-1], int):
        otherwise = " Or delete the empty item."
    elif e.parts and _is_required(e, validator):
        otherwise = " The field is required."
    else:
        otherwise = " Or delete the field: it is optional."
    return [e.problem("to-fill", f"the value is still to fill in: {wanted}.{otherwise}")]


def _pattern(e: _Error) -> list[Problem]:
    if str(e.error.validator_value).startswith(URL_PATTERN_START):
        return [
            e.problem(
                "url",
                f"{_show(e.value)} is not a web address as the casebook takes it. Write a full "
                "http or https URL, such as https://www.example.org/page, with no spaces; "
                "percent-encode letters outside A to Z and the characters | { }.",
            )
        ]
    if e.schema.get("format") == "date":
        return _date(e)
    described = e.schema.get("patternErrorMessage") or e.schema.get("description") or "the field's form"
    return [e.problem("pattern", f"{_show(e.value)} is not in the expected form: {described}")]


def _date(e: _Error) -> list[Problem]:
    return [e.problem("date", f"{_show(e.value)} is not a real date. Write it as YYYY-MM-DD, for example 2026-11-25.")]


def _range(e: _Error) -> list[Problem]:
    bound = "at least" if e.error.validator == "minimum" else "at most"
    return [e.problem("out-of-range", f"{e.value} is out of range: expected {bound} {e.error.validator_value}.")]


def _any_of(e: _Error) -> list[Problem]:
    if not isinstance(e.value, dict):
        return _fallback(e)
    needed = [r.get("required", ["?"])[0] for r in e.error.validator_value]
    return [e.problem("missing-field", "give at least one of the fields " + ", ".join(f"`{n}`" for n in needed) + ".")]


def _fallback(e: _Error) -> list[Problem]:
    return [e.problem("schema", e.error.message)]


# JSON Schema keyword -> its plain-words problem. A keyword not here gets the
# validator's own message under the "schema" code (the safety net).
_MESSAGES = {
    "required": _required,
    "additionalProperties": _additional,
    "enum": _enum,
    "type": _type,
    "pattern": _pattern,
    "format": lambda e: _date(e) if e.error.validator_value == "date" else _fallback(e),
    "minLength": lambda e: [
        e.problem("empty-text", "the text is empty. Write the value, or leave the field out.")
        if e.value == ""
        else e.problem(
            "too-short",
            f"the text is {len(e.value)} characters long; at least {e.error.validator_value} are needed here.",
        )
    ],
    "maxLength": lambda e: [
        e.problem(
            "too-long",
            f"the text is {len(e.value)} characters long; at most {e.error.validator_value} are allowed here.",
        )
    ],
    "minItems": lambda e: [
        e.problem(
            "empty-list", "the list is empty. Give at least one item, or leave the field out where nothing is recorded."
        )
    ],
    "uniqueItems": lambda e: [e.problem("duplicate-item", "the list names the same item twice. Keep one.")],
    "minimum": _range,
    "maximum": _range,
    "anyOf": _any_of,
}


def _translate(doc: Document, error: ValidationError, vocab_labels: Mapping[str, str]) -> list[Problem]:
    return _MESSAGES.get(error.validator, _fallback)(_Error(doc, error, vocab_labels))


# ---- Rules a schema cannot say -------------------------------------------------

# The lists whose entries link a case to a study category, each saying whose reading it is.
BASIS_LISTS = ("drivers", "enablers", "accountability", "learning")


@dataclass(frozen=True)
class Context:
    """What the rules need beyond the file: from the study files and the template."""

    study_url: str
    region_nations: Mapping[str, str]
    placeholders: Mapping[str, str]
    unique_lists: tuple[tuple[str, str], ...]  # (list field, the key unique within it)
    url_fields: tuple[str, ...] = ()  # "sources[].url": the fields holding web addresses
    one_line_fields: tuple[str, ...] = ()  # "name": the fields the schema keeps to one line
    today: dt.date = field(default_factory=dt.date.today)


def slugify(name: str) -> str:
    """An id from a name: ASCII kebab-case ("John Lyon's Charity" -> john-lyons-charity)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = ascii_name.replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def problem_at(doc: Document, parts: tuple, code: str, message: str) -> Problem:
    """A problem at the value ``parts`` names in ``doc`` (or its nearest ancestor)."""
    line, column = doc.where(parts)
    return Problem(doc.display, line, column, field_path(parts), code, message)


def check_id_matches_file(doc: Document, ctx: Context) -> list[Problem]:
    """The id equals the file name."""
    case_id = doc.data.get("id")
    if not isinstance(case_id, str) or case_id == doc.path.stem:
        return []
    line, column = doc.where(("id",))
    stem = doc.path.stem
    if slugify(stem) == stem:
        fix = f"Rename the file to '{case_id}.yaml', or set `id: {stem}`."
    else:
        # The file name is no valid id itself (capitals, spaces): suggest one that is.
        fix = (
            f"A file name is the id in lowercase words joined by hyphens: rename the file to "
            f"'{slugify(case_id) or slugify(stem)}.yaml' and set `id` to match."
        )
    return [
        Problem(
            doc.display,
            line,
            column,
            "id",
            "id-mismatch",
            f"the id '{case_id}' differs from the file name '{doc.path.name}'. {fix}",
        )
    ]


def check_unique_ids(docs: list[Document]) -> list[Problem]:
    first: dict[str, Document] = {}
    problems = []
    for doc in docs:
        case_id = doc.data.get("id")
        if not isinstance(case_id, str):
            continue
        if case_id in first:
            line, column = doc.where(("id",))
            problems.append(
                Problem(
                    doc.display,
                    line,
                    column,
                    "id",
                    "duplicate-id",
                    f"the id '{case_id}' is already used by {first[case_id].display}. Each case needs its own id.",
                )
            )
        else:
            first[case_id] = doc
    return problems


def check_source_references(doc: Document, ctx: Context) -> list[Problem]:
    """Every `sources` list inside the case names ids from the case's own `sources`.

    A source id given twice is the problem reported: the references to an id no source
    has are then most likely to the one whose id was copied, so the duplicate's message
    names them rather than each reference failing on its own line."""
    sources = doc.data.get("sources")
    if not isinstance(sources, list):
        return []
    known = list(dict.fromkeys(s.get("id") for s in sources if isinstance(s, dict) and isinstance(s.get("id"), str)))
    unknown = [
        (parts + (index,), ref)
        for parts, refs in _source_lists(doc.data, ())
        for index, ref in enumerate(refs)
        if isinstance(ref, str) and ref not in known
    ]
    first_at: dict[str, int] = {}
    duplicates = []
    for index, source in enumerate(sources):
        source_id = source.get("id") if isinstance(source, dict) else None
        if not isinstance(source_id, str):
            continue
        if source_id in first_at:
            duplicates.append((index, source_id))
        first_at.setdefault(source_id, index)
    if duplicates:
        missing = sorted({ref for _, ref in unknown})
        lost = ""
        if len(missing) == 1:
            lost = f" '{missing[0]}' is cited but no source has it: perhaps it is this source's id."
        elif missing:
            lost = f" {', '.join(repr(m) for m in missing)} are cited but no source has them: perhaps one is this id."
        return [
            problem_at(
                doc,
                ("sources", index, "id"),
                "duplicate-source",
                f"the source id '{source_id}' is used twice in `sources` (first at line "
                f"{doc.where(('sources', first_at[source_id], 'id'))[0]}). Give each source its own id.{lost}",
            )
            for index, source_id in duplicates
        ]
    fix = (
        f"Add the source there, or use one of: {', '.join(known)}."
        if known
        else "The case's `sources` list names no source yet: add each one there, with an `id`."
    )
    return [
        problem_at(
            doc,
            here,
            "unknown-source",
            f"'{ref}' is not the id of a source in this case's `sources` list.{did_you_mean(ref, known)} {fix}",
        )
        for here, ref in unknown
    ]


def _source_lists(value: Any, parts: tuple):
    """(path, list) for every list of source ids; the top-level `sources` defines them."""
    if isinstance(value, dict):
        for key, child in value.items():
            here = parts + (key,)
            refers = key == "classification_sources" or (key == "sources" and parts != ())
            if refers and isinstance(child, list):
                yield here, child
            elif parts != () or key != "sources":
                yield from _source_lists(child, here)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _source_lists(child, parts + (index,))


def check_region_in_nation(doc: Document, ctx: Context) -> list[Problem]:
    """The region lies in the nation."""
    region_nations = ctx.region_nations
    place = doc.data.get("place")
    if not isinstance(place, dict):
        return []
    region, nation = place.get("region"), place.get("nation")
    expected = region_nations.get(region) if isinstance(region, str) else None
    if expected and isinstance(nation, str) and nation != expected:
        line, column = doc.where(("place", "nation"))
        return [
            Problem(
                doc.display,
                line,
                column,
                "place.nation",
                "region-nation",
                f"the region '{region}' is in {expected}, not in {nation}. "
                f"Set `nation: {expected}`, or correct the region.",
            )
        ]
    return []


def apply_renames(doc: Document, renames: Iterable[Mapping[str, str]]) -> tuple[Document, list, list[Problem]]:
    """The document with each field under a former name moved to its new name, a warning
    for each, and a problem where a file gives both names."""
    if not isinstance(doc.data, dict):
        return doc, [], []
    notices, problems = [], []
    for rename in renames:
        old, new = rename["from"], rename["to"]
        if old not in doc.data:
            continue
        line, column = doc.where((old,), key=True)
        if new in doc.data:
            problems.append(
                Problem(
                    doc.display,
                    line,
                    column,
                    old,
                    "duplicate-key",
                    f"`{old}` is the former name of `{new}`, and the file gives both. Keep only `{new}`.",
                )
            )
            continue
        notices.append(
            Notice(
                doc.display,
                line,
                column,
                old,
                "renamed-field",
                f"`{old}` is now called `{new}`; the old name is read as the new one until release "
                f"{rename['until']}. Rename it to `{new}`.",
            )
        )
        data = {(new if k == old else k): v for k, v in doc.data.items()}
        doc = Document(
            doc.path, doc.display, data, _moved(doc.positions, old, new), _moved(doc.key_positions, old, new)
        )
    return doc, notices, problems


def _moved(table: dict, old: str, new: str) -> dict:
    """Positions keyed by field path, with the paths under ``old`` now under ``new``."""
    return {((new, *k[1:]) if k[:1] == (old,) else k): v for k, v in table.items()}


def check_area_codes(doc: Document, ctx: Context) -> list[Problem]:
    """A case's area code (GSS) names one of its areas, so that each code joins to the
    right place."""
    place, identifiers = doc.data.get("place"), doc.data.get("identifiers")
    if not isinstance(place, dict) or not isinstance(identifiers, list):
        return []
    areas = [a for a in place.get("areas") or () if isinstance(a, str)]
    problems = []
    for index, entry in enumerate(identifiers):
        if not isinstance(entry, dict) or entry.get("scheme") != "gss":
            continue
        named = entry.get("of")
        if named not in areas:
            said = f"'{named}' is not" if isinstance(named, str) else "it does not name"
            problems.append(
                problem_at(
                    doc,
                    ("identifiers", index, "of") if "of" in entry else ("identifiers", index),
                    "unknown-area",
                    f"an area code must say which of the case's areas it is, and {said} one of "
                    f"`place.areas`.{did_you_mean(str(named), areas)} Set `of:` to one of: {', '.join(areas)}.",
                )
            )
    return problems


def check_funding_none_alone(doc: Document, ctx: Context) -> list[Problem]:
    """`none` (no dedicated funding) stands alone."""
    funding = doc.data.get("funding")
    if isinstance(funding, list) and "none" in funding and len(funding) > 1:
        index = funding.index("none")
        line, column = doc.where(("funding", index))
        return [
            Problem(
                doc.display,
                line,
                column,
                f"funding[{index}]",
                "funding-none",
                "'none' means the collaboration has no dedicated funding, so it cannot be "
                "listed with other funding types. Remove 'none' or the others.",
            )
        ]
    return []


def check_cites_study(doc: Document, ctx: Context) -> list[Problem]:
    """A case the study engaged with must cite the study among its sources."""
    study_url = ctx.study_url
    if "engagement" not in doc.data or not isinstance(doc.data.get("sources"), list):
        return []
    urls = [s.get("url") for s in doc.data["sources"] if isinstance(s, dict)]
    if study_url in urls:
        return []
    line, column = doc.where(("sources",))
    return [
        Problem(
            doc.display,
            line,
            column,
            "sources",
            "study-not-cited",
            "this case records the study's engagement but does not cite the study. Add a "
            f"source with `url: {study_url}`.",
        )
    ]


def _unique_entries(doc: Document, field_name: str, key: str) -> list[Problem]:
    entries = doc.data.get(field_name)
    if not isinstance(entries, list):
        return []
    seen: set = set()
    problems = []
    for index, entry in enumerate(entries):
        term = entry.get(key) if isinstance(entry, dict) else None
        if not isinstance(term, str):
            continue
        if term in seen:
            problems.append(
                problem_at(
                    doc,
                    (field_name, index, key),
                    "duplicate-item",
                    f"'{term}' is listed twice in `{field_name}`. Merge the two entries.",
                )
            )
        seen.add(term)
    return problems


def check_unique_entries(doc: Document, ctx: Context) -> list[Problem]:
    """One entry per term in the lists the schema marks so (x-unique-key)."""
    return [p for field_name, key in ctx.unique_lists for p in _unique_entries(doc, field_name, key)]


def check_status_supported(doc: Document, ctx: Context) -> list[Problem]:
    """A status of `active` or `ended` names its source and that source's date."""
    status = doc.data.get("status")
    if not isinstance(status, dict) or status.get("value") not in ("active", "ended"):
        return []
    missing = [f for f in ("as_of", "sources") if f not in status]
    if not missing:
        return []
    return [
        problem_at(
            doc,
            ("status",),
            "status-unsupported",
            f"a status of '{status['value']}' needs {' and '.join(f'`{m}`' for m in missing)}: the source that "
            "shows it, and that source's date (YYYY or YYYY-MM). Where no source says, write `value: unknown`.",
        )
    ]


# The dates and years that say when something happened or was read: none can be later
# than today. (An identifier's `until` may be a date announced for the future.)
_PAST = (
    (("last_reviewed",), "the date you last checked the case against its sources", "the day you checked it"),
    (("coding", "*"), "the date you read the case's sources against the rule", "the day you read them"),
    (("started", "year"), "the year it started", ""),
    (("ended", "year"), "the year it ended", ""),
    (("status", "as_of"), "the date of the source that gives the status", ""),
    (("sources", "[]", "year"), "the year the source was published", ""),
)
_WHEN = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


def check_not_future(doc: Document, ctx: Context) -> list[Problem]:
    """No date or year of something done or published is after today."""
    today = ctx.today.isoformat()
    problems = []
    for steps, what, right in _PAST:
        for parts, value in _at_pattern(doc.data, [s if s != "*" else "{}" for s in steps], ()):
            when = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
            if _WHEN.fullmatch(when) and when > today[: len(when)]:
                shown = _show(value) if isinstance(value, str) else when
                problems.append(
                    problem_at(
                        doc,
                        parts,
                        "future-date",
                        f"{shown} is later than today ({today}): {what} cannot be in the future. "
                        f"Write {right or 'it as your source gives it'}, today or earlier.",
                    )
                )
    return problems


def check_basis(doc: Document, ctx: Context) -> list[Problem]:
    """A link to a study category read from the study itself (`basis: study`) cites the study."""
    sources = doc.data.get("sources") if isinstance(doc.data.get("sources"), list) else []
    study_ids = {s.get("id") for s in sources if isinstance(s, dict) and s.get("url") == ctx.study_url}
    return [
        problem_at(
            doc,
            parts + ("basis",),
            "basis-not-cited",
            "`basis: study` says the study itself makes this link, so the entry must cite the study in its "
            "`sources`. Add the study's source id, or write `basis: editors` if this is the editors' reading "
            "of the other sources.",
        )
        for parts, entry in _basis_entries(doc.data)
        if entry.get("basis") == "study"
        and isinstance(entry.get("sources"), list)
        and not study_ids & set(entry["sources"])
    ]


def _basis_entries(data: Mapping[str, Any]):
    for field_name in BASIS_LISTS:
        entries = data.get(field_name)
        if isinstance(entries, list):
            yield from (((field_name, i), e) for i, e in enumerate(entries) if isinstance(e, dict))
    if isinstance(data.get("measurement"), dict):
        yield ("measurement",), data["measurement"]


def placeholder_values(template: Mapping[str, Any], vocabulary_ids: set[str]) -> dict[str, str]:
    """The template's example text by field (``partners[].name``), to be replaced in a real case.

    Vocabulary ids (``region: london``) and source ids are real values a case may share
    with the template, and ``last_reviewed`` is a date; every other text is an example."""
    source_ids = {s.get("id") for s in template.get("sources", ()) if isinstance(s, dict)}
    return {
        _any_item(parts): value
        for parts, value in _leaf_paths(template, ())
        if isinstance(value, str)
        and value not in vocabulary_ids
        and value not in source_ids
        and parts != ("last_reviewed",)
    }


def check_placeholders(doc: Document, ctx: Context) -> list[Problem]:
    """No value is left as the template's example."""
    # Only the fields the template gives an example for are looked at.
    return [
        problem_at(
            doc,
            parts,
            "placeholder",
            f"{_show(value)} is the template's example, not this case's. Write what your sources say, or "
            "delete the field if it is optional.",
        )
        for steps, example in _steps(tuple(ctx.placeholders.items()))
        for parts, value in _at_pattern(doc.data, steps, ())
        if value == example
    ]


@lru_cache(maxsize=4)
def _steps(placeholders: tuple[tuple[str, str], ...]) -> list[tuple[list[str], str]]:
    """Each example's field as steps ("partners[].name" -> partners, [], name), split once."""
    return [(pattern.replace("[]", ".[]").split("."), example) for pattern, example in placeholders]


def _at_pattern(value: Any, steps: list[str], parts: tuple):
    """(field path, value) for each value at a pattern's steps ("partners", "[]", "name")."""
    if not steps:
        yield parts, value
    elif steps[0] == "[]":
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _at_pattern(item, steps[1:], parts + (index,))
    elif steps[0] == "{}":
        if isinstance(value, dict):
            for key, item in value.items():
                yield from _at_pattern(item, steps[1:], parts + (key,))
    elif isinstance(value, dict) and steps[0] in value:
        yield from _at_pattern(value[steps[0]], steps[1:], parts + (steps[0],))


def _any_item(parts: tuple) -> str:
    """('partners', 0, 'name') -> 'partners[].name': the field, in whichever item."""
    return re.sub(r"\[\d+\]", "[]", field_path(parts))


def _leaf_paths(value: Any, parts: tuple):
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _leaf_paths(child, parts + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _leaf_paths(child, parts + (index,))
    else:
        yield parts, value


def check_characters(doc: Document, ctx: Context) -> list[Problem]:
    """No control character or noncharacter in any text; no bidirectional control or
    line separator in one-line text (names, titles)."""
    problems = []
    one_line = set(ctx.one_line_fields)
    for parts, value in _leaf_paths(doc.data, ()):
        if not isinstance(value, str):
            continue
        if found := characters.controls(value):
            code, why = (
                "control-character",
                (
                    ", an invisible control character or noncharacter that has no place in published text "
                    "(most would break the feed, which must be XML). Delete it: "
                    "in YAML, escapes such as \\0, \\x01 or \\e write such characters."
                ),
            )
        elif _any_item(parts) in one_line and (found := characters.hidden(value)):
            code, why = (
                "hidden-character",
                (
                    ". It is invisible, and makes one-line text read otherwise than it is written, or break "
                    "across lines. Delete it."
                ),
            )
        else:
            continue
        position, char = found[0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        where = f"the text holds {characters.name(char)} at character {position}{more}"
        problems.append(problem_at(doc, parts, code, where + why))
    return problems


# The names Windows keeps for devices, with or without an extension: a file
# cases/con.yaml cannot be checked out there.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(10)}
)


def check_reserved_id(doc: Document, ctx: Context) -> list[Problem]:
    case_id = doc.data.get("id")
    if not isinstance(case_id, str) or case_id.lower() not in WINDOWS_RESERVED:
        return []
    return [
        problem_at(
            doc,
            ("id",),
            "reserved-id",
            f"'{case_id}' is a name Windows keeps for a device: no one could check out cases/{case_id}.yaml "
            f"on Windows. Make the id longer, for example with the place in it ('{slugify(case_id)}-leeds'), "
            "and rename the file to match.",
        )
    ]


def check_public_addresses(doc: Document, ctx: Context) -> list[Problem]:
    """Every web address is one the public can reach, not one inside the reader's machine or network."""
    return [
        problem_at(
            doc,
            parts,
            "private-address",
            f"{reason}. A case's web address must be one the public can reach (the weekly link check "
            "would fetch this one from inside its own machine). Write the page's public address.",
        )
        for pattern in ctx.url_fields
        for parts, value in _at_pattern(doc.data, pattern.replace("[]", ".[]").split("."), ())
        if isinstance(value, str)
        for reason in [hosts.literal_reason(value)]
        if reason
    ]


# Every rule on one case file, in the order its problems are reported.
CASE_RULES = (
    check_characters,
    check_reserved_id,
    check_public_addresses,
    check_id_matches_file,
    check_source_references,
    check_region_in_nation,
    check_area_codes,
    check_funding_none_alone,
    check_cites_study,
    check_basis,
    check_status_supported,
    check_not_future,
    check_placeholders,
    check_unique_entries,
)


def rule_problems(doc: Document, ctx: Context) -> list[Problem]:
    return [problem for rule in CASE_RULES for problem in rule(doc, ctx)]
