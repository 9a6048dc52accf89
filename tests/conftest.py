from __future__ import annotations

import os
import shutil
from pathlib import Path

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
        ".mutmut-venv",
        ".cffconvert-venv",
        "mutants",
    )
    shutil.copytree(ROOT, target, ignore=ignore)
    return target


def module_scope_but_per_test_under_mutmut(fixture_name, config) -> str:
    """A fixture's scope: made once per module, except under mutmut, which runs for a
    mutant only the tests that called its function while it watched; a call made while
    a shared fixture was set up is counted for the module's first test alone, so the
    module's other tests would never meet the mutant."""
    return "function" if "MUTANT_UNDER_TEST" in os.environ else "module"


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


from variants import GIVEN_WEBSITE, MINIMAL_CASE, NEW_CASE, NEW_CASE_ID, extend_data  # noqa: E402,F401


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
    from macros.loader import load_casebook
    from macros.release import published

    return published(load_casebook(built.root), built.root)  # as the build saw it


@pytest.fixture(scope="session")
def raw_cases(built) -> dict[str, dict]:
    """The built project's case files, read with PyYAML: independent of the project's loader."""
    import yaml

    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((built.root / "cases").glob("*.yaml"))
    }


# Debian's chromium, driven by Playwright, for a module's browser tests (no browser is downloaded).
@pytest.fixture(scope="module")
def chromium():
    sync_api = pytest.importorskip("playwright.sync_api")
    from browser import BROWSER, CHROMIUM_ARGS

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=BROWSER, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def related_by_rule(raw_cases: dict[str, dict]) -> dict[str, list[str]]:
    """Each case's related cases by name, from the rule its page states, written here
    from the raw YAML: at most five, among the others of the case's model (every other
    case, for an unclassified one), those sharing something, the same model weighing 4,
    each funding type 2 and each partner type 1, ties by name."""

    def shared(a: dict, b: dict) -> int:
        same = a["model"] == b["model"] != "unclassified"
        funding = set(a.get("funding") or ()) & set(b.get("funding") or ()) - {"none"}
        types = {p["type"] for p in a.get("partners", ()) if "type" in p}
        types &= {p["type"] for p in b.get("partners", ()) if "type" in p}
        return 4 * same + 2 * len(funding) + len(types)

    out = {}
    for case_id, case in raw_cases.items():
        pool = [o for k, o in raw_cases.items() if k != case_id and case["model"] in ("unclassified", o["model"])]
        ranked = sorted((o for o in pool if shared(case, o)), key=lambda o: (-shared(case, o), o["name"].casefold()))
        out[case_id] = [o["name"] for o in ranked[:5]]
    return out


# The fixtures that build a site: a test that asks for one is a site test wherever it
# is, so that "-m 'not site'" means what the README says (no site build, no install).
BUILDING_FIXTURES = {"built", "site", "site_casebook", "raw_cases", "hostile_site"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BUILDING_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.site)
