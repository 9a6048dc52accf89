"""Structure that keeps the site linear as it grows (timings live in bench/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, copy_project, run_cli
from site_build import build, page

pytestmark = pytest.mark.site


def _project_with(tmp_path: Path, count: int) -> Path:
    project = copy_project(tmp_path / f"n{count}")
    from macros.cli import main

    assert main(["synth", "--count", str(count), "--out", str(project / "cases")]) == 0
    return project


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    built = {}
    for count in (20, 200):
        project = _project_with(tmp_path_factory.mktemp("scale"), count)
        out = project.parent / "site"
        result = build(project, out)
        assert result.returncode == 0, result.stderr
        built[count] = out
    return built


def test_synth_refuses_the_real_cases_folder(capsys):
    code, _, err = run_cli(capsys, "synth", "--count", "2", "--out", ROOT / "cases")
    assert code == 2 and "never go into the real cases/" in err
    assert not list((ROOT / "cases").glob("synthetic-*"))


def test_synthetic_cases_are_valid_and_varied(capsys, tmp_path):
    code, _, _ = run_cli(capsys, "synth", "--count", "60", "--out", tmp_path)
    assert code == 0
    code, _, err = run_cli(capsys, "validate", tmp_path)
    assert code == 0, err
    from macros.casebook import load_casebook, validate_project

    casebook, _ = validate_project(ROOT, sorted(tmp_path.glob("*.yaml")))
    real = load_casebook(ROOT)
    assert {c.model for c in casebook.cases} == set(real.vocab("models").ids)
    assert {f for c in casebook.cases for f in c["funding"]} == set(real.vocab("funding_types").ids)
    assert {d["driver"] for c in casebook.cases for d in c.get("drivers", ())} == set(real.vocab("drivers").ids)
    assert all(c.id.startswith("synthetic-") for c in casebook.cases)


def test_a_case_page_does_not_grow_with_the_casebook(sites):
    small = (sites[20] / "cases" / "synthetic-00001" / "index.html").stat().st_size
    large = (sites[200] / "cases" / "synthetic-00001" / "index.html").stat().st_size
    assert large <= small * 1.01, (small, large)


def test_the_sidebar_does_not_list_the_cases(sites):
    counts = []
    for site in sites.values():
        nav = page(site, "cases/synthetic-00001").select_one("nav.md-nav--primary")
        hrefs = [a.get("href", "") for a in nav.find_all("a")]
        assert not any("synthetic-" in h for h in hrefs)
        counts.append(len(hrefs))
    assert counts[0] == counts[1]


def test_total_size_grows_about_linearly(sites):
    def size(site):
        return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())

    base = size(sites[20])
    grown = size(sites[200])
    real = len(list((ROOT / "cases").glob("*.yaml")))
    # The real cases + 20 synthetic against the real + 200: far below quadratic growth.
    assert grown < base * ((real + 200) / (real + 20)) * 1.5
