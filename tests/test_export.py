"""Open data: nothing lost between the YAML files, the exports and the pages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import ROOT, module_scope_but_per_test_under_mutmut, read_yaml
from macros.loader import load_casebook
from macros.dataset import COLUMNS, FORMULA_START, cell
from macros.schema import fields

SITE_URL = "https://collaboration-casebook.github.io/casebook/"
CASE_FILES = sorted((ROOT / "cases").glob("*.yaml"))


def raw(path: Path) -> dict:
    return read_yaml(path)


def _every_caveat(value, where=""):
    """Every `caveat` below the case's own `caveats`, with where it is: "facts[2]"."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "caveat":
                yield where, child
            elif key != "caveats":
                yield from _every_caveat(child, f"{where}.{key}" if where else key)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _every_caveat(child, f"{where}[{index}]")


def _at(value, path: str):
    """A column's values, found in the raw data here rather than by the exporter's walker."""
    head, _, rest = path.partition(".")
    if head.endswith("[]"):
        items = value.get(head[:-2], [])
        return [
            v
            for item in items
            for v in ([_at(item, rest)] if not isinstance(_at(item, rest), list) else _at(item, rest))
            if v is not None
        ]
    value = value.get(head) if isinstance(value, dict) else None
    return value if not rest or value is None else _at(value, rest)


@pytest.fixture(scope=module_scope_but_per_test_under_mutmut)
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export")
    assert run_cli_plain("export", out) == 0
    return out


def run_cli_plain(*argv) -> int:
    from macros.cli import main

    return main([str(a) for a in argv])


def test_json_exports_hold_exactly_the_yaml(exported):
    bundle = json.loads((exported / "data" / "cases.json").read_text())
    assert [c["id"] for c in bundle["cases"]] == [p.stem for p in CASE_FILES]
    for path, case in zip(CASE_FILES, bundle["cases"], strict=True):
        assert case == raw(path)
        assert json.loads((exported / "api" / "cases" / f"{path.stem}.json").read_text()) == raw(path)


def vocabulary_labels(name: str, root: Path = ROOT) -> dict[str, str]:
    """A vocabulary's labels by id, read from its study file (models add `unclassified`)."""
    data = read_yaml(root / "study" / f"{name}.yaml")
    terms = [*data["terms"], *([data["unclassified"]] if "unclassified" in data else [])]
    return {t["id"]: t["label"] for t in terms}


