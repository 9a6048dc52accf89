"""A schema that evolves: it carries a version, a renamed field is read under its old
name with a warning for one release, and the changelog lists field changes."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from conftest import MINIMAL_CASE, ROOT, copy_project
from macros.release import schema_changes

SEMVER = re.compile(r"^\d+\.\d+\.\d+$")


def test_the_schema_names_its_version():
    schema = json.loads((ROOT / "schema" / "case.schema.json").read_text())
    assert SEMVER.match(schema["x-version"])
    assert all({"from", "to", "until"} <= set(r) for r in schema["x-renamed"])


def _renamed_project(tmp_path):
    """A copy whose schema renames `scope` to `collaboration_scope` (accepted until 9.0.0)."""
    project = copy_project(tmp_path / "project")
    path = project / "schema" / "case.schema.json"
    schema = json.loads(path.read_text())
    properties = schema["properties"]
    schema["properties"] = {("collaboration_scope" if k == "scope" else k): v for k, v in properties.items()}
    schema["required"] = ["collaboration_scope" if r == "scope" else r for r in schema["required"]]
    schema["x-renamed"] = [{"from": "scope", "to": "collaboration_scope", "until": "9.0.0"}]
    path.write_text(json.dumps(schema, indent=2))
    case = project / "cases" / "renamed-case.yaml"
    case.write_text(MINIMAL_CASE.format(id="renamed-case", name="Renamed", model="unclassified"), encoding="utf-8")
    return project, case


def _validate(project, case):
    return subprocess.run(
        [sys.executable, "-m", "macros", "--root", str(project), "validate", str(case)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_a_field_under_its_former_name_passes_with_a_warning_and_reads_as_the_new_one(tmp_path):
    from macros.loader import validate_project

    project, case = _renamed_project(tmp_path)
    line = next(n for n, text in enumerate(case.read_text().splitlines(), start=1) if text.startswith("scope:"))
    result = _validate(project, case)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"renamed-case.yaml:{line}:1: warning: scope: `scope` is now called `collaboration_scope`" in result.stdout
    assert "until release 9.0.0" in result.stdout and "[renamed-field]" in result.stdout
    casebook, problems = validate_project(project, [case])
    assert problems == []
    data = casebook.case("renamed-case").data
    assert data["collaboration_scope"] == "Testing" and "scope" not in data


def test_both_names_at_once_is_an_error(tmp_path):
    project, case = _renamed_project(tmp_path)
    case.write_text(case.read_text() + "collaboration_scope: Testing again\n", encoding="utf-8")
    result = _validate(project, case)
    assert result.returncode == 1
    assert "`scope` is the former name of `collaboration_scope`" in result.stdout and "[duplicate-key]" in result.stdout


def test_the_changelog_lists_field_changes():
    schema = json.loads((ROOT / "schema" / "case.schema.json").read_text())
    before = json.loads(json.dumps(schema))
    before["x-version"] = "0.9.0"
    del before["properties"]["identifiers"]
    after = json.loads(json.dumps(schema))
    after["properties"]["other_names"] = after["properties"].pop("also_known_as")
    after["x-renamed"] = [{"from": "also_known_as", "to": "other_names", "until": "2.0.0"}]
    lines = schema_changes(before, after)
    assert lines[0] == f"- Schema version {schema['x-version']} (was 0.9.0)."
    assert (
        "- Field `other_names` renamed from `also_known_as`: the old name is read, with a warning, until release 2.0.0."
        in lines
    )
    assert "- Field `identifiers` added." in lines and "- Field `identifiers[].value` added." in lines
    assert not any("also_known_as` removed" in line or "other_names` added" in line for line in lines)
    assert schema_changes(schema, schema) == []
