"""One verdict on web addresses, dates and official identifiers: the command line and a
second JSON Schema implementation (ajv, run by Node.js on the data as JSON, against the published schema)
agree on a table of tricky values, and agree with the table."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import MINIMAL_CASE, ROOT, copy_project, read_yaml

SCHEMA = ROOT / "schema" / "case.schema.json"
AJV = ROOT / "tests" / "ajv_validate.js"

# (value, valid?) for a case's `website`.
ADDRESSES = [
    ("https://example.org/", True),
    ("http://example.org", True),
    ("https://example.org/a%20b", True),
    ("https://www.example.org/path/page.html?x=1&y=2#part", True),
    ("http://[2a00:1450:4009::1]/", True),
    # Inside the reader's machine or network: the schema says the forms it can.
    ("http://[::1]/", False),
    ("http://localhost:8000/", False),
    ("http://127.0.0.1/admin", False),
    ("http://169.254.169.254/latest/meta-data/", False),
    ("http://192.168.1.1/", False),
    ("https://example.org:8080/x", True),
    ("https://example.org/~user/(a);b,c", True),
    ("https://sub-domain.example.co.uk/a/b/", True),
    ("https://example.org/?q=a/b?c", True),
    ("https://example.org/café", False),
    ("https://example.org/a|b", False),
    ("https://example.org/{x}", False),
    ("https://example.org/100%zz", False),
    ("https://example.org/100%", False),
    ("http://[::1/", False),
    ("https://example.org/#a#b", False),
    ("https://exa mple.org/", False),
    ("https://example.org/\n", False),
    ("https://example.org/ ", False),
    ("ftp://example.org/", False),
    ("javascript:alert(1)", False),
    ("https://", False),
    ("https://-example.org/", False),
    ("https://example-.org/", False),
    ("https://example.org/<script>", False),
    ('https://example.org/"x"', False),
    ("https://example.org/a\\b", False),
    ("https://user@example.org/", False),
    ("//example.org/", False),
    ("https:example.org", False),
    ("https://example.org/a b", False),
    ("https://example.org/\u00a0", False),
    ("https://例え.jp/", False),
]
# (value, valid?) for a case's `last_reviewed`.
DATES = [
    ("2020-02-29", True),
    ("2019-03-01", True),
    ("1999-12-31", True),
    ("2000-02-29", True),
    ("2019-02-29", False),
    ("1900-02-29", False),
    ("2019-13-01", False),
    ("2019-00-10", False),
    ("2019-01-32", False),
    ("2019-04-31", False),
    ("2019-1-01", False),
    ("0000-01-01", False),
    ("2019-03-01\n", False),
    ("2019-03-01T00:00", False),
    (" 2019-03-01", False),
    ("20190301", False),
    ("２０１９-01-01", False),
    ("2019/03/01", False),
    ("+2019-03-01", False),
    ("12019-03-01", False),
]

# (scheme, value, valid?) for an entry of a case's `identifiers`: each scheme's pattern,
# written once in study/identifier_schemes.yaml, as both validators read it.
IDENTIFIERS = [
    ("gss", "E08000010", True),
    ("gss", "S12000038", True),
    ("gss", "E0800001", False),
    ("gss", "e08000010", False),
    ("gss", "E08000010\n", False),
    ("gss", " E08000010", False),
    ("gss", "X08000010", False),
    ("charity-ew", "1035628", True),
    ("charity-ew", "274206", True),
    ("charity-ew", "12345", False),
    ("charity-ew", "GB-CHC-1035628", False),
    ("charity-ew", "1035628-1", False),
    ("charity-sc", "SC003558", True),
    ("charity-sc", "003558", False),
    ("charity-sc", "sc003558", False),
    ("company", "06864617", True),
    ("company", "SC123456", True),
    ("company", "6864617", False),
    ("org-id", "GB-CHC-1035628", True),
    ("org-id", "GB-COH-06864617", True),
    ("org-id", "GB-SC-SC003558", True),
    ("org-id", "1035628", False),
    ("org-id", "GB CHC 1035628", False),
    ("nhs", "RXA", False),
]


class _Plain(yaml.SafeLoader):
    """PyYAML's reading, with dates kept as text: independent of the project's loader."""


_Plain.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _case_text(case_id: str, field: str, value: str) -> str:
    text = MINIMAL_CASE.format(id=case_id, name="Tricky Value", model="unclassified")
    if field == "last_reviewed":
        return re.sub(r'last_reviewed: ".*"', lambda _: f"last_reviewed: {json.dumps(value)}", text)
    if field == "identifiers":
        scheme, number = value
        entry = {"scheme": scheme, "value": number, "of": "Somewhere", "sources": ["s"]}
        return text + f"identifiers: [{json.dumps(entry)}]\n"
    return text + f"{field}: {json.dumps(value)}\n"


def _ajv(documents: list[Path]) -> dict[str, bool]:
    result = subprocess.run(
        ["node", str(AJV), str(SCHEMA), *map(str, documents)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == (1 if any(not r["valid"] for r in rows) else 0), result.stderr
    return {Path(r["path"]).stem: r["valid"] for r in rows}


@pytest.fixture(scope="module")
def tricky(tmp_path_factory) -> dict[str, tuple[str, str, bool]]:
    """The table, written as case files: {case id: (field, value, expected)}."""
    folder = tmp_path_factory.mktemp("tricky")
    table = {}
    identifiers = [((scheme, value), valid) for scheme, value, valid in IDENTIFIERS]
    for field, rows in (("website", ADDRESSES), ("last_reviewed", DATES), ("identifiers", identifiers)):
        for index, (value, valid) in enumerate(rows):
            case_id = f"tricky-{field.replace('_', '-')}-{index}"
            (folder / f"{case_id}.yaml").write_text(_case_text(case_id, field, value), encoding="utf-8")
            table[case_id] = (field, value, valid)
    return folder, table


def test_the_command_line_and_ajv_agree_with_the_table(tricky, tmp_path):
    folder, table = tricky
    result = subprocess.run(
        [sys.executable, "-m", "macros", "validate", str(folder)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode in (0, 1), result.stderr
    rejected = {Path(line.split(":", 1)[0]).stem for line in result.stdout.splitlines()}
    documents = []
    for case_id in table:
        data = yaml.load((folder / f"{case_id}.yaml").read_text(encoding="utf-8"), Loader=_Plain)
        target = tmp_path / f"{case_id}.json"
        target.write_text(json.dumps(data), encoding="utf-8")
        documents.append(target)
    ajv = _ajv(documents)
    wrong = {
        case_id: (value, {"expected": valid, "validate": case_id not in rejected, "ajv": ajv[case_id]})
        for case_id, (field, value, valid) in table.items()
        if not valid == (case_id not in rejected) == ajv[case_id]
    }
    assert wrong == {}


def test_the_exported_json_of_valid_values_passes_ajv(tricky, tmp_path):
    folder, table = tricky
    project = copy_project(tmp_path / "project")
    valid = [case_id for case_id, (_, _, ok) in table.items() if ok]
    for case_id in valid:
        (project / "cases" / f"{case_id}.yaml").write_bytes((folder / f"{case_id}.yaml").read_bytes())
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "macros", "--root", str(project), "export", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    # A former id's file (moved.yaml) says where its case went: it is no case.
    moved = read_yaml(project / "moved.yaml") or {}
    former = {e["id"] for kind in ("moved", "removed") for e in moved.get(kind) or ()}
    exported = sorted(p for p in (out / "api" / "cases").glob("*.json") if p.stem not in former)
    assert {p.stem for p in exported} >= set(valid)
    verdicts = _ajv(exported)
    assert [stem for stem, ok in verdicts.items() if not ok] == []
