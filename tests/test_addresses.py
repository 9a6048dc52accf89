"""Stable addresses: a renamed case's old address leads to it, a removed case's says
why it went, and the API's file for a former id says where the case is."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT, copy_project
from site_build import article, build, page, search_records, text

pytestmark = pytest.mark.site

OLD, NEW, GONE = "wigan-council", "wigan-the-deal", "ignite-coventry"


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory):
    """The real data after an id change (wigan-council -> wigan-the-deal) and a removal."""
    project = copy_project(tmp_path_factory.mktemp("moved") / "project")
    cases = project / "cases"
    text_ = (cases / f"{OLD}.yaml").read_text(encoding="utf-8").replace(f"id: {OLD}\n", f"id: {NEW}\n", 1)
    (cases / f"{NEW}.yaml").write_text(text_, encoding="utf-8")
    (cases / f"{OLD}.yaml").unlink()
    (cases / f"{GONE}.yaml").unlink()
    (project / "moved.yaml").write_text(
        f'moved:\n  - id: {OLD}\n    moved_to: {NEW}\n    date: "2026-11-26"\n'
        f'removed:\n  - id: {GONE}\n    name: Ignite Coventry\n    date: "2026-11-26"\n'
        "    reason: A test of a removal.\n",
        encoding="utf-8",
    )
    out = project.parent / "site"
    result = build(project, out)
    assert result.returncode == 0, result.stderr
    return project, out


def test_a_renamed_cases_old_address_sends_the_reader_to_its_new_one(moved_site):
    _, site = moved_site
    soup = page(site, f"cases/{OLD}")
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None and refresh["content"] == f"0; url=../../cases/{NEW}/"
    link = article(soup).select_one("a[data-cb-moved-to]")
    assert link["href"] == f"../../cases/{NEW}/" and (site / "cases" / NEW / "index.html").is_file()
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    api = json.loads((site / "api" / "cases" / f"{OLD}.json").read_text())
    assert api["moved_to"] == NEW and api["url"].endswith(f"/api/cases/{NEW}.json")
    og = soup.find("meta", attrs={"property": "og:url"})["content"]
    assert og.endswith(f"/cases/{NEW}/")
    ris = site / "cases" / OLD / "citation.ris"
    assert ris.read_bytes() == (site / "cases" / NEW / "citation.ris").read_bytes()
    sitemap = (site / "sitemap.xml").read_text()
    assert f"/cases/{NEW}/</loc>" in sitemap and f"/cases/{OLD}/</loc>" not in sitemap
    assert f"/cases/{GONE}/</loc>" not in sitemap
    index = json.loads((site / "api" / "index.json").read_text())
    assert {"id": OLD, "moved_to": NEW, "date": "2026-11-26"} in index["moved"]
    assert OLD not in {c["id"] for c in index["cases"]}


def test_a_removed_case_keeps_a_page_saying_why(moved_site):
    _, site = moved_site
    soup = page(site, f"cases/{GONE}")
    body = text(article(soup))
    assert "Ignite Coventry" in body and "A test of a removal." in body and "2026-11-26" in body
    assert soup.find("meta", attrs={"http-equiv": "refresh"}) is None
    assert json.loads((site / "api" / "cases" / f"{GONE}.json").read_text())["reason"] == "A test of a removal."
    urls = set(search_records(site))
    assert any(f"/cases/{NEW}/" in u for u in urls)
    assert not any(f"/cases/{GONE}/" in u or f"/cases/{OLD}/" in u for u in urls)


@pytest.mark.parametrize(
    ("entry", "code", "where"),
    [
        (
            f'moved:\n  - id: {OLD}\n    moved_to: no-such-case\n    date: "2026-11-26"\n',
            "unknown-case",
            "moved[0].moved_to",
        ),
        (f'moved:\n  - id: {NEW}\n    moved_to: {NEW}\n    date: "2026-11-26"\n', "duplicate-id", "moved[0].id"),
        ('moved:\n  - id: x\n    moved_to: y\n    date: "2026-13-01"\n', "date", "moved[0].date"),
    ],
)
def test_a_wrong_former_id_is_an_error_naming_its_line(moved_site, tmp_path, entry, code, where):
    project = copy_project(tmp_path / "project")
    for path in (moved_site[0] / "cases").glob("*.yaml"):
        (project / "cases" / path.name).write_bytes(path.read_bytes())
    (project / "cases" / f"{OLD}.yaml").unlink()
    (project / "moved.yaml").write_text(entry, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "macros", "--root", str(project), "validate"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 1
    assert "moved.yaml:" in result.stdout and f" {where}: " in result.stdout and f"[{code}]" in result.stdout


def test_the_shipped_moved_file_with_blank_lists_is_valid():
    from macros.casebook import validate_project

    text = (ROOT / "moved.yaml").read_text()
    assert "\nmoved:\n" in text and "\nremoved:\n" in text
    casebook, problems = validate_project(ROOT)
    assert problems == [] and [len(casebook.former[k]) for k in ("moved", "removed")] == [0, 0]
