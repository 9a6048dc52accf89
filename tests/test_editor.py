"""What a contributor's editor knows: every YAML file's schema, the YAML version CI
reads, readable messages in the schema, and an ajv command that accepts the schema."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from jsonschema import Draft202012Validator

from conftest import ROOT
from macros.loader import STUDY_FILES

SETTINGS = ROOT / ".vscode" / "settings.json"
SCHEMAS = [ROOT / "schema" / "case.schema.json", *sorted((ROOT / "schema" / "study").glob("*.json"))]


def _settings() -> dict:
    # VS Code's settings are JSON with // comments.
    return json.loads("\n".join(line for line in SETTINGS.read_text().splitlines() if not line.startswith("//")))


def test_every_yaml_file_gets_the_schema_ci_checks_it_against():
    mapping = _settings()["yaml.schemas"]
    owner = {}
    for schema, patterns in mapping.items():
        assert (ROOT / schema).is_file(), schema
        for pattern in patterns:
            for path in ROOT.glob(pattern):
                assert path not in owner, f"{path} has two schemas"
                owner[path.relative_to(ROOT).as_posix()] = schema.removeprefix("./")
    for path in sorted((ROOT / "cases").glob("*.yaml")) + [ROOT / "templates" / "case.yaml"]:
        assert owner[path.relative_to(ROOT).as_posix()] == "schema/case.schema.json", path
    for name, kind in STUDY_FILES.items():
        assert owner[f"study/{name}.yaml"] == f"schema/study/{kind}.schema.json", name
    assert set(owner) == {
        p.relative_to(ROOT).as_posix()
        for p in [
            *ROOT.glob("cases/*.yaml"),
            *ROOT.glob("study/*.yaml"),
            ROOT / "templates" / "case.yaml",
            ROOT / "moved.yaml",
        ]
    }


def test_every_study_file_names_its_schema_in_its_first_line():
    for name, kind in STUDY_FILES.items():
        first = (ROOT / "study" / f"{name}.yaml").read_text().splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schema/study/{kind}.schema.json", name


def test_the_editor_reads_yaml_as_the_loader_does(tmp_path):
    """YAML 1.1, where an unquoted Yes is true: the editor flags `name: Yes` as CI does."""
    from macros.load import load_file

    assert _settings()["yaml.yamlVersion"] == "1.1"
    path = tmp_path / "yes.yaml"
    path.write_text("name: Yes\nother: on\n")
    assert load_file(path, "yes.yaml")[0].data == {"name": True, "other": True}


def _nodes(node, path=""):
    if isinstance(node, dict):
        yield path, node
        for key, child in node.items():
            yield from _nodes(child, f"{path}/{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _nodes(child, f"{path}/{index}")


def test_every_pattern_has_a_readable_message_and_every_description_a_markdown_one():
    for path in SCHEMAS:
        schema = json.loads(path.read_text())
        for where, node in _nodes(schema):
            if isinstance(node.get("pattern"), str):
                message = node.get("patternErrorMessage", "")
                assert message and "^" not in message and "\\" not in message, f"{path.name}{where}"
    case = json.loads(SCHEMAS[0].read_text())
    for where, node in _nodes(case):
        if isinstance(node.get("description"), str) and not where.endswith("/properties"):
            assert node["markdownDescription"].startswith(node["description"]), where


def test_a_pattern_error_reads_as_its_message(tmp_path, capsys):
    from conftest import MINIMAL_CASE, run_cli

    path = tmp_path / "bad-name.yaml"
    path.write_text(MINIMAL_CASE.format(id="bad-name", name="A <b>bold</b> name", model="unclassified"))
    code, out, _ = run_cli(capsys, "validate", path)
    assert code == 1
    schema = json.loads((ROOT / "schema" / "case.schema.json").read_text())
    message = schema["properties"]["name"]["patternErrorMessage"]
    assert message.startswith("Plain text on one line, without the characters < > { } [ ] | ` or backslash")
    assert message in out
    assert "^[" not in out


def _extra_keywords() -> set[str]:
    """Keywords the schemas use that JSON Schema 2020-12 does not define."""
    standard = set(Draft202012Validator.VALIDATORS) | {
        "then",  # checked through `if`
        "else",
        "$schema",
        "$id",
        "$defs",
        "$comment",
        "title",
        "description",
        "default",
        "examples",
        "format",
    }
    found = set()
    for path in SCHEMAS:
        for where, node in _nodes(json.loads(path.read_text())):
            if where.endswith(("/properties", "/$defs")) or "/x-renamed" in where:
                continue  # names of fields and definitions, and renames, not keywords
            found |= {k for k in node if k not in standard}
    return found


def test_ajv_in_strict_mode_is_told_of_every_extra_keyword():
    extra = _extra_keywords()
    assert {"x-vocabulary", "patternErrorMessage", "markdownDescription"} <= extra
    script = (ROOT / "tests" / "ajv_validate.js").read_text()
    guide = (ROOT / "CONTRIBUTING.md").read_text()
    for text in (script, guide):
        registered = re.search(r"addVocabulary\(\[([^\]]*)\]\)", text)
        assert registered, "the ajv command registers the schema's own keywords"
        assert set(re.findall(r'"([^"]+)"', registered[1])) == extra


def _yaml_language_server(paths: list) -> dict[str, list[dict]]:
    """The diagnostics VS Code's YAML extension shows for each file, with .vscode's settings."""
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "yaml_ls_check.js"), str(ROOT), json.dumps(_settings()), *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_editor_finds_nothing_wrong_in_a_valid_file_and_only_what_validation_finds_in_the_template(tmp_path):
    from macros.loader import validate_project

    cases = sorted((ROOT / "cases").glob("*.yaml"))
    study = [ROOT / "study" / f"{name}.yaml" for name in STUDY_FILES] + [ROOT / "moved.yaml"]
    template = ROOT / "templates" / "case.yaml"
    found = _yaml_language_server([*cases, *study, template])
    for path in [*cases, *study]:
        # A valid file (CI has validated every one): the editor must agree.
        assert found[str(path)] == [], f"{path.relative_to(ROOT)}: {found[str(path)]}"
    # The template fails on purpose, field by field: the editor may flag only those lines.
    copy = tmp_path / "example-organisation.yaml"
    copy.write_text(template.read_text())
    _, problems = validate_project(ROOT, [copy])
    assert {d["line"] for d in found[str(template)]} <= {p.line for p in problems}, found[str(template)]


def test_check_jsonschema_accepts_every_case_and_study_file():
    # check-jsonschema reads YAML 1.2 (ruamel.yaml) where the casebook reads 1.1: the files
    # mean the same in both, which is what lets every client agree.
    checker = Path(sys.executable).parent / "check-jsonschema"
    groups = {"schema/case.schema.json": sorted((ROOT / "cases").glob("*.yaml"))}
    groups["schema/moved.schema.json"] = [ROOT / "moved.yaml"]
    for name, kind in STUDY_FILES.items():
        groups.setdefault(f"schema/study/{kind}.schema.json", []).append(ROOT / "study" / f"{name}.yaml")
    for schema, paths in groups.items():
        command = [str(checker), "--schemafile", str(ROOT / schema), *map(str, paths)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
