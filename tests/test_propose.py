"""The "Propose a case" form's checks and file, held to the casebook's own: the same
verdict and words as `python -m macros validate` on a table of good and bad cases, a
file that reads back as the case, and a compiled validator made from the schema as it is.
The form in the browser: tests/test_propose_browser.py."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, read_yaml
from macros.loader import load_casebook, validate_project
from macros.views.propose import propose_context
from variants import MINIMAL_CASE

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is needed (make test installs it)")
TEMPLATE = ROOT / "templates" / "case.yaml"


def run_js(jobs: list[dict]) -> list:
    out = subprocess.run(
        [NODE, str(ROOT / "tests" / "form_rules.js")],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def context() -> dict:
    casebook = load_casebook(ROOT)
    ctx = propose_context(casebook, "https://github.com/o/r", TEMPLATE.read_text(encoding="utf-8"))
    return ctx | {"today": dt.date.today().isoformat(), "taken": {}, "former": {}, "editing": None}


def base_case() -> dict:
    return yaml.safe_load(MINIMAL_CASE.format(id="a-new-case", name="A New Case", model="unclassified"))


def study_url() -> str:
    return read_yaml(ROOT / "study" / "study.yaml")["url"]


def changed(**edits):
    def make() -> dict:
        case = base_case()
        for dotted, value in edits.items():
            node, *path = [case, *dotted.split("__")]
            holder = node
            for step in path[:-1]:
                holder = holder[int(step)] if step.isdigit() else holder[step]
            last = path[-1]
            if value is DELETE:
                del holder[last]
            else:
                holder[int(last) if last.isdigit() else last] = value
        return case

    return make


DELETE = object()
DRIVER = {"driver": "evidence-led", "basis": "editors", "note": "N.", "sources": ["s"]}
GSS = {"scheme": "gss", "value": "E09000001", "of": "Somewhere", "sources": ["s"]}
FUTURE = str(dt.date.today().year + 1)

# (what the entry is, the case): each read by both checks.
ENTRIES = [
    ("valid", changed()),
    (
        "valid with every kind of field",
        changed(
            also_known_as=["Another Name"],
            organisation_type="charity",
            website="https://www.example.org/a?b=c#d",
            funding=["grant", "donations"],
            status={"value": "active", "as_of": "2024-03", "sources": ["s"]},
            started={"year": 2016, "sources": ["s"]},
            caveats=["Sources differ."],
            partners=[{"name": "A Council", "type": "local-government", "sources": ["s"]}],
            facts=[{"topic": "history", "text": "It began.", "sources": ["s"]}],
            drivers=[{"driver": "evidence-led", "basis": "editors", "applies": False, "note": "N.", "sources": ["s"]}],
            coding={"drivers": "2026-01-02"},
        ),
    ),
    ("name missing", changed(name=DELETE)),
    ("name with a bracket", changed(name="A <b> name")),
    ("a bad web address", changed(sources__0__url="not a web address")),
    ("a web address with a space", changed(sources__0__url="https://example.org/a page")),
    ("a private web address", changed(sources__0__url="http://localhost/page")),
    ("an unknown region", changed(place__region="atlantis")),
    ("a near-miss region", changed(place__region="londn")),
    ("a region in another nation", changed(place__region="wales")),
    ("an unknown source cited", changed(place__sources=["s", "missing-source"])),
    ("a source id given twice", changed(sources=[base_case()["sources"][0]] * 2)),
    ("no sources", changed(sources=[])),
    ("sources missing", changed(sources=DELETE)),
    ("a fact without sources", changed(facts=[{"topic": "history", "text": "It began."}])),
    ("none with other funding", changed(funding=["none", "grant"])),
    ("an unknown funding type", changed(funding=["grants"])),
    ("engagement without the study", changed(engagement="learning-call")),
    ("active without a date", changed(status={"value": "active", "sources": ["s"]})),
    ("reviewed in the future", changed(last_reviewed=FUTURE + "-01-01")),
    ("not a real date", changed(last_reviewed="2026-02-30")),
    ("a year as text", changed(started={"year": "twenty", "sources": ["s"]})),
    ("a year in the future", changed(started={"year": int(FUTURE), "sources": ["s"]})),
    ("a summary too long", changed(summary="x" * 601)),
    ("an empty summary", changed(summary="")),
    ("a name of one letter", changed(name="A")),
    ("a partner with neither name nor type", changed(partners=[{"role": "It helps.", "sources": ["s"]}])),
    ("a driver twice", changed(drivers=[DRIVER, DRIVER])),
    ("the study's reading without the study", changed(drivers=[DRIVER | {"basis": "study"}])),
    ("a GSS code of the wrong form", changed(identifiers=[GSS | {"value": "X123"}])),
    ("a GSS code of no area", changed(identifiers=[GSS | {"of": "Elsewhere"}])),
    ("another name twice", changed(also_known_as=["Twice", "Twice"])),
    ("a field the schema lacks", changed(colour="blue")),
    ("an id of capitals", changed(id="A-New-Case")),
]
# The problems both checks word the same. (The others: the form words a private
# address by the schema, `validate` by its own rule; `validate`'s file checks, such as
# the id against the file name, have no form to apply to.)
SHARED = {
    "missing-field",
    "unknown-field",
    "unknown-term",
    "wrong-type",
    "url",
    "date",
    "pattern",
    "empty-text",
    "too-long",
    "empty-list",
    "duplicate-item",
    "out-of-range",
    "unknown-source",
    "region-nation",
    "funding-none",
    "study-not-cited",
    "basis-not-cited",
    "status-unsupported",
    "future-date",
    "unknown-area",
}


class _Plain(yaml.SafeDumper):
    """Each value written out, as a contributor writes a file: no anchors or aliases."""

    def ignore_aliases(self, data):
        return True


def python_problems(case: dict, tmp_path: Path) -> list[tuple[str, str, str]]:
    folder = tmp_path / "entry"
    folder.mkdir(exist_ok=True)
    target = folder / f"{case['id'] if isinstance(case.get('id'), str) and case['id'].islower() else 'a-new-case'}.yaml"
    target.write_text(yaml.dump(case, Dumper=_Plain, sort_keys=False, allow_unicode=True), encoding="utf-8")
    try:
        _, problems = validate_project(ROOT, [target], display_root=folder)
    finally:
        target.unlink()
    return [(p.field, p.code, p.message) for p in problems if p.code != "id-mismatch"]


def test_the_form_and_validate_give_the_same_verdict_in_the_same_words(context, tmp_path):
    cases = [make() for _, make in ENTRIES]
    js = run_js([{"data": case, "ctx": context} for case in cases])
    for (what, _), case, form in zip(ENTRIES, cases, js, strict=True):
        python = python_problems(case, tmp_path)
        assert bool(form) == bool(python), f"{what}: the form says {form}, validate says {python}"
        assert {(p["field"], p["message"]) for p in form if p["code"] in SHARED} == {
            (field, message) for field, code, message in python if code in SHARED
        }, what
    # The table holds good and bad entries, and most bad ones in shared words.
    assert not js[0] and not js[1]
    assert sum(1 for problems in js if any(p["code"] in SHARED for p in problems)) >= len(ENTRIES) - 5


def test_an_id_in_use_or_once_used_is_not_free(context, tmp_path):
    raw = read_yaml(ROOT / "cases" / sorted(p.name for p in (ROOT / "cases").glob("*.yaml"))[0])
    taken = {raw["id"]: f"cases/{raw['id']}.yaml"}
    again = copy.deepcopy(raw)
    form = run_js(
        [
            {"data": again, "ctx": context | {"taken": taken}},
            {"data": again, "ctx": context | {"taken": taken, "editing": raw["id"]}},
        ]
    )
    # validate's words for two files with one id, the first being the case's own.
    folder = tmp_path / "dup"
    folder.mkdir()
    (folder / f"{raw['id']}.yaml").write_text(yaml.safe_dump(again, sort_keys=False), encoding="utf-8")
    _, problems = validate_project(ROOT, [ROOT / "cases" / f"{raw['id']}.yaml", folder / f"{raw['id']}.yaml"], ROOT)
    duplicate = [p.message for p in problems if p.code == "duplicate-id"]
    assert [p["message"] for p in form[0] if p["code"] == "duplicate-id"] == duplicate
    assert duplicate and not form[1], "a change to a case keeps its own id"


def _published(case: dict):
    """A case as its JSON file has it (dates as text), and as the form gives it back."""
    return json.loads(json.dumps(case, default=str))


HOSTILE = [
    "yes",
    "No",
    "null",
    "~",
    "true",
    "2019",
    "0x1A",
    "1e3",
    "2026-11-25",
    "- a",
    ": a",
    "a: b",
    "a #b",
    "#a",
    "'quoted'",
    '"double"',
    "back\\slash",
    "line\nbreak",
    " leading",
    "trailing ",
    "[list]",
    "{map}",
    "a, b",
    "&anchor",
    "*alias",
    "!tag",
    "|",
    ">",
    "%",
    "@",
    "`",
    "?",
    "\u2028",
    "caf\u00e9 \U0001f600",
    "a\tb",
    "",
]


def test_the_file_reads_back_as_every_case_and_hostile_text(context, raw_cases):
    cases = [_published(c) for c in raw_cases.values()]
    for index, text in enumerate(HOSTILE):
        case = _published(base_case())
        case["summary"] = text
        case["also_known_as"] = [text, f"{text}{index}"]
        case["place"]["areas"] = [text or "x", "y"]
        cases.append(case)
    written = run_js([{"data": c, "comments": context["comments"], "yaml": True} for c in cases])
    for case, text in zip(cases, written, strict=True):
        assert yaml.safe_load(text) == _published(yaml.load(text, Loader=yaml.SafeLoader)) == case, text


def test_the_file_opens_like_the_template_and_keeps_its_comments(context, raw_cases):
    template_lines = set(TEMPLATE.read_text(encoding="utf-8").splitlines())
    case = _published(next(iter(raw_cases.values())))
    text = run_js([{"data": case, "comments": context["comments"], "yaml": True}])[0]
    assert text.splitlines()[0] == TEMPLATE.read_text(encoding="utf-8").splitlines()[0]
    comments = [line for line in text.splitlines()[5:] if line.startswith("#")]
    assert comments and all(line in template_lines for line in comments)
    # Each comment sits right above the field it explains, as in the template.
    lines = text.splitlines()
    for key in ("id", "name", "place", "sources", "last_reviewed"):
        at = lines.index(next(line for line in lines if line.startswith(f"{key}:")))
        assert lines[at - 1].startswith("# (required)"), key


def test_the_compiled_validator_is_the_schemas(tmp_path):
    fresh = tmp_path / "case-schema.js"
    subprocess.run([NODE, str(ROOT / "tools" / "compile-validator.mjs"), str(fresh)], check=True, cwd=ROOT)
    committed = ROOT / "docs" / "javascripts" / "case-schema.js"
    assert fresh.read_bytes() == committed.read_bytes(), (
        "docs/javascripts/case-schema.js was compiled from another schema/case.schema.json: "
        "run `make validator` and commit the file."
    )
