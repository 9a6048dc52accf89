"""The site in a real browser (Debian's chromium, driven by Playwright): every page
clean, accessible (axe-core, WCAG 2.2 A and AA), usable at 360 and 1280 px wide, and
the explorer, search and sortable tables working under the site's CSP."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from browser import AXE, BROWSER, CHROMIUM_ARGS, CSP_WATCH, check_page, compressed_size, serve, site_pages
from conftest import ROOT

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WIDTHS = {"mobile": 360, "desktop": 1280}
SHOTS = {"home": "", "case": "cases/golden-key/", "model": "typology/agents-of-change/",
         "comparison": "comparisons/drivers/"}


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    assert Path(BROWSER).exists(), f"no browser at {BROWSER}: `make test` installs Debian's chromium"
    assert AXE.exists(), "axe-core is missing: `make test` runs `npm ci`"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=BROWSER, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def served(site):
    with serve(site) as base:
        yield base


@pytest.fixture(scope="module")
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def _context(browser, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(CSP_WATCH)
    return context


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_every_page_is_clean_and_accessible(browser, site, served, axe_source, width):
    context = _context(browser, width)
    failures = {}
    pages = site_pages(site)
    assert len(pages) > 25
    for path in pages:
        problems = check_page(context, served, path, axe_source).problems()
        if problems:
            failures[path or "/"] = problems
    context.close()
    assert failures == {}, "\n".join(f"{path}: {p}" for path, problems in failures.items() for p in problems)


def test_screenshots(browser, served):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, width in WIDTHS.items():
        context = _context(browser, width)
        page = context.new_page()
        for name, path in SHOTS.items():
            page.goto(served + path, wait_until="networkidle")
            target = SCREENSHOTS / f"{name}-{label}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 10_000
        context.close()


def test_the_axe_check_catches_a_planted_violation(browser, site, tmp_path, axe_source):
    planted = tmp_path / "site"
    shutil.copytree(site, planted)
    page_file = planted / "about" / "index.html"
    html = page_file.read_text()
    page_file.write_text(html.replace("<h1", '<img src="../assets/images/favicon.png"><h1', 1))
    with serve(planted) as base:
        context = _context(browser, 1280)
        report = check_page(context, base, "about/", axe_source)
        context.close()
    assert [v["id"] for v in report.violations] == ["image-alt"]


def test_a_case_page_weighs_under_150_kb_compressed(browser, served, axe_source):
    context = _context(browser, 1280)
    report = check_page(context, served, "cases/golden-key/", axe_source, keep_bodies=True)
    context.close()
    assert report.bodies
    weight = compressed_size(report.bodies)
    assert weight < 150 * 1024, f"{weight / 1024:.0f} KB"


# ---- Interactions, under the site's Content-Security-Policy -----------------------

@pytest.fixture
def page(browser, served):
    context = _context(browser, 1280)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    csp = page.evaluate("window.__csp || []") if not page.is_closed() else []
    context.close()
    assert errors == [] and csp == []


def _visible_names(page) -> list[str]:
    return page.eval_on_selector_all(
        "#cb-cases-table tbody tr:not([hidden]) th a", "links => links.map(a => a.textContent)")


def test_explorer_filters_by_several_facets(page, served):
    page.goto(served + "cases/", wait_until="networkidle")
    status = page.locator(".cb-status-line")
    assert status.inner_text() == "Showing 10 of 10 cases."
    page.get_by_role("group", name="Model").get_by_label("Collaborative councils").check()
    assert status.inner_text() == "Showing 3 of 10 cases."
    assert sorted(_visible_names(page)) == ["Oldham Council", "Wigan Council", "Wirral Council"]
    page.get_by_role("group", name="Engagement").get_by_label("Deep dive").check()
    assert status.inner_text() == "Showing 1 of 10 cases."
    assert _visible_names(page) == ["Wirral Council"]
    page.get_by_role("group", name="Model").get_by_label("System connectors").check()
    assert sorted(_visible_names(page)) == ["West London Zone", "Wirral Council"]
    page.get_by_role("button", name="Clear filters").click()
    assert status.inner_text() == "Showing 10 of 10 cases."
    page.get_by_role("group", name="Funding type").get_by_label("Grant funding").check()
    page.get_by_role("group", name="Region").get_by_label("South West").check()
    assert sorted(_visible_names(page)) == ["Golden Key", "Somerset Richmond Group"]


def test_explorer_compares_two_to_four_cases_side_by_side(page, served):
    page.goto(served + "cases/", wait_until="networkidle")
    for name in ("Wigan Council", "Golden Key"):
        page.get_by_label(f"Compare {name}").check()
    table = page.locator(".cb-side-by-side")
    headers = table.locator("thead th").all_inner_texts()
    assert headers == ["Field", "Wigan Council", "Golden Key"]
    funding = table.locator("tbody tr", has=page.locator("th", has_text="Funding")).locator("td").all_inner_texts()
    assert funding == ["None", "Grant funding"]
    for name in ("Ignite Coventry", "Kibble Education and Care Centre"):
        page.get_by_label(f"Compare {name}").check()
    page.get_by_label("Compare Oldham Council").click()   # a fifth: refused
    assert len(table.locator("thead th").all_inner_texts()) == 5      # four cases at most
    assert not page.get_by_label("Compare Oldham Council").is_checked()
    assert "up to four" in page.locator(".cb-compare [role=status]").inner_text()
    page.get_by_label("Compare Golden Key").uncheck()
    assert table.locator("thead th").all_inner_texts() == ["Field", "Wigan Council", "Ignite Coventry",
                                                          "Kibble Education and Care Centre"]


def test_without_javascript_the_full_table_shows(browser, served):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "cases/")
    assert page.locator("#cb-cases-table tbody tr").count() == 10
    assert not page.locator("#cb-explorer").is_visible()
    context.close()


def test_sortable_tables_sort_under_csp(page, served):
    page.goto(served + "comparisons/funding/", wait_until="networkidle")
    table = page.locator("table").nth(1)
    first_column = lambda: table.locator("tbody th").all_inner_texts()
    assert first_column() == sorted(first_column(), key=str.casefold)
    header = table.get_by_role("button", name="Case")
    header.click()
    header.click()
    assert first_column() == sorted(first_column(), key=str.casefold, reverse=True)
    assert table.locator("thead th").first.get_attribute("aria-sort") == "descending"


def test_search_works_under_csp(page, served):
    page.goto(served, wait_until="networkidle")
    page.locator(".md-search__input").click()
    page.keyboard.type("Willenhall", delay=20)   # the theme listens for key presses
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=15_000)
    assert "Ignite Coventry" in page.locator(".md-search-result").inner_text()
