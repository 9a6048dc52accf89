"""Structure that keeps the site linear as it grows (timings live in bench/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, copy_project, read_yaml, run_cli
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
    from macros.loader import load_casebook, validate_project

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


def _pages(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}


def test_no_page_outgrows_the_largest_page_of_a_small_casebook(sites):
    """Lists name a few cases and count the rest; comparisons summarise by model; long
    lists go over numbered pages. So ten times the cases make no page larger."""
    small, large = _pages(sites[20]), _pages(sites[200])
    ceiling = max(small.values())
    over = {name: size for name, size in large.items() if size > ceiling}
    assert over == {}, f"pages larger than the largest at N=20 ({ceiling} bytes): {over}"


def test_the_readers_pages_weigh_the_same_at_ten_times_the_cases(sites):
    """The pages of the reader's task (bench/benchmark.py --reader): the home page, the
    search page, a case page and the cases finder."""
    for name in ("index.html", "search/index.html", "cases/golden-key/index.html", "cases/index.html"):
        small = (sites[20] / name).stat().st_size
        large = (sites[200] / name).stat().st_size
        assert large <= small * 1.1, (name, small, large)


def test_every_case_is_reachable_by_plain_links_at_scale(sites):
    from site_build import article

    for site in sites.values():
        reached = set()
        finder = article(page(site, "cases"))
        pending = [a["href"] for a in finder.select('nav[aria-label="Cases by first letter"] a')]
        seen = set()
        while pending:
            href = pending.pop()
            target = href.split("browse/", 1)[1].strip("/")
            if target in seen:
                continue
            seen.add(target)
            body = article(page(site, f"browse/{target}"))
            reached |= {a["href"].rstrip("/").split("/")[-1] for a in body.select("tbody th a")}
            pending += [a["href"] for a in body.select("nav.cb-pages a")]
        # Every case page: the folders of cases/ but those of former ids (moved.yaml).
        moved = read_yaml(ROOT / "moved.yaml") or {}
        former = {e["id"] for kind in ("moved", "removed") for e in moved.get(kind) or ()}
        assert reached == {p.name for p in (site / "cases").iterdir() if (p / "index.html").exists()} - former


# ---- In the browser, at a small N (issue: scale for readers) ---------------------


def _raw(site: Path) -> dict[str, dict]:
    import yaml

    project = site.parent / "n200"
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (project / "cases").glob("*.yaml")}


@pytest.mark.browser
def test_at_200_cases_search_finds_a_case_by_name_and_filters_narrow(chromium, sites):
    from browser import serve

    raw = _raw(sites[200])
    names = [d["name"] for d in raw.values()]
    # A synthetic name that no other case shares, nor contains.
    case_id, data = next(
        (i, d) for i, d in sorted(raw.items()) if i.startswith("synthetic-") and names.count(d["name"]) == 1
    )
    model = data["model"]
    with serve(sites[200]) as base:
        page = chromium.new_page()
        page.goto(base + "search/?q=" + data["name"].replace(" ", "+"), wait_until="networkidle")
        first = page.locator("#cb-search-results li a.cb-result-title").first
        first.wait_for(timeout=15_000)
        assert first.get_attribute("href").rstrip("/").endswith("cases/" + case_id)
        # Filters narrow: every page of the finder's answer, against the raw files.
        page.goto(base + f"cases/?model={model}", wait_until="networkidle")
        expected = sorted((d["name"] for d in raw.values() if d["model"] == model), key=str.casefold)
        shown = []
        for _ in range(40):
            page.wait_for_timeout(300)
            shown += page.locator("#cb-cases-table tbody th a").all_inner_texts()
            following = page.get_by_role("button", name="Next page")
            if not following.is_visible() or following.is_disabled():
                break
            following.click()
            page.wait_for_load_state("networkidle")
        assert shown == expected
        page.close()


@pytest.mark.browser
def test_at_200_cases_every_case_is_reachable_by_plain_links_without_javascript(chromium, sites):
    from browser import serve

    raw = _raw(sites[200])
    with serve(sites[200]) as base:
        context = chromium.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(base + "cases/")
        pending = (
            page.get_by_role("navigation", name="Cases by first letter")
            .get_by_role("link")
            .evaluate_all("links => links.map(a => a.href)")
        )
        seen, reached = set(), set()
        while pending:
            url = pending.pop()
            if url in seen:
                continue
            seen.add(url)
            page.goto(url)
            reached |= {
                h.rstrip("/").rsplit("/", 1)[-1]
                for h in page.locator("tbody th a").evaluate_all("links => links.map(a => a.href)")
            }
            pending += page.locator("nav.cb-pages a").evaluate_all("links => links.map(a => a.href)")
        context.close()
    assert reached == set(raw)