def unguard(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def _expected(column, data: dict, earlier: dict):
    """A column's value for a case, worked out here from the raw YAML and study files;
    ``earlier`` holds the values of the columns before it (a label spells out its code)."""
    derived = column.derived
    if derived == "label":
        coded = next(c for c in COLUMNS if c.name == column.name.removesuffix("_label"))  # the published naming
        labels, ids = vocabulary_labels(coded.vocab), earlier[coded.name]
        return [labels[i] for i in ids] if coded.joiner else (labels[ids] if ids is not None else None)
    if derived == "identifiers":
        return [f"{i['scheme']}:{i['value']}" for i in data.get("identifiers", []) if "until" not in i]
    if derived == "page":
        return f"{SITE_URL}cases/{data['id']}/"
    if derived == "applies":
        return [d["driver"] for d in data.get("drivers", []) if d.get("applies", True)]
    if derived == "untyped":
        return sum(1 for p in data.get("partners", []) if "type" not in p)
    if derived == "unique":
        return list(dict.fromkeys(p["type"] for p in data.get("partners", []) if "type" in p))
    if derived == "caveats":
        return [f"{where}: {' '.join(text.split())}" for where, text in _every_caveat(data)]
    if derived.startswith("basis:"):
        basis = derived.split(":")[1]
        keys = {"drivers": "driver", "enablers": "enabler", "accountability": "point", "learning": "question"}
        expected = [f"{f}:{e[k]}" for f, k in keys.items() for e in data.get(f, []) if e["basis"] == basis]
        m = data.get("measurement") or {}
        return expected + ([f"measurement:{m['approach']}"] if m.get("basis") == basis and m.get("approach") else [])
    return _at(data, column.path)


def test_csv_round_trips_every_documented_column(exported):
    content = (exported / "data" / "cases.csv").read_bytes()
    assert content.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte-order mark"
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == [c.name for c in COLUMNS]
    assert len(rows) == len(CASE_FILES)
    for path, row in zip(CASE_FILES, rows, strict=True):
        data, earlier = raw(path), {}
        for column in COLUMNS:
            text = unguard(row[column.name])
            expected = earlier[column.name] = _expected(column, data, earlier)
            if column.joiner:
                assert (text.split(column.joiner) if text else []) == (expected or []), (path.stem, column.name)
            else:
                # A boolean is written as JSON writes it ("true"), as links.csv does.
                shown = json.dumps(expected) if isinstance(expected, bool) else str(expected)
                assert text == ("" if expected is None else shown), (path.stem, column.name)


def test_csv_guards_formulas_and_lists_cannot_hold_the_joiner():
    column = next(c for c in COLUMNS if c.name == "summary")
    assert cell('=HYPERLINK("x")', column) == '\'=HYPERLINK("x")'
    assert cell("-1 dollar", column) == "'-1 dollar"
    schema = json.loads((ROOT / "schema" / "case.schema.json").read_text())
    for path in ("also_known_as", "place.areas"):
        spec = _at(schema["properties"], path.replace(".", ".properties."))
        assert ";" in spec["items"]["pattern"], f"{path} items must not contain the joiner"


def test_datapackage_validates_with_frictionless(exported):
    import frictionless

    report = frictionless.validate(str(exported / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldNumber", "type", "note"])


def test_csv_field_descriptions_come_from_the_json_schema(exported):
    schema = json.loads((ROOT / "schema" / "case.schema.json").read_text())
    described = {path: spec["description"] for path, spec, _ in fields(schema)}
    package = json.loads((exported / "data" / "datapackage.json").read_text())
    table = {f["name"]: f["description"] for f in package["resources"][0]["schema"]["fields"]}
    assert list(table) == [c.name for c in COLUMNS]
    for column in COLUMNS:
        if column.path:
            assert column.path in described, column.name
            # As plain text: the schema's Markdown backticks left out.
            assert table[column.name].startswith(described[column.path].replace("`", "")), column.name
        if column.joiner:
            assert json.dumps(column.joiner) in table[column.name]


def test_every_exported_case_validates_against_the_published_schema(exported):
    schema = json.loads((exported / "schema" / "case.schema.json").read_text())
    assert schema["$id"] == SITE_URL + "schema/case.schema.json"
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for path in (exported / "api" / "cases" / f"{p.stem}.json" for p in CASE_FILES):
        errors = list(validator.iter_errors(json.loads(path.read_text())))
        assert errors == [], path.name
    for path in sorted((exported / "schema" / "study").glob("*.json")):
        assert json.loads(path.read_text())["$id"] == SITE_URL + "schema/study/" + path.name


def test_exports_are_byte_identical_across_builds(exported, tmp_path):
    assert run_cli_plain("export", tmp_path) == 0
    first = {p.relative_to(exported): p.read_bytes() for p in exported.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert first == second


def test_api_index_lists_every_case_and_vocabulary(exported):
    index = json.loads((exported / "api" / "index.json").read_text())
    assert [c["id"] for c in index["cases"]] == [p.stem for p in CASE_FILES]
    for entry in index["cases"]:
        relative = entry["url"].removeprefix(SITE_URL)
        assert (exported / relative).exists()
    assert sorted(index["vocabularies"]) == sorted(
        p.stem for p in (ROOT / "study").glob("*.yaml") if p.stem not in ("study", "measurement")
    )
    for name, url in index["vocabularies"].items():
        # The study file as PyYAML reads it, nothing added: models.json keeps
        # "unclassified" under its own key, not among the terms its schema describes.
        data = json.loads((exported / url.removeprefix(SITE_URL)).read_text())
        assert data == read_yaml(ROOT / "study" / f"{name}.yaml"), name


def test_the_api_index_says_where_everything_is_and_whose_it_is(exported):
    """api/index.json, against the case, study and schema files and CITATION.cff: each
    case's files, every address a file the export holds, the same licence, rights,
    credit and schema at the head of every file of cases."""
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    study = read_yaml(ROOT / "study" / "study.yaml")
    schema = json.loads((ROOT / "schema" / "case.schema.json").read_text(encoding="utf-8"))
    index = json.loads((exported / "api" / "index.json").read_text())
    assert index["licence"] == citation["license"]
    assert "CC BY 4.0" in index["rights"] and "not covered" in index["rights"]
    credit = index["credit"]
    assert (credit["title"], credit["url"], credit["authors"]) == (study["title"], study["url"], study["authors"])
    assert index["schema_version"] == schema["x-version"]
    assert index["cases"] == [
        {
            "id": data["id"],
            "name": data["name"],
            "url": f"{SITE_URL}api/cases/{data['id']}.json",
            "page": f"{SITE_URL}cases/{data['id']}/",
        }
        for data in (raw(p) for p in CASE_FILES)
    ]
    former = read_yaml(ROOT / "moved.yaml") or {}
    assert (index["moved"], index["removed"]) == (former.get("moved") or [], former.get("removed") or [])
    assert index["downloads"] == {
        "json": f"{SITE_URL}data/cases.json",
        "csv": f"{SITE_URL}data/cases.csv",
        "datapackage": f"{SITE_URL}data/datapackage.json",
    }
    assert json.loads((exported / index["study"].removeprefix(SITE_URL)).read_text()) == study
    measurement = json.loads((exported / index["measurement"].removeprefix(SITE_URL)).read_text())
    assert measurement == read_yaml(ROOT / "study" / "measurement.yaml")
    head = {key: index[key] for key in ("licence", "rights", "credit", "schema")}
    bundle = json.loads((exported / "data" / "cases.json").read_text())
    assert {key: bundle[key] for key in head} == head
    assert json.loads((exported / "api" / "finder" / "facets.json").read_text())["download"] == head
    assert (exported / "feed.xml").read_bytes().startswith(b"<?xml")


def test_a_former_ids_files_say_where_the_case_went(project_copy, tmp_path):
    """A case renamed and another removed as CONTRIBUTING says (tests/variants.py): the
    old id's API file is its moved.yaml entry with the new file's address, its RIS
    address still gives the case's record, and a removed id's file is its entry."""
    from variants import moved

    changes = moved(project_copy, "2026-12-01")
    (old, new), gone = changes["renamed"], changes["removed"][0]
    assert run_cli_plain("--root", project_copy, "export", tmp_path) == 0
    former = read_yaml(project_copy / "moved.yaml")
    entry = next(e for e in former["moved"] if e["id"] == old)
    assert json.loads((tmp_path / "api" / "cases" / f"{old}.json").read_text()) == {
        **entry,
        "url": f"{SITE_URL}api/cases/{new}.json",
    }
    ris = (tmp_path / "cases" / old / "citation.ris").read_bytes()
    assert ris == (tmp_path / "cases" / new / "citation.ris").read_bytes() and f"/cases/{new}/".encode() in ris
    removed = next(e for e in former["removed"] if e["id"] == gone)
    assert json.loads((tmp_path / "api" / "cases" / f"{gone}.json").read_text()) == removed
    for case_id in (old, gone):  # one line, as every case's file
        assert (tmp_path / "api" / "cases" / f"{case_id}.json").read_text().count("\n") == 1, case_id
    index = json.loads((tmp_path / "api" / "index.json").read_text())
    assert (index["moved"], index["removed"]) == (former["moved"], former["removed"])
    assert old not in {c["id"] for c in index["cases"]} and new in {c["id"] for c in index["cases"]}


def test_citation_cff_is_complete():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert cff["cff-version"] == "1.2.0" and cff["license"] == "CC-BY-4.0"
    study = load_casebook(ROOT).study
    assert cff["references"][0]["title"] == study["title"]
    assert [a["given-names"] + " " + a["family-names"] for a in cff["references"][0]["authors"]] == list(
        study["authors"]
    )


def test_the_data_package_names_its_version_and_a_plain_encoding(exported):
    """Version and date as CITATION.cff gives them (read here with PyYAML); the encoding
    as the Data Package standard spells it, the byte-order mark said in words."""
    import yaml

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    package = json.loads((exported / "data" / "datapackage.json").read_text())
    assert package["version"].split("+")[0] == citation["version"]
    assert package["created"].startswith(str(citation["date-released"]))
    csv_resources = [r for r in package["resources"] if r.get("format") == "csv"]
    assert csv_resources and all(r["encoding"] == "utf-8" for r in csv_resources)
    assert "byte-order mark" in package["description"]
    assert (exported / "data" / "cases.csv").read_bytes().startswith("\ufeff".encode())


def _csv_rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


# Each list of links, its key, and the study file its terms come from.
LINK_LISTS = {
    "drivers": ("driver", "drivers"),
    "enablers": ("enabler", "enablers"),
    "accountability": ("point", "accountability"),
    "learning": ("question", "learning_questions"),
}


def test_long_tables_hold_every_entry_of_the_yaml_with_its_label(exported):
    bases = vocabulary_labels("bases")
    cases = [raw(p) for p in CASE_FILES]
    for list_name, (key, vocabulary) in LINK_LISTS.items():
        labels = vocabulary_labels(vocabulary)
        rows = _csv_rows(exported / "data" / "links" / f"{list_name}.csv")
        expected = [
            {
                "case_id": c["id"],
                key: e[key],
                f"{key}_label": labels[e[key]],
                "basis": e["basis"],
                "basis_label": bases[e["basis"]],
                **({"applies": "true" if e.get("applies", True) else "false"} if list_name == "drivers" else {}),
                "sources": " ".join(e["sources"]),
            }
            for c in cases
            for e in c.get(list_name, [])
        ]
        assert rows == expected, list_name
    approaches = vocabulary_labels("measurement_approaches")
    assert [
        (r["case_id"], r["approach_label"]) for r in _csv_rows(exported / "data" / "links" / "measurement.csv")
    ] == [
        (c["id"], approaches[c["measurement"]["approach"]])
        for c in cases
        if (c.get("measurement") or {}).get("approach")
    ]
    funding = vocabulary_labels("funding_types")
    assert [
        (r["case_id"], r["funding"], r["funding_label"]) for r in _csv_rows(exported / "data" / "links" / "funding.csv")
    ] == [(c["id"], f, funding[f]) for c in cases for f in c.get("funding", [])]
    types = vocabulary_labels("partner_types")
    assert [
        (r["case_id"], r["name"], r["type"], r["type_label"], r["role"])
        for r in _csv_rows(exported / "data" / "partners.csv")
    ] == [
        (c["id"], p.get("name", ""), p.get("type", ""), types.get(p.get("type"), ""), p.get("role", ""))
        for c in cases
        for p in c.get("partners", [])
    ]


def test_identifiers_table_holds_the_cases_and_partners_identifiers_with_register_links(exported):
    schemes = {t["id"]: t for t in read_yaml(ROOT / "study" / "identifier_schemes.yaml")["terms"]}
    expected = []
    for data in (raw(p) for p in CASE_FILES):
        owners = [("", data), *((p.get("name", ""), p) for p in data.get("partners", []))]
        for partner, owner in owners:
            for i in owner.get("identifiers", []):
                url = schemes[i["scheme"]]["url"].replace("{value}", i["value"])
                expected.append(
                    (data["id"], partner, i["scheme"], i["value"], i.get("of", ""), i.get("until", ""), url)
                )
    rows = _csv_rows(exported / "data" / "identifiers.csv")
    assert [
        (r["case_id"], r["partner"], r["scheme"], r["value"], r["of"], r["until"], r["url"]) for r in rows
    ] == expected
    assert all(r["scheme_label"] == schemes[r["scheme"]]["label"] for r in rows)


# What a spreadsheet would run as a formula: such a cell is written after an apostrophe.
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _written(value) -> str:
    text = json.dumps(value) if isinstance(value, bool) else "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA) else text


def _long_tables_by_hand(root: Path) -> dict[str, list[list[str]]]:
    """Every long table under data/, header and rows, worked out here from the case and
    study files as the Data page describes them (not from the export's table specs): one
    row per entry, in the files' order; a code followed by its label; sources joined by
    spaces; whether a driver applies only in the drivers' tables."""
    cases = [read_yaml(p) for p in sorted((root / "cases").glob("*.yaml"))]
    bases = vocabulary_labels("bases", root)
    lists = [(name, key, vocabulary) for name, (key, vocabulary) in LINK_LISTS.items()]
    lists.append(("measurement", "approach", "measurement_approaches"))

    def entries(case: dict, name: str) -> list[dict]:
        if name == "measurement":
            m = case.get("measurement") or {}
            return [m] if m.get("approach") else []
        return case.get(name, [])

    def applies(name: str, entry: dict) -> list[bool | str]:
        return [entry.get("applies", True)] if name == "drivers" else []

    tables = {
        "links.csv": [
            ["case_id", "list", "term", "basis", "basis_label", "applies", "sources"],
            *(
                [
                    c["id"],
                    name,
                    e[key],
                    e["basis"],
                    bases[e["basis"]],
                    *(applies(name, e) or [""]),
                    " ".join(e["sources"]),
                ]
                for c in cases
                for name, key, _ in lists
                for e in entries(c, name)
            ),
        ]
    }
    for name, key, vocabulary in lists:
        labels = vocabulary_labels(vocabulary, root)
        tables[f"links/{name}.csv"] = [
            [
                "case_id",
                key,
                f"{key}_label",
                "basis",
                "basis_label",
                *(["applies"] if name == "drivers" else []),
                "sources",
            ],
            *(
                [
                    c["id"],
                    e[key],
                    labels[e[key]],
                    e["basis"],
                    bases[e["basis"]],
                    *applies(name, e),
                    " ".join(e["sources"]),
                ]
                for c in cases
                for e in entries(c, name)
            ),
        ]
    funding = vocabulary_labels("funding_types", root)
    tables["links/funding.csv"] = [
        ["case_id", "funding", "funding_label"],
        *([c["id"], f, funding[f]] for c in cases for f in c.get("funding", [])),
    ]
    topics = vocabulary_labels("fact_topics", root)
    tables["facts.csv"] = [
        ["case_id", "topic", "topic_label", "text", "caveat", "sources"],
        *(
            [c["id"], f["topic"], topics[f["topic"]], f["text"], f.get("caveat"), " ".join(f["sources"])]
            for c in cases
            for f in c.get("facts", [])
        ),
    ]
    types = vocabulary_labels("partner_types", root)
    tables["partners.csv"] = [
        ["case_id", "name", "type", "type_label", "role", "sources"],
        *(
            [c["id"], p.get("name"), p.get("type"), types.get(p.get("type")), p.get("role"), " ".join(p["sources"])]
            for c in cases
            for p in c.get("partners", [])
        ),
    ]
    schemes = {t["id"]: t for t in read_yaml(root / "study" / "identifier_schemes.yaml")["terms"]}
    tables["identifiers.csv"] = [
        ["case_id", "partner", "scheme", "scheme_label", "value", "of", "until", "url", "sources"],
        *(
            [
                c["id"],
                partner,
                i["scheme"],
                schemes[i["scheme"]]["label"],
                i["value"],
                i.get("of"),
                i.get("until"),
                schemes[i["scheme"]]["url"].replace("{value}", i["value"]),
                " ".join(i["sources"]),
            ]  # fmt: skip
            for c in cases
            for partner, owner in [("", c), *((p.get("name", ""), p) for p in c.get("partners", []))]
            for i in owner.get("identifiers", [])
        ),
    ]
    return {path: [table[0], *([_written(v) for v in row] for row in table[1:])] for path, table in tables.items()}


def _read_table(path: Path) -> list[list[str]]:
    content = path.read_bytes()
    assert content.startswith("\ufeff".encode()) and content.endswith(b"\r\n"), path.name  # Excel's UTF-8, CRLF
    assert b"\n" not in content.replace(b"\r\n", b""), path.name
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_every_long_table_holds_each_entry_of_the_case_files_row_by_row(exported):
    expected = _long_tables_by_hand(ROOT)
    assert {p.relative_to(exported / "data").as_posix() for p in (exported / "data").rglob("*.csv")} == {
        "cases.csv",
        *expected,
        *(
            f"vocabularies/{p.stem}.csv"
            for p in (ROOT / "study").glob("*.yaml")
            if p.stem not in ("study", "measurement")
        ),
    }
    for path, table in expected.items():
        assert _read_table(exported / "data" / path) == table, path


def test_long_tables_write_a_driver_that_does_not_apply_several_sources_and_formulas_as_given(project_copy, tmp_path):
    """What the real data may not hold yet: a driver a source shows does not apply, links
    citing two sources, text a spreadsheet would take for a formula, a case without facts
    and an identifier of a partner with no name."""
    files = {p: read_yaml(p) for p in sorted((project_copy / "cases").glob("*.yaml"))}

    def first(has) -> dict:
        return next(case for case in files.values() if has(case))

    def two(case: dict) -> list[str]:
        return [s["id"] for s in case["sources"]][:2]

    driven = first(lambda c: c.get("drivers") and len(c["sources"]) > 1)
    driven["drivers"][0].update(applies=False, sources=two(driven))
    measured = first(lambda c: (c.get("measurement") or {}).get("approach") and len(c["sources"]) > 1)
    measured["measurement"]["sources"] = two(measured)
    with_facts = first(lambda c: c.get("facts"))
    with_facts["facts"][0].update(text="=SUM(A1:A9) of the budget", caveat="-1 on the year before")
    del first(lambda c: c.get("facts") and c is not with_facts)["facts"]  # facts are optional
    first(lambda c: c.get("partners"))["partners"][0]["role"] = "@council, and\tmore"
    # A partner known by its type alone, with a register's number: its identifier's row
    # names no partner (an empty cell, not "None").
    unnamed = first(lambda c: any("name" not in p for p in c.get("partners", [])))
    partner = next(p for p in unnamed["partners"] if "name" not in p)
    partner["identifiers"] = [{"scheme": "charity-ew", "value": "1234567", "sources": two(unnamed)}]
    for path, case in files.items():
        path.write_text(yaml.safe_dump(case, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert run_cli_plain("--root", project_copy, "export", tmp_path) == 0
    expected = _long_tables_by_hand(project_copy)
    tables = ("links.csv", "links/drivers.csv", "links/measurement.csv", "facts.csv", "partners.csv", "identifiers.csv")
    for table in tables:
        assert _read_table(tmp_path / "data" / table) == expected[table], table
    fact = next(r for r in _read_table(tmp_path / "data" / "facts.csv") if r[0] == with_facts["id"])
    assert fact[3:5] == ["'=SUM(A1:A9) of the budget", "'-1 on the year before"]
    driver = next(r for r in _read_table(tmp_path / "data" / "links" / "drivers.csv") if r[0] == driven["id"])
    assert driver[-2:] == ["false", " ".join(two(driven))]
    identifier = next(r for r in _read_table(tmp_path / "data" / "identifiers.csv") if r[4] == "1234567")
    assert identifier[:3] == [unnamed["id"], "", "charity-ew"]


def test_each_vocabulary_table_holds_its_study_files_terms(exported):
    """data/vocabularies/<name>.csv: each term's id, label and description (on one line;
    empty where the study file gives none), the extra id a file allows after its terms."""
    names = [p.stem for p in sorted((ROOT / "study").glob("*.yaml")) if p.stem not in ("study", "measurement")]
    for name in names:
        data = read_yaml(ROOT / "study" / f"{name}.yaml")
        terms = [*data["terms"], *([data["unclassified"]] if "unclassified" in data else [])]
        expected = [
            ["id", "label", "description"],
            *(
                [_written(t["id"]), _written(t["label"]), _written(" ".join(t.get("description", "").split()))]
                for t in terms
            ),
        ]
        assert _read_table(exported / "data" / "vocabularies" / f"{name}.csv") == expected, name


# The files that hold every case, or one case, or one page of the finder: one line each.
# Every other JSON file is indented by two spaces, for reading.
ONE_LINE = ("data/cases.json", "api/cases/", "api/finder/cases/", "api/finder/pages/")


def test_json_files_are_utf8_one_line_for_cases_and_indented_for_reading_otherwise(exported):
    paths = sorted(exported.rglob("*.json"))
    assert len(paths) > 2 * len(CASE_FILES)
    for path in paths:
        name = path.relative_to(exported).as_posix()
        if name.startswith("schema/"):
            assert path.read_bytes() == (ROOT / name).read_bytes(), name  # published as committed
            continue
        text = path.read_bytes().decode("utf-8")
        one_line = name.startswith(ONE_LINE)
        # Letters as themselves ("£", not "\u00a3").
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=None if one_line else 2) + "\n", name


def test_every_file_of_cases_names_the_schema_its_cases_follow(exported):
    """Its address is the case schema's own $id, published under schema/."""
    schema_id = json.loads((exported / "schema" / "case.schema.json").read_text())["$id"]
    for name in ("data/cases.json", "api/index.json"):
        assert json.loads((exported / name).read_text())["schema"] == schema_id, name
    assert json.loads((exported / "api" / "finder" / "facets.json").read_text())["download"]["schema"] == schema_id
    package = json.loads((exported / "data" / "datapackage.json").read_text())
    (resource,) = [r for r in package["resources"] if r["path"] == "cases.json"]
    assert schema_id in resource["description"]


def test_the_data_package_tells_a_reader_whose_data_it_is_and_how_its_tables_read(exported):
    """What the Data Package standard's readers (frictionless, CKAN, Zenodo) take from the
    descriptor, written here from the standard's own names and the project's files: the
    licence CITATION.cff gives, the study as the source, each resource's own licence and the
    study's credit, and each table's key, missing values, format and encoding."""
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    study = read_yaml(ROOT / "study" / "study.yaml")
    package = json.loads((exported / "data" / "datapackage.json").read_text())
    assert (package["profile"], package["name"], package["homepage"]) == (
        "data-package",
        "collaboration-casebook",
        SITE_URL,
    )
    assert package["title"] == citation["title"].split(":")[0]
    (licence,) = package["licenses"]
    assert licence["name"] == citation["license"] and licence["path"] == "https://creativecommons.org/licenses/by/4.0/"
    assert package["sources"] == [{"title": study["title"], "path": study["url"]}]
    rights = ". ".join(package["description"].rsplit(". ", 2)[-2:])  # its closing two: what the licence covers
    assert "CC BY 4.0" in rights and "not covered" in rights
    resources = {r["name"]: r for r in package["resources"]}
    for name, resource in resources.items():
        assert resource["licenses"] == package["licenses"], name
        (source,) = resource["sources"]
        assert source["path"] == study["url"] and study["title"] in source["title"], name
        assert all(author in source["title"] for author in study["authors"]), name
        assert resource["description"].endswith(rights), name
        assert (exported / "data" / resource["path"]).is_file(), name
        if resource["path"].endswith(".csv"):
            assert (resource["format"], resource["mediatype"], resource["encoding"]) == ("csv", "text/csv", "utf-8")
            assert resource["profile"] == "tabular-data-resource"
            assert resource["schema"]["missingValues"] == [""], name  # an empty cell: not recorded
        else:
            assert (resource["format"], resource["mediatype"]) == ("json", "application/json"), name
    assert resources["cases"]["schema"]["primaryKey"] == ["id"]
    # Each long table's fields: its CSV's header, typed as Table Schema types them (a
    # yes or no "boolean", a former identifier's end a "date", the rest text), each described.
    types = {"applies": "boolean", "until": "date"}
    for path in _long_tables_by_hand(ROOT):
        (resource,) = [r for r in resources.values() if r["path"] == path]
        header = _read_table(exported / "data" / path)[0]
        fields = resource["schema"]["fields"]
        assert [(f["name"], f["type"]) for f in fields] == [(n, types.get(n, "string")) for n in header], path
        assert all(f["description"].strip() for f in fields), path
        assert resource["description"].removesuffix(rights).strip(), path
    assert resources["cases"]["schema"]["foreignKeys"]
    for name in (n for n in resources if n.startswith("vocabulary-")):
        vocabulary = read_yaml(ROOT / "study" / f"{name.removeprefix('vocabulary-')}.yaml")
        assert resources[name]["title"] == vocabulary["label"], name
        assert resources[name]["description"] == " ".join([*vocabulary["description"].split(), rights]), name
        fields = {f["name"]: f for f in resources[name]["schema"]["fields"]}
        assert [(f["name"], f["type"]) for f in fields.values()] == [
            (n, "string") for n in ("id", "label", "description")
        ]
        assert resources[name]["schema"]["primaryKey"] == ["id"], name
        assert fields["id"]["constraints"] == {"required": True, "unique": True}, name
        assert fields["label"]["constraints"] == {"required": True}, name
    for name in (
        n for n, r in resources.items() if "case_id" in {f["name"] for f in r.get("schema", {}).get("fields", [])}
    ):
        keys = resources[name]["schema"]["foreignKeys"]
        assert {"fields": ["case_id"], "reference": {"resource": "cases", "fields": ["id"]}} in keys, name


def test_the_data_package_constrains_every_code_to_its_vocabulary(exported):
    package = json.loads((exported / "data" / "datapackage.json").read_text())
    resources = {r["name"]: r for r in package["resources"]}
    checked = 0
    for resource in resources.values():
        for key in resource.get("schema", {}).get("foreignKeys", []):
            target = resources[key["reference"]["resource"]]
            assert (exported / "data" / target["path"]).is_file()
            if not target["name"].startswith("vocabulary-"):
                continue
            name = target["name"].removeprefix("vocabulary-")
            (field,) = key["fields"]
            spec = next(f for f in resource["schema"]["fields"] if f["name"] == field)
            assert spec["constraints"]["enum"] == list(vocabulary_labels(name)), (resource["name"], field)
            ids = [r["id"] for r in _csv_rows(exported / "data" / target["path"])]
            assert ids == list(vocabulary_labels(name))
            checked += 1
    # Every single-valued coded column of cases.csv and every long table's code.
    cases = [f["name"] for f in resources["cases"]["schema"]["fields"] if "constraints" in f]
    assert cases == [
        "organisation_type",
        "place_region",
        "place_nation",
        "engagement",
        "model",
        "status",
        "measurement_approach",
    ]
    assert checked >= len(cases) + len(LINK_LISTS) + 4


@pytest.mark.parametrize(
    ("path", "before", "after"),
    [
        ("cases.csv", ",agents-of-change,", ",agents-of-chaos,"),
        ("links/drivers.csv", ",new-models-of-partnership,", ",new-model-of-partnership,"),
        ("identifiers.csv", ",gss,", ",gsss,"),
    ],
)
def test_frictionless_rejects_a_code_outside_its_vocabulary(exported, tmp_path, path, before, after):
    import shutil

    import frictionless

    copy = tmp_path / "data"
    shutil.copytree(exported / "data", copy)
    text = (copy / path).read_text(encoding="utf-8")
    assert before in text
    (copy / path).write_text(text.replace(before, after, 1), encoding="utf-8")
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert not report.valid
    kinds = {e[0] for e in report.flatten(["type"])}
    assert kinds & {"constraint-error", "foreign-key"}, kinds


# What a reader takes from data/cases.csv, written here from the case files' own shape,
# not from the export's column table (macros/dataset.py): a wrong path there, or two
# columns swapped, would otherwise pass.
def _get(case: dict, *path, default=""):
    for step in path:
        if not isinstance(case, dict) or step not in case:
            return default
        case = case[step]
    return case


CSV_BY_HAND = {
    "id": lambda c: c["id"],
    "name": lambda c: c["name"],
    "summary": lambda c: c["summary"],
    "website": lambda c: _get(c, "website"),
    "place_areas": lambda c: "; ".join(c["place"]["areas"]),
    "place_region": lambda c: c["place"]["region"],
    "place_nation": lambda c: c["place"]["nation"],
    "scope": lambda c: c["scope"],
    "model": lambda c: c["model"],
    "engagement": lambda c: _get(c, "engagement"),
    "funding": lambda c: "; ".join(_get(c, "funding", default=[])),
    "status": lambda c: _get(c, "status", "value"),
    "status_as_of": lambda c: str(_get(c, "status", "as_of")),
    "year_started": lambda c: str(_get(c, "started", "year")),
    "year_ended": lambda c: str(_get(c, "ended", "year")),
    "successor": lambda c: _get(c, "successor", "name"),
    "last_reviewed": lambda c: str(c["last_reviewed"]),
}


def test_the_csv_and_json_hold_each_case_files_values(exported):
    raw_cases = {p.stem: raw(p) for p in CASE_FILES}
    rows = {
        row["id"]: row
        for row in csv.DictReader((exported / "data" / "cases.csv").open(encoding="utf-8-sig", newline=""))
    }
    assert set(rows) == set(raw_cases)
    for case_id, data in raw_cases.items():
        for column, expected in CSV_BY_HAND.items():
            value = expected(data)
            value = "'" + value if value.startswith(("=", "+", "-", "@")) else value
            assert rows[case_id][column] == value, (case_id, column)
    published = {
        c["id"]: c for c in json.loads((exported / "data" / "cases.json").read_text(encoding="utf-8"))["cases"]
    }
    assert published == {k: json.loads(json.dumps(v, default=str)) for k, v in raw_cases.items()}


def test_fields_the_schema_adds_reach_the_csv_and_its_table_schema_from_the_schema(project_copy, tmp_path):
    """Without a site build: fields of each kind added to the case schema (a text, a
    list of vocabulary terms, a date, a whole number, a yes or no, a list of entries) each get a
    column of cases.csv holding the case file's value, described and typed in the Data
    Package by the schema (Table Schema's types: a list of entries is JSON, an "array")."""
    schema_path = project_copy / "schema" / "case.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    added = {
        "budget_note": {"type": "string", "minLength": 1, "description": "What the sources say of the budget."},
        "themes": {"type": "array", "items": {"type": "string", "x-vocabulary": "funding_types"}},
        "founded": {"type": "string", "format": "date", "description": "When it was founded."},
        "headcount": {"type": "integer", "minimum": 0},
        "years": {"type": "array", "items": {"type": "integer"}},
        "audited": {"type": "boolean"},
        "contacts": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"role": {"type": "string"}, "name": {"type": "string"}},
                "additionalProperties": False,
            },
        },
    }
    for name, spec in added.items():
        schema["properties"][name] = {"title": name.replace("_", " ").capitalize(), **spec}
    schema_path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    case_path, other_path = sorted((project_copy / "cases").glob("*.yaml"))[:2]
    case_path.write_text(
        case_path.read_text(encoding="utf-8").rstrip("\n")
        + '\nbudget_note: "=1+1, & more"\nthemes: [grant, service-contract]\nfounded: 2015-04-01\n'
        + "headcount: 12\nyears: [2015, 2019]\naudited: false\ncontacts:\n  - role: Chair\n    name: Zoë Brontë\n",
        encoding="utf-8",
    )
    labels = {t["id"]: t["label"] for t in read_yaml(project_copy / "study" / "funding_types.yaml")["terms"]}
    assert run_cli_plain("--root", project_copy, "export", tmp_path / "out") == 0
    with (tmp_path / "out" / "data" / "cases.csv").open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        rows = {row["id"]: row for row in reader}
        header = reader.fieldnames
    given, other = rows[case_path.stem], rows[other_path.stem]
    added_columns = ["budget_note", "themes", "themes_label", "founded", "headcount", "years", "audited", "contacts"]
    assert header[-8:] == added_columns
    assert given["budget_note"] == "'=1+1, & more"  # the formula guard holds here too
    assert given["themes"] == "grant; service-contract"
    assert given["themes_label"] == f"{labels['grant']}; {labels['service-contract']}"
    assert (given["founded"], given["headcount"], given["years"]) == ("2015-04-01", "12", "2015; 2019")
    assert given["audited"] == "false"  # a no is a value, not an empty cell
    # An entry as JSON a reader can read and a diff can follow: letters as written, keys in order.
    assert given["contacts"] == '[{"name": "Zoë Brontë", "role": "Chair"}]'
    assert all(other[name] == "" for name in added_columns)

    package = json.loads((tmp_path / "out" / "data" / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in package["resources"] if r["path"].endswith("cases.csv")]
    spec = {f["name"]: f for f in resource["schema"]["fields"]}
    types = {name: spec[name]["type"] for name in added_columns}
    assert types == {
        "budget_note": "string",
        "themes": "string",
        "themes_label": "string",
        "founded": "date",
        "headcount": "integer",
        "years": "string",  # numbers joined with "; " are text
        "audited": "boolean",
        "contacts": "array",
    }
    assert spec["budget_note"]["description"].startswith("What the sources say of the budget.")
    assert spec["founded"]["description"].startswith("When it was founded.")
    assert "api/vocabularies/funding_types.json" in spec["themes"]["description"]
    assert '"; "' in spec["themes"]["description"] and '"; "' not in spec["budget_note"]["description"]


@pytest.mark.parametrize(
    ("case", "path", "expected"),
    [
        ({"place": {"areas": ["Wigan"]}}, "place.areas", ["Wigan"]),
        ({"place": "Wigan"}, "place.areas", None),  # a step that is text, not an entry: no value
        ({"place": None}, "place.areas", None),
        ({"place": "Wigan"}, "place.partners[].name", []),  # a list asked of text: none
        ({"partners": [{"name": "A"}, "B", {"name": None}, {"name": "C"}]}, "partners[].name", ["A", "C"]),
        ({"partners": "A and B"}, "partners[].name", []),  # not a list of entries: nothing to list
        ({"drivers": [{"sources": ["s1", "s2"]}, {"sources": ["s3"]}]}, "drivers[].sources", ["s1", "s2", "s3"]),
        # A list below an entry, and an entry below a list's items: each step in its place.
        (
            {"place": {"partners": [{"contact": {"name": "A"}}, {"contact": {}}]}},
            "place.partners[].contact.name",
            ["A"],
        ),
    ],
)
def test_a_column_path_finds_only_what_the_case_holds_there(case, path, expected):
    """A CSV column's path ("a.b", "a[].b") through data of a shape the path does not
    expect gives no value rather than an error or a value from elsewhere."""
    from macros.dataset import values_at

    assert values_at(case, path) == expected


def _partner_types(data: dict) -> tuple[list[str], int]:
    """The partner types a case file names, in first-mention order, and how many partners have none."""
    partners = data.get("partners", [])
    return list(dict.fromkeys(p["type"] for p in partners if "type" in p)), sum("type" not in p for p in partners)


def _as_listed(labels: list[str]) -> str:
    """Labels as a list reads: the first as it is, the others in sentence case unless an
    acronym ("NHS"); nothing at all is "not recorded", never an empty cell."""
    if not labels:
        return "not recorded"
    return ", ".join(labels[:1] + [w if w[1:2].isupper() else w[0].lower() + w[1:] for w in labels[1:]])


def test_the_finders_files_say_what_each_case_file_says(exported):
    """The finder's per-case files (what a result shows, its comparison values and its
    CSV row), its pages and its facets, against the case files and the vocabulary files
    as PyYAML reads them, by the rules written here."""
    finder = exported / "api" / "finder"
    with (exported / "data" / "cases.csv").open(encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    csv_rows = {row[0]: row for row in rows}
    names = ("models", "regions", "statuses", "funding_types", "partner_types", "enablers", "drivers")
    label = {name: vocabulary_labels(name) for name in (*names, "measurement_approaches", "engagement_types")}
    raw_cases = {path.stem: raw(path) for path in CASE_FILES}
    for case_id, data in raw_cases.items():
        record = json.loads((finder / "cases" / f"{case_id}.json").read_text(encoding="utf-8"))
        place = data["place"]
        where = ", ".join(place["areas"]) + f" ({label['regions'][place['region']]})"
        status = data.get("status")
        shown_status = None
        if status:
            shown_status = label["statuses"][status["value"]] + (" (inferred)" if status.get("inferred") else "")
        keys = ("id", "name", "summary", "model", "place", "status", "url", "model_url")
        assert {k: record[k] for k in keys} == {
            "id": case_id,
            "name": data["name"],
            "summary": data["summary"],
            "model": label["models"][data["model"]],
            "place": where,
            "status": shown_status,
            "url": f"cases/{case_id}/",
            "model_url": f"typology/{data['model']}/",
        }, case_id
        assert record["row"] == csv_rows[case_id], case_id  # "Download these cases" is the published CSV
        types, untyped = _partner_types(data)
        unrecorded = f"{untyped} partner{'s' if untyped != 1 else ''} of unrecorded type"
        typed = _as_listed([label["partner_types"][t] for t in types])
        years = "–".join(str(data[k]["year"]) for k in ("started", "ended") if data.get(k)) or "not recorded"
        approach = (data.get("measurement") or {}).get("approach")
        compare = dict(record["compare"])
        expected = {
            "Summary": data["summary"],
            "Model": label["models"][data["model"]],
            "Place": where,
            "Status": shown_status or "not recorded",
            "Years": years,
            "Funding": _as_listed([label["funding_types"][t] for t in data.get("funding") or []]),
            "Partner types": (typed + (f"; {unrecorded}" if untyped else ""))
            if types
            else (unrecorded if untyped else "not recorded"),
            "Engagement in the 2019 study": _as_listed(
                [label["engagement_types"][data["engagement"]]] if data.get("engagement") else []
            ),
            "Scope": data["scope"],
            "Drivers recorded": _as_listed(
                [label["drivers"][d["driver"]] for d in data.get("drivers", []) if d.get("applies", True)]
            ),
            "Enablers": _as_listed([label["enablers"][e["enabler"]] for e in data.get("enablers", [])]),
            "Measurement approach": _as_listed([label["measurement_approaches"][approach]] if approach else []),
            "Last reviewed": str(data["last_reviewed"]),
        }
        assert {k: compare[k] for k in expected} == expected, case_id

    # The view with no words or filters: every case once, by name, 25 to a page.
    pages = sorted(finder.glob("pages/*.json"), key=lambda p: int(p.stem))
    assert [p.stem for p in pages] == [str(n) for n in range(1, len(pages) + 1)]
    listed = [json.loads(p.read_text(encoding="utf-8"))["cases"] for p in pages]
    assert all(len(ids) == 25 for ids in listed[:-1]) and 0 < len(listed[-1]) <= 25
    by_name = sorted(raw_cases, key=lambda i: (raw_cases[i]["name"].casefold(), i))
    assert [i for ids in listed for i in ids] == by_name

    # Each facet offers its vocabulary's terms in the file's order, then "Not recorded".
    facets_file = json.loads((finder / "facets.json").read_text(encoding="utf-8"))
    assert facets_file["columns"] == header  # a download's header is the published CSV's
    facets = {f["name"]: f for f in facets_file["facets"]}
    vocabularies = {"model": "models", "funding": "funding_types", "partner": "partner_types", "region": "regions"}
    vocabularies |= {"nation": "nations", "status": "statuses", "driver": "drivers"}
    vocabularies["approach"] = "measurement_approaches"
    assert set(facets) == set(vocabularies)
    for name, vocabulary in vocabularies.items():
        terms = list(vocabulary_labels(vocabulary))
        ids = [t["id"] for t in facets[name]["terms"]]
        assert ids == terms + (["type-not-recorded", "not-recorded"] if name == "partner" else ["not-recorded"]), name
        assert facets[name]["label"] == read_yaml(ROOT / "study" / f"{vocabulary}.yaml")["label"], name
        last = facets[name]["terms"][-1]["label"]
        assert last == ("No partner recorded" if name == "partner" else "Not recorded"), name


def test_each_cases_ris_file_cites_the_case_file_and_citation_cff(exported):
    """Without a site build: each case's RIS record (cases/<id>/citation.ris), read by
    RIS's own rules (a two-letter tag, two spaces, a hyphen, a space; CRLF; ER last),
    against the case file and CITATION.cff."""
    import re

    cff = read_yaml(ROOT / "CITATION.cff")
    site_url = read_yaml(ROOT / "mkdocs.yml")["site_url"]
    for path in CASE_FILES:
        data = raw(path)
        text = (exported / "cases" / path.stem / "citation.ris").read_bytes().decode("utf-8")
        lines = text.split("\r\n")
        assert lines[-2:] == ["ER  - ", ""] and "\n" not in text.replace("\r\n", ""), path.stem
        assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines[:-1]), path.stem
        fields = dict(line.split("  - ", 1) for line in lines[:-2])
        assert len(fields) == len(lines) - 2, "a tag given twice"
        reviewed = str(data["last_reviewed"])
        expected = {
            "TY": "DATA",
            "TI": " ".join(data["name"].split()),
            "AU": cff["authors"][0]["name"],
            "PY": reviewed[:4],
            "DA": reviewed.replace("-", "/"),
            "UR": f"{site_url}cases/{path.stem}/",
            "AB": " ".join(data["summary"].split()),
            "LA": "en",
        }
        assert {tag: fields.get(tag) for tag in expected} == expected, path.stem
        assert fields["ET"] in (cff["version"], f"{cff['version']}+unreleased"), path.stem
        assert fields.get("DO") == cff.get("doi"), path.stem
        assert fields["PB"] == fields["T2"] and fields["PB"]  # the casebook, as publisher and series
        assert list(fields)[0] == "TY"


@pytest.mark.parametrize("site_url", ["https://example.org/BOX", "https://example.org/BOX/"])
def test_every_address_the_api_gives_starts_with_the_site_address_however_it_ends(site_url):
    from macros import export

    files = export.exports(load_casebook(ROOT), site_url, export.schema_files(ROOT))
    index = json.loads(files["api/index.json"])
    site = "https://example.org/BOX/"
    assert index["schema"] == site + "schema/case.schema.json"
    assert index["study"] == site + "api/study.json"
    assert all(c["url"] == f"{site}api/cases/{c['id']}.json" for c in index["cases"])


@pytest.mark.parametrize("site_url", ["https://example.org/BOX", "https://example.org/BOX/", "/"])
def test_a_case_pages_address_is_the_site_address_then_cases_and_the_id(site_url):
    from macros.dataset import page_url

    assert page_url(site_url, "a-case") == site_url.removesuffix("/") + "/cases/a-case/"


@pytest.mark.parametrize(
    ("edition", "tags"),
    [
        ({}, {}),  # not published yet: no edition to name
        ({"version": "1.2.0"}, {"ET": "1.2.0"}),
        ({"version": "1.2.0", "doi": "10.5281/zenodo.1234567"}, {"ET": "1.2.0", "DO": "10.5281/zenodo.1234567"}),
    ],
)
def test_a_ris_record_names_the_edition_and_its_doi_only_when_there_is_one(edition, tags):
    from dataclasses import replace

    from macros.citation import case_ris

    casebook = load_casebook(ROOT)
    record = case_ris(replace(casebook, edition=edition), casebook.cases[0], "https://example.org/c/")
    fields = dict(line.split("  - ", 1) for line in record.split("\r\n")[:-2])
    assert {tag: fields[tag] for tag in ("ET", "DO") if tag in fields} == tags


def _with_partners(partners: list[dict]):
    from macros.model import Case, freeze

    case = load_casebook(ROOT).cases[0]
    return Case(case.id, freeze({**case.data, "partners": partners}), case.source_file)


@pytest.mark.parametrize(
    ("partners", "shown"),
    [
        ([], "not recorded"),
        ([{"name": "A"}], "1 partner of unrecorded type"),
        ([{"name": "A"}, {"name": "B"}], "2 partners of unrecorded type"),
        ([{"name": "A"}, {"name": "B"}, {"name": "C"}], "3 partners of unrecorded type"),
        ([{"name": "A", "type": "{typed}"}, {"name": "B"}], "{label}; 1 partner of unrecorded type"),
        ([{"name": "A", "type": "{typed}"}], "{label}"),
    ],
)
def test_the_partner_types_a_comparison_shows_count_the_partners_of_no_type(partners, shown):
    from macros.finder import partner_types_text

    typed, label = next(iter(vocabulary_labels("partner_types").items()))  # whichever type the vocabulary lists first
    partners = [{**p, "type": typed} if "type" in p else p for p in partners]
    assert partner_types_text(load_casebook(ROOT), _with_partners(partners)) == shown.format(label=label)


@pytest.mark.parametrize(
    ("name", "letter"),
    [("Able Trust", "a"), ("  zeta group", "z"), ("Oldham", "o"), ("9 Lives", "0-9"), ("_Under", "0-9")],
)
def test_a_name_files_under_its_first_letter_or_under_0_9(name, letter):
    from macros.finder import letter_of

    assert letter_of(name) == letter


def test_labels_read_in_sentence_case_unless_an_acronym():
    from macros.finder import in_sentence

    assert in_sentence(["Grant funding", "NHS trusts", "A Thing", "X"]) == [
        "grant funding",
        "NHS trusts",
        "a Thing",
        "x",
    ]


def test_a_cases_search_filters_are_its_facet_terms_or_not_recorded():
    """The Pagefind filters on each case page (what the finder filters and counts by),
    against the case files by the rule written here: each facet's term ids, or
    "not-recorded"; partners add "type-not-recorded" when some have no type."""
    from macros.finder import search_filters

    casebook = load_casebook(ROOT)
    for path in CASE_FILES:
        data = raw(path)
        types, untyped = _partner_types(data)
        types += ["type-not-recorded"] if untyped else []
        approach = (data.get("measurement") or {}).get("approach")
        facets = {
            "model": [data["model"]],
            "funding": list(data.get("funding") or []),
            "partner": types,
            "region": [data["place"]["region"]],
            "nation": [data["place"]["nation"]],
            "status": [data["status"]["value"]] if data.get("status") else [],
            "driver": [d["driver"] for d in data.get("drivers", []) if d.get("applies", True)],
            "approach": [approach] if approach else [],
        }
        expected = {"kind": ["case"], "case": [path.stem]} | {k: v or ["not-recorded"] for k, v in facets.items()}
        assert search_filters(casebook, casebook.case(path.stem)) == expected, path.stem


def test_the_finders_address_holds_the_facets_chosen():
    from macros.finder import address

    assert address("../") == "../cases/"
    assert (
        address("../../", model="agents-of-change", funding="grant")
        == "../../cases/?model=agents-of-change&funding=grant"
    )


def test_a_case_without_an_engagement_compares_as_not_recorded():
    from macros.finder import comparison
    from macros.model import Case, freeze

    casebook = load_casebook(ROOT)
    case = casebook.cases[0]
    bare = Case(case.id, freeze({k: v for k, v in case.data.items() if k != "engagement"}), case.source_file)
    assert dict(comparison(casebook, bare))["Engagement in the 2019 study"] == "not recorded"
