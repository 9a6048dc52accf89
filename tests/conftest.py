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


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """Run ``python -m macros`` in-process; return (exit code, stdout, stderr)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def copy_project(target: Path) -> Path:
    """A scratch copy of everything a build needs: data, schemas, code, docs, config."""
    ignore = shutil.ignore_patterns(".venv", ".git", "site", "__pycache__", "tests", "bench",
                                    "node_modules", "test-artifacts", ".hypothesis", ".pytest_cache")
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


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The project's site, built once per test run with `mkdocs build --strict`."""
    from site_build import build

    out = tmp_path_factory.mktemp("site") / "site"
    result = build(ROOT, out)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out
