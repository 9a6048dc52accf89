from __future__ import annotations

import shutil
from pathlib import Path

import os

import pytest
from hypothesis import settings

# The normal suite replays the same bounded examples each run, so CI never fails by
# chance; HYPOTHESIS_PROFILE=thorough explores far more, with fresh random examples.
settings.register_profile("default", max_examples=100, derandomize=True, deadline=None)
settings.register_profile("thorough", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

from macros.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


class PlainYAML(__import__("yaml").SafeLoader):
    """PyYAML's own reading, with dates kept as the text they were: what the case files
    say, read independently of the project's loader."""


PlainYAML.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def read_yaml(path: Path):
    import yaml

    return yaml.load(path.read_text(encoding="utf-8"), Loader=PlainYAML)


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """Run ``python -m macros`` in-process; return (exit code, stdout, stderr)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def copy_project(target: Path) -> Path:
    """A scratch copy of everything a build needs: data, schemas, code, docs, config."""
    ignore = shutil.ignore_patterns(
        ".venv",
        ".git",
        "site",
        "__pycache__",
        "tests",
        "bench",
        "node_modules",
        "test-artifacts",
        ".hypothesis",
        ".pytest_cache",
        ".zensical-venv",
        ".properdocs-venv",
        ".zensical",
        ".cache",
        "site-zensical",
        "site-properdocs",
    )
    shutil.copytree(ROOT, target, ignore=ignore)
    return target


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


MINIMAL_CASE = """\
id: {id}
name: {name}
summary: A case used by the tests.
place:
  areas: [Somewhere]
  region: london
  nation: england
  sources: [s]
scope: Testing
model: {model}
classification_sources: [s]
sources:
  - id: s
    title: A source
    publisher: A publisher
    url: https://example.org/
last_reviewed: "2026-01-01"
"""


# A case the study did not cover, as a contributor might add it: no engagement, no study
# source, unclassified (as the template suggests), funding, typed partners, and a driver
# a source shows does not apply.
NEW_CASE_ID = "leeds-neighbourhood-alliance"
NEW_CASE = (
    MINIMAL_CASE.format(id=NEW_CASE_ID, name="Leeds Neighbourhood Alliance", model="{model}")
    + """\
website: https://www.leeds.gov.uk/
funding: [donations]
partners:
  - name: Leeds City Council
    type: local-government
    sources: [s]
drivers:
  - driver: {applies}
    basis: editors
    note: The source shows it.
    sources: [s]
  - driver: {not_applies}
    basis: editors
    applies: false
    note: The source shows it does not apply.
    sources: [s]
"""
)
GIVEN_WEBSITE = "https://www.example.gov.uk/a-site-the-study-case-lacked"


def extend_data(project: Path) -> None:
    """The real data plus a case the study did not cover, and a study case given a
    website it lacked (the first such case, if any): what a contributor's pull request does."""
    import yaml

    cases = project / "cases"
    models = yaml.safe_load((project / "study" / "models.yaml").read_text(encoding="utf-8"))
    drivers = yaml.safe_load((project / "study" / "drivers.yaml").read_text(encoding="utf-8"))["terms"]
    (cases / f"{NEW_CASE_ID}.yaml").write_text(
        NEW_CASE.replace("{model}", models["unclassified"]["id"])
        .replace("{applies}", drivers[-1]["id"])
        .replace("{not_applies}", drivers[0]["id"]),
        encoding="utf-8",
    )
    for path in sorted(cases.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("engagement") and not data.get("website"):
            path.write_text(
                path.read_text(encoding="utf-8").rstrip("\n") + f"\nwebsite: {GIVEN_WEBSITE}\n", encoding="utf-8"
            )
            break


class Built:
    """A built site and the project it was built from."""

    def __init__(self, variant: str, root: Path, out: Path):
        self.variant, self.root, self.out = variant, root, out


@pytest.fixture(scope="session", params=["real-data", "data-plus-a-new-case"])
def built(request, tmp_path_factory) -> Built:
    """The site, built once per test run with `mkdocs build --strict`: from the real data,
    and from the real data plus a contributor's new case, so that every site test holds
    for data it has not seen."""
    from site_build import build

    base = tmp_path_factory.mktemp(request.param)
    root = ROOT
    if request.param != "real-data":
        root = copy_project(base / "project")
        extend_data(root)
    out = base / "site"
    result = build(root, out)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return Built(request.param, root, out)


@pytest.fixture(scope="session")
def site(built) -> Path:
    return built.out


@pytest.fixture(scope="session")
def site_casebook(built):
    from macros.casebook import load_casebook

    return load_casebook(built.root)


@pytest.fixture(scope="session")
def raw_cases(built) -> dict[str, dict]:
    """The built project's case files, read with PyYAML: independent of the project's loader."""
    import yaml

    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((built.root / "cases").glob("*.yaml"))
    }
