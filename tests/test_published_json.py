"""Every JSON file the built site publishes validates against the schema the site
publishes for it, checked by ajv (a second JSON Schema implementation, in node), as a
client of the API would check it.

Which schema is a file's comes from outside the code under test: a case's is the one
every case follows, a study file's is the one its YAML names on its first line (the
editor's ``$schema`` line), and ``data/cases.json`` names its own in its ``schema`` key.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.site

AJV = ROOT / "tests" / "ajv_validate.js"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
SITE_URL = "https://collaboration-casebook.github.io/casebook/"
# JSON the site publishes with no schema of its own, and why; anything else needs one.
NO_SCHEMA = {
    r"api/index\.json": "the API's table of contents",
    r"api/finder/.+\.json": "the cases finder's own index, read only by finder.js",
    r"pagefind/.+\.json": "Pagefind's index, read only by Pagefind's own script",
    r"data/cases\.json": "a bundle, not a case: each of its cases is checked against the schema it names",
    r"data/datapackage\.json": "a Data Package: frictionless checks it (test_export.py)",
    r"schema/.+\.json": "the schemas themselves: ajv checks each against its metaschema as it compiles it",
}


def _study_schema(root: Path, name: str) -> str:
    """The schema a study file names on its first line, as a path below the site."""
    first = (root / "study" / f"{name}.yaml").read_text(encoding="utf-8").splitlines()[0]
    relative = re.fullmatch(r"# yaml-language-server: \$schema=\.\./(schema/\S+)", first)
    assert relative, f"study/{name}.yaml names no schema on its first line: {first!r}"
    return relative[1]


def _former_ids(root: Path) -> set[str]:
    import yaml

    moved = yaml.safe_load((root / "moved.yaml").read_text(encoding="utf-8")) or {}
    return {entry["id"] for key in ("moved", "removed") for entry in moved.get(key) or ()}


def schema_of(root: Path, name: str) -> str | None:
    """The published schema for the published file ``name`` (a path below the site),
    None where the site publishes none; an AssertionError for a file of no known kind."""
    if any(re.fullmatch(pattern, name) for pattern in NO_SCHEMA):
        return None
    if match := re.fullmatch(r"api/cases/(.+)\.json", name):
        if (root / "cases" / f"{match[1]}.yaml").exists():
            return "schema/case.schema.json"
        assert match[1] in _former_ids(root), f"{name}: neither a case nor a former id in moved.yaml"
        return None  # a notice that the case moved or went, not a case
    match = re.fullmatch(r"api/(?:vocabularies/)?([a-z_]+)\.json", name)
    if match and (root / "study" / f"{match[1]}.yaml").exists():
        return _study_schema(root, match[1])
    raise AssertionError(f"{name}: a published JSON file of no known kind; give it a schema or list it in NO_SCHEMA")


def _ajv(schema: Path, documents: list[Path]) -> list[dict]:
    result = subprocess.run(
        ["node", str(AJV), str(schema), *map(str, documents)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == len(documents), result.stderr
    return rows


def test_every_published_json_file_validates_against_its_published_schema(built, tmp_path):
    site = built.out
    by_schema: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(site.rglob("*.json")):
        schema = schema_of(built.root, path.relative_to(site).as_posix())
        if schema is not None:
            by_schema[schema].append(path)
    # data/cases.json holds every case under "cases", and names their schema.
    bundle = json.loads((site / "data" / "cases.json").read_text(encoding="utf-8"))
    assert bundle["schema"].startswith(SITE_URL)
    for index, case in enumerate(bundle["cases"]):
        extracted = tmp_path / f"data-cases-{index}.json"
        extracted.write_text(json.dumps(case), encoding="utf-8")
        by_schema[bundle["schema"].removeprefix(SITE_URL)].append(extracted)

    # Every case and every study file was found, so the walk cannot pass by missing them.
    assert len(by_schema["schema/case.schema.json"]) == 2 * len(list((built.root / "cases").glob("*.yaml")))
    checked = {p.relative_to(site).as_posix() for paths in by_schema.values() for p in paths if p.is_relative_to(site)}
    assert {f"api/vocabularies/{p.stem}.json" for p in (built.root / "study").glob("*.yaml")} - checked == {
        "api/vocabularies/study.json",
        "api/vocabularies/measurement.json",
    }
    assert {"api/study.json", "api/measurement.json"} <= checked

    invalid = []
    for schema, documents in sorted(by_schema.items()):
        assert (site / schema).is_file(), f"{schema} is not published"
        invalid += [r for r in _ajv(site / schema, documents) if not r["valid"]]
        # And check-jsonschema, the checker pre-commit users reach for.
        result = subprocess.run(
            [str(CHECK_JSONSCHEMA), "--schemafile", str(site / schema), *map(str, documents)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    assert invalid == []


def test_the_classification_refuses_a_json_file_of_no_known_kind():
    for name in ("data/something-new.json", "api/something-new.json"):
        with pytest.raises(AssertionError, match="no known kind"):
            schema_of(ROOT, name)
    assert schema_of(ROOT, "api/vocabularies/models.json") == "schema/study/models.schema.json"
