"""Stable addresses: a renamed case's old address leads to it, a removed case's says
why it went, and the API's file for a former id says where the case is."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys

import pytest

import variants
from conftest import ROOT, copy_project, read_yaml
from site_build import article, build, page, search_records, text

pytestmark = pytest.mark.site


def git(repo, *args: str) -> subprocess.CompletedProcess:
    config = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    return subprocess.run(["git", *config, *args], cwd=repo, capture_output=True, text=True, check=True)


def addresses(project, since: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "macros", "--root", str(project), "addresses", "--since", since],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def moved_project(tmp_path_factory):
    """The real data, committed, then a study case renamed and another removed as
    CONTRIBUTING says (tests/variants.py), committed on top: a contributor's change."""
    project = copy_project(tmp_path_factory.mktemp("moved") / "project")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "the casebook")
    today = dt.date.today().isoformat()
    change = variants.moved(project, today)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "a rename and a removal")
    return project, change, today


@pytest.fixture(scope="module")
def moved_site(moved_project):
    project, change, today = moved_project
    out = project.parent / "site"
    result = build(project, out)
    assert result.returncode == 0, result.stderr
    (old, new), (gone, gone_name) = change["renamed"], change["removed"]
    return project, out, old, new, gone, gone_name, today


def test_the_address_check_passes_the_rename_as_contributing_describes_it_and_fails_it_without_its_entry(
    moved_project,
):
    project, change, _ = moved_project
    result = addresses(project, "HEAD~1")
    assert result.returncode == 0, result.stderr
    # The same change, its moved.yaml left as it was, not yet committed: the working tree counts.
    kept = (project / "moved.yaml").read_text(encoding="utf-8")
    (project / "moved.yaml").write_text(git(project, "show", "HEAD~1:moved.yaml").stdout, encoding="utf-8")
    try:
        result = addresses(project, "HEAD~1")
    finally:
        (project / "moved.yaml").write_text(kept, encoding="utf-8")
    assert result.returncode == 1
    for former in (change["renamed"][0], change["removed"][0]):
        assert f"{former}" in result.stderr and "not in moved.yaml" in result.stderr


def test_a_renamed_cases_old_address_sends_the_reader_to_its_new_one(moved_site):
    _, site, OLD, NEW, GONE, _, today = moved_site
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
    assert {"id": OLD, "moved_to": NEW, "date": today} in index["moved"]
    assert OLD not in {c["id"] for c in index["cases"]}


def test_a_removed_case_keeps_a_page_saying_why(moved_site):
    project, site, OLD, NEW, GONE, name, today = moved_site
    reason = read_yaml(project / "moved.yaml")["removed"][0]["reason"]
    soup = page(site, f"cases/{GONE}")
    body = text(article(soup))
    assert name in body and reason in body and today in body
    assert soup.find("meta", attrs={"http-equiv": "refresh"}) is None
    assert json.loads((site / "api" / "cases" / f"{GONE}.json").read_text())["reason"] == reason
    urls = set(search_records(site))
    assert any(f"/cases/{NEW}/" in u for u in urls)
    assert not any(f"/cases/{GONE}/" in u or f"/cases/{OLD}/" in u for u in urls)


@pytest.mark.parametrize(
    ("entry", "code", "where"),
    [
        (
            'moved:\n  - id: {old}\n    moved_to: no-such-case\n    date: "2026-11-26"\n',
            "unknown-case",
            "moved[0].moved_to",
        ),
        ('moved:\n  - id: {new}\n    moved_to: {new}\n    date: "2026-11-26"\n', "duplicate-id", "moved[0].id"),
        ('moved:\n  - id: x\n    moved_to: y\n    date: "2026-13-01"\n', "date", "moved[0].date"),
    ],
)
def test_a_wrong_former_id_is_an_error_naming_its_line(moved_project, tmp_path, entry, code, where):
    moved, change, _ = moved_project
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "cases")
    shutil.copytree(moved / "cases", project / "cases")
    old, new = change["renamed"]
    (project / "moved.yaml").write_text(entry.format(old=old, new=new), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "macros", "--root", str(project), "validate"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 1
    assert "moved.yaml:" in result.stdout and f" {where}: " in result.stdout and f"[{code}]" in result.stdout


def test_the_shipped_moved_file_is_valid_and_read_whole():
    from macros.loader import validate_project

    raw = read_yaml(ROOT / "moved.yaml") or {}
    casebook, problems = validate_project(ROOT)
    assert problems == []
    for kind in ("moved", "removed"):
        assert [e["id"] for e in casebook.former[kind]] == [e["id"] for e in raw.get(kind) or []]
