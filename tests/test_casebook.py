"""The real data: every case valid, faithful to the study, and in step with its schema."""

import datetime as dt
import json
import re
import shutil

import pytest
import yaml
from jsonschema import Draft202012Validator, Draft7Validator

from conftest import MINIMAL_CASE, ROOT, run_cli
from macros.loader import (
    STUDY_FILES,
    Project,
    case_schema_for,
    load_casebook,
    validate_project,
    vocabularies_from,
    load_study,
)
from macros.cli import render_template, slugify

CASE_FILES = sorted((ROOT / "cases").glob("*.yaml"))


@pytest.fixture(scope="module")
def casebook():
    return load_casebook(ROOT)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_file_is_valid(path):
    casebook, problems = validate_project(ROOT, [path])
    assert problems == [], "\n".join(p.format_text() for p in problems)
    assert casebook.cases[0].id == path.stem


def test_template_starts_with_the_editor_schema_line():
    # Only the template is held to it: a contributor's case written without the line is still valid,
    # and a test on every case file would turn CI red on it.
    first = (ROOT / "templates" / "case.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/case.schema.json"


def test_casebook_holds_every_file_on_disk(casebook):
    assert [c.id for c in casebook.cases] == [p.stem for p in CASE_FILES]


def test_schemas_are_valid_and_keep_to_draft_7_compatible_keywords():
    schemas = [ROOT / "schema" / "case.schema.json", *sorted((ROOT / "schema" / "study").glob("*.json"))]
    assert len(schemas) == 1 + len(set(STUDY_FILES.values()))
    # Keywords the editor's draft-07 reading would not understand the same way.
    newer = {
        "prefixItems",
        "unevaluatedProperties",
        "unevaluatedItems",
        "dependentRequired",
        "dependentSchemas",
        "$dynamicRef",
        "$anchor",
        "contentSchema",
    }
    for path in schemas:
        schema = json.loads(path.read_text())
        Draft202012Validator.check_schema(schema)
        Draft7Validator.check_schema(schema)
        assert schema["$id"].endswith(path.relative_to(ROOT).as_posix())
        used = set(re.findall(r'"([$A-Za-z]+)":', path.read_text()))
        assert not used & newer, f"{path.name} uses {used & newer}"


def test_every_case_property_has_a_title_and_description():
    schema = json.loads((ROOT / "schema" / "case.schema.json").read_text())

    def walk(properties, where):
        for name, spec in properties.items():
            assert spec.get("description"), f"{where}{name} has no description"
            nested = spec.get("properties") or spec.get("items", {}).get("properties")
            if nested:
                walk(nested, f"{where}{name}.")

    for name, spec in schema["properties"].items():
        assert spec.get("title"), f"{name} has no title"
    walk(schema["properties"], "")


def test_committed_schema_enums_match_the_vocabularies():
    project = Project(ROOT)
    docs, problems = load_study(project, ROOT)
    assert problems == []
    fresh = case_schema_for(project, vocabularies_from(docs))
    assert fresh == project.case_schema(), "run `python -m macros schema` to refresh the enums"


def test_schema_check_command_catches_drift(capsys, project_copy):
    path = project_copy / "study" / "funding_types.yaml"
    path.write_text(
        path.read_text() + "  - id: crowdfunding\n    label: Crowdfunding\n    description: Many small gifts.\n"
    )
    code, out, _ = run_cli(capsys, "--root", project_copy, "schema", "--check")
    assert code == 1 and "out of date" in out
    code, out, _ = run_cli(capsys, "--root", project_copy, "schema")
    assert code == 0
    assert "crowdfunding" in (project_copy / "schema" / "case.schema.json").read_text()


def test_template_as_a_case_names_every_example_and_every_value_to_choose(tmp_path, casebook):
    """Copied as it is, the template fails field by field: each example text is reported
    as the template's, and each coded value it leaves empty (`region:`) as still to fill
    in, so that neither can pass for the contributor's own."""
    path = tmp_path / "example-organisation.yaml"
    shutil.copy(ROOT / "templates" / "case.yaml", path)
    _, problems = validate_project(ROOT, [path])
    assert {p.code for p in problems} == {"placeholder", "to-fill"}
    template = yaml.safe_load(path.read_text())
    source_ids = {s["id"] for s in template["sources"]}
    vocabulary_ids = {i for v in casebook.vocabularies.values() for i in v.ids}
    examples = {
        p
        for p, v in _leaves(template)
        if isinstance(v, str) and v not in vocabulary_ids and v not in source_ids and p != "last_reviewed"
    }
    by_code = lambda code: {re.sub(r"\[\d+\]", "[]", p.field) for p in problems if p.code == code}
    assert by_code("placeholder") == examples
    assert by_code("to-fill") == {p for p, v in _leaves(template) if v is None}
    # The template gives no coded value of its own to pass as the contributor's.
    assert not {v for _, v in _leaves(template)} & vocabulary_ids


def test_a_scaffold_filled_in_only_where_its_text_is_an_example_names_each_value_to_choose(capsys, project_copy):
    code, _, _ = run_cli(capsys, "--root", project_copy, "new", "Leeds Test Group")
    assert code == 0
    path = project_copy / "cases" / "leeds-test-group.yaml"
    template = yaml.safe_load((ROOT / "templates" / "case.yaml").read_text())
    text = path.read_text()
    for number, (field, value) in enumerate(_leaves(template)):
        if isinstance(value, str) and " " in value or value in ("Example Borough", "Example Town"):
            text = text.replace(value, f"Written by the contributor {number}")
        elif field.endswith(("website", "url")):
            text = text.replace(value, f"https://www.leeds.gov.uk/page-{number}")
    path.write_text(text)
    _, problems = validate_project(project_copy, [path])
    assert {p.code for p in problems} == {"to-fill"}, [p.format_text() for p in problems]
    named = {p.field for p in problems}
    # The coded values the template leaves to choose, read from its raw YAML.
    assert named == {p.replace("[]", "[0]") for p, v in _leaves(template) if v is None}
    assert {"place.region", "place.nation", "model", "funding", "sources[0].year"} <= named
    region = next(p for p in problems if p.field == "place.region")
    assert "choose a region from: " in region.message and "london" in region.message
    # Each says whether the field may be deleted, as the schema's `required` lists have it.
    schema = json.loads((ROOT / "schema" / "case.schema.json").read_text())
    for problem in problems:
        *parents, name = re.sub(r"\[\d+\]", ".[]", problem.field).split(".")
        holder = schema
        for part in parents:
            holder = holder["items"] if part == "[]" else holder["properties"][part]
        required = name in holder.get("required", [])
        assert problem.message.endswith(" The field is required." if required else " it is optional."), problem


def test_a_date_or_year_after_today_is_refused_with_both_dates(tmp_path):
    from macros.loader import validate_project as check

    path = tmp_path / "future-case.yaml"
    path.write_text(
        MINIMAL_CASE.format(id="future-case", name="Future", model="unclassified").replace(
            'last_reviewed: "2026-01-01"', 'last_reviewed: "2099-01-01"\nstarted: {year: 2099, sources: [s]}'
        )
    )
    _, problems = check(ROOT, [path])
    today = dt.date.today().isoformat()
    assert {(p.field, p.code) for p in problems} == {("last_reviewed", "future-date"), ("started.year", "future-date")}
    assert all(f"today ({today})" in p.message for p in problems)
    assert "'2099-01-01' is later than today" in next(p.message for p in problems if p.field == "last_reviewed")


def _leaves(value, path=""):
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _leaves(child, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for child in value:
            yield from _leaves(child, f"{path}[]")
    else:
        yield path, value


def test_no_real_case_holds_a_template_example():
    template = yaml.safe_load((ROOT / "templates" / "case.yaml").read_text())
    examples = {v for _, v in _leaves(template) if isinstance(v, str) and " " in v}
    for path in CASE_FILES:
        assert not examples & {v for _, v in _leaves(yaml.safe_load(path.read_text()))}, path.name


def test_template_lists_exactly_the_allowed_terms(casebook):
    text = (ROOT / "templates" / "case.yaml").read_text()
    listed = dict(re.findall(r"Allowed \((\w+)\): ([^\n#]+)", text))
    schema = json.loads((ROOT / "schema" / "case.schema.json").read_text())
    used = set(re.findall(r'"x-vocabulary": "(\w+)"', json.dumps(schema)))
    assert set(listed) == used
    for name, terms in listed.items():
        assert [t.strip() for t in terms.split(",")] == list(casebook.vocab(name).ids), name


def test_new_writes_a_case_that_fails_until_it_is_filled_in(capsys, project_copy):
    code, out, _ = run_cli(capsys, "--root", project_copy, "new", "Café Society: Leeds Partnership")
    assert code == 0, out
    path = project_copy / "cases" / "cafe-society-leeds-partnership.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../schema/case.schema.json\n")
    assert 'name: "Café Society: Leeds Partnership"' in text
    assert f'last_reviewed: "{dt.date.today().isoformat()}"' in text
    _, problems = validate_project(project_copy, [path])
    assert problems and {p.code for p in problems} == {"placeholder", "to-fill"}
    assert "id" not in {p.field for p in problems} and "name" not in {p.field for p in problems}
    code, _, err = run_cli(capsys, "--root", project_copy, "new", "Café Society: Leeds Partnership")
    assert code == 2 and "exists already" in err


def test_slugify_gives_ascii_kebab_case():
    assert slugify("John Lyon's Charity") == "john-lyons-charity"
    assert slugify("Ystradgynlais Café & Öland — Trust") == "ystradgynlais-cafe-oland-trust"
    template = ROOT / "templates" / "case.yaml"
    assert render_template(template, "x-y", "X Y", dt.date(2030, 1, 2)).count('"2030-01-02"') == 1


# ---- Faithful to the study (content brief, sections 3, 5 and 8) -------------------

# The research-subjects table, transcribed from the content brief.
RESEARCH_SUBJECTS = [
    ("oldham-council", "Oldham Council", "learning-call", "Place based collaboration", ["none"]),
    ("wigan-council", "Wigan Council", "learning-call", "Place based collaboration", ["none"]),
    (
        "plymouth-city-council",
        "Plymouth Council",
        "learning-call",
        "Complex needs services alliance",
        ["alliance-contract"],
    ),
    (
        "kibble-education-and-care-centre",
        "Kibble Education and Care Centre",
        "learning-call",
        "Integrated childcare service provider",
        ["service-contract"],
    ),
    (
        "john-lyons-charity",
        "John Lyon's Charity",
        "learning-call",
        "Alliance of youth services providers",
        ["grant", "service-contract"],
    ),
    ("golden-key", "Golden Key", "learning-call", "Complex needs delivery grant funded programme", ["grant"]),
    (
        "somerset-richmond-group",
        "Somerset Richmond Group",
        "learning-call",
        "Partnership between voluntary sector, local government and the local NHS",
        ["grant", "service-contract"],
    ),
    ("wirral-council", "Wirral Council", "deep-dive", "Place based collaboration", ["none"]),
    (
        "west-london-zone",
        "West London Zone",
        "deep-dive",
        "Service contract supporting disadvantaged children",
        ["grant", "service-contract", "social-investment", "donations"],
    ),
    (
        "ignite-coventry",
        "Ignite Coventry",
        "deep-dive",
        "Prove effectiveness of interventions to manage demand",
        ["grant"],
    ),
]
MODELS = {
    "collaborative-councils": {"wigan-council", "oldham-council", "wirral-council"},
    "system-connectors": {"somerset-richmond-group", "west-london-zone"},
    "agents-of-change": {"ignite-coventry", "golden-key"},
    "collaborative-markets": {"plymouth-city-council", "john-lyons-charity"},
    "unclassified": {"kibble-education-and-care-centre"},
}
APPROACHES = {"west-london-zone": "data-driven", "golden-key": "proxy-measures", "ignite-coventry": "experimental"}


def now(casebook, brief_id: str) -> str | None:
    """A study case's id in the casebook today: the brief's id, or where moved.yaml says it
    moved (CONTRIBUTING's rename), or None where moved.yaml records its removal."""
    entries = casebook.former_entries
    seen = set()
    while brief_id in entries and brief_id not in seen:
        seen.add(brief_id)
        if "moved_to" not in entries[brief_id]:
            return None
        brief_id = entries[brief_id]["moved_to"]
    return brief_id


@pytest.mark.parametrize(
    "case_id, study_name, engagement, scope, funding", RESEARCH_SUBJECTS, ids=lambda v: v if isinstance(v, str) else ""
)
def test_research_subjects_table(casebook, case_id, study_name, engagement, scope, funding):
    if now(casebook, case_id) is None:
        return  # removed, and moved.yaml says so (test_the_study_cases_are_each_a_case_or_a_recorded_removal)
    case = casebook.case(now(casebook, case_id))
    assert (
        study_name == case.name
        or study_name in case.get("also_known_as", ())
        or study_name.replace("'", "") in case.get("also_known_as", ())
    )
    assert case["engagement"] == engagement
    assert case["scope"] == scope
    assert list(case["funding"]) == funding
    study_url = casebook.study["url"]
    cited = {s["id"] for s in case["sources"] if s["url"] == study_url}
    assert set(case["classification_sources"]) & cited, "the classification must cite the study"


def test_the_study_cases_are_each_a_case_or_a_recorded_removal(casebook):
    """The brief's ten cases are the casebook's study cases, each under its id today
    (followed through moved.yaml), or removed with moved.yaml saying why."""
    assert len(RESEARCH_SUBJECTS) == 10
    today = {now(casebook, row[0]) for row in RESEARCH_SUBJECTS}
    assert {c.id for c in study_cases(casebook)} == today - {None}


def study_cases(casebook):
    """The study's own cases, selected from the data: they record the study's engagement."""
    return [c for c in casebook.cases if c.get("engagement")]


def test_models_of_cases(casebook):
    for model, ids in MODELS.items():
        expected = {now(casebook, i) for i in ids} - {None}
        assert {c.id for c in study_cases(casebook) if c.model == model} == expected, model
    assert [t.label for t in casebook.vocab("models")] == [
        "Collaborative councils",
        "System connectors",
        "Agents of change",
        "Collaborative markets",
    ]


def test_measurement_approaches(casebook):
    assert [t.label for t in casebook.vocab("measurement_approaches")] == [
        "Data driven",
        "Proxy measures",
        "Experimental approach",
    ]
    recorded = {c.id: c["measurement"]["approach"] for c in study_cases(casebook) if c.get("measurement")}
    assert recorded == {now(casebook, i): a for i, a in APPROACHES.items() if now(casebook, i)}


def test_study_vocabulary_sizes(casebook):
    assert len(casebook.vocab("drivers")) == 14
    assert len(casebook.vocab("enablers")) == 4
    assert len(casebook.vocab("learning_questions")) == 4
    assert len(casebook.study["aims"]) == 5


def test_uncertain_readings_keep_their_caveat(casebook):
    assert casebook.vocab("drivers")["value-of-civil-society"].caveat
    assert casebook.vocab("enablers")["collaborative-culture"].caveat
    assert casebook.vocab("learning_questions")["improve-what-we-do"].caveat
    assert casebook.measurement["outcomes_framework"]["caveat"]
    wlz = casebook.case(casebook.measurement["outcomes_framework"]["case"])["measurement"]["highlights"]
    assert any("qualitative" in h["text"] and h.get("caveat") for h in wlz)


def test_new_then_validate_names_every_unfilled_field(project_copy):
    """The contributor's first two commands: the new file fails until filled in."""
    import subprocess
    import sys

    run = lambda *a: subprocess.run(
        [sys.executable, "-m", "macros", *a], cwd=project_copy, capture_output=True, text=True, timeout=120
    )
    assert run("new", "X Trust").returncode == 0
    result = run("validate")
    assert result.returncode == 1
    rows = result.stdout.splitlines()
    assert rows and all(r.startswith("cases/x-trust.yaml:") for r in rows)
    assert all(r.endswith(("[placeholder]", "[to-fill]")) for r in rows)
    named = {r.split(": ")[1] for r in rows}
    assert {"summary", "scope", "place.areas[0]", "sources[0].url", "partners[0].name", "place.region"} <= named
    assert "Traceback" not in result.stderr


def test_a_region_in_no_nation_of_the_vocabulary_is_refused(project_copy, capsys):
    """The regions' nations, which the validator's region-in-nation rule relies on, are
    held to the nations vocabulary: a misspelt one names its file, line and field."""
    regions = project_copy / "study" / "regions.yaml"
    text = regions.read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.strip() == "nation: england")
    regions.write_text(text.replace("nation: england", "nation: englnd", 1), encoding="utf-8")
    code, out, _ = run_cli(capsys, "--root", str(project_copy), "validate")
    assert code == 1
    assert re.search(rf"regions\.yaml:{line}:\d+: terms\[0\]\.nation: 'englnd' is not a term of nations\.yaml", out), (
        out
    )
