"""The site in a real browser (Debian's chromium, driven by Playwright): every page
clean, accessible (axe-core, WCAG 2.2 A and AA), usable at 360 and 1280 px wide, and
the explorer, search and sortable tables working under the site's CSP."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from browser import AXE, BROWSER, CHROMIUM_ARGS, CSP_WATCH, check_page, compressed_size, serve, site_pages
from conftest import ROOT

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WIDTHS = {"mobile": 360, "desktop": 1280}
SHOTS = {
    "home": "",
    "case": "cases/golden-key/",
    "model": "typology/agents-of-change/",
    "comparison": "comparisons/drivers/",
}


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
        "#cb-cases-table tbody tr:not([hidden]) th a", "links => links.map(a => a.textContent)"
    )


def _labels(built, name: str) -> dict[str, str]:
    data = yaml.safe_load((built.root / "study" / f"{name}.yaml").read_text(encoding="utf-8"))
    return {t["id"]: t["label"] for t in [*data["terms"], *([data["unclassified"]] if "unclassified" in data else [])]}


def _names(raw_cases, keep) -> list[str]:
    return sorted(d["name"] for d in raw_cases.values() if keep(d))


def test_explorer_filters_by_several_facets(page, served, built, raw_cases):
    """Expectations from the raw case files: the test holds whatever cases there are."""
    models, engagements = _labels(built, "models"), _labels(built, "engagement_types")
    funding, regions = _labels(built, "funding_types"), _labels(built, "regions")
    total = len(raw_cases)
    page.goto(served + "cases/", wait_until="networkidle")
    status = page.locator(".cb-status-line")
    assert status.inner_text() == f"Showing {total} of {total} cases."
    first_model = next(iter(models))
    page.get_by_role("group", name="Model").get_by_label(models[first_model], exact=True).check()
    in_model = _names(raw_cases, lambda d: d["model"] == first_model)
    assert status.inner_text() == f"Showing {len(in_model)} of {total} cases."
    assert sorted(_visible_names(page)) == in_model
    # Two facets narrow: the first engagement type that leaves at least one of the model's cases.
    pairs = {(d["model"], d.get("engagement")) for d in raw_cases.values()}
    engagement = next(e for e in engagements if (first_model, e) in pairs)
    page.get_by_role("group", name="Engagement").get_by_label(engagements[engagement], exact=True).check()
    both = _names(raw_cases, lambda d: d["model"] == first_model and d.get("engagement") == engagement)
    assert status.inner_text() == f"Showing {len(both)} of {total} cases."
    assert sorted(_visible_names(page)) == both
    # Two values of one facet widen.
    second_model = list(models)[1]
    page.get_by_role("group", name="Model").get_by_label(models[second_model], exact=True).check()
    assert sorted(_visible_names(page)) == _names(
        raw_cases, lambda d: d["model"] in (first_model, second_model) and d.get("engagement") == engagement
    )
    page.get_by_role("button", name="Clear filters").click()
    assert status.inner_text() == f"Showing {total} of {total} cases."
    # Funding and region: a pair that some case has.
    case = next(d for d in raw_cases.values() if d.get("funding"))
    page.get_by_role("group", name="Funding type").get_by_label(funding[case["funding"][0]], exact=True).check()
    page.get_by_role("group", name="Region").get_by_label(regions[case["place"]["region"]], exact=True).check()
    assert sorted(_visible_names(page)) == _names(
        raw_cases,
        lambda d: case["funding"][0] in d.get("funding", ()) and d["place"]["region"] == case["place"]["region"],
    )


def test_explorer_compares_two_to_four_cases_side_by_side(page, served, built, raw_cases):
    funding_labels = _labels(built, "funding_types")
    cases = sorted(raw_cases.values(), key=lambda d: d["name"])[:5]
    assert len(cases) == 5, "the comparison test needs five cases"
    names = [d["name"] for d in cases]
    page.goto(served + "cases/", wait_until="networkidle")
    for name in names[:2]:
        page.get_by_label(f"Compare {name}", exact=True).check()
    table = page.locator(".cb-side-by-side")
    headers = table.locator("thead th").all_inner_texts()
    assert headers == ["Field", *names[:2]]
    funding = table.locator("tbody tr", has=page.locator("th", has_text="Funding")).locator("td").all_inner_texts()
    assert funding == [
        ", ".join(funding_labels[f] for f in d["funding"]) if d.get("funding") else "not recorded" for d in cases[:2]
    ]
    for name in names[2:4]:
        page.get_by_label(f"Compare {name}", exact=True).check()
    page.get_by_label(f"Compare {names[4]}", exact=True).click()  # a fifth: refused
    assert len(table.locator("thead th").all_inner_texts()) == 5  # four cases at most
    assert not page.get_by_label(f"Compare {names[4]}", exact=True).is_checked()
    assert "up to four" in page.locator(".cb-compare [role=status]").inner_text()
    page.get_by_label(f"Compare {names[1]}", exact=True).uncheck()
    assert table.locator("thead th").all_inner_texts() == ["Field", names[0], *names[2:4]]


def test_without_javascript_the_full_table_shows(browser, served, raw_cases):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "cases/")
    assert page.locator("#cb-cases-table tbody tr").count() == len(raw_cases)
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


def test_search_works_under_csp(page, served, raw_cases):
    # A place named in one case only: its search must find that case.
    localities = [d["place"].get("locality") for d in raw_cases.values()]
    case = next(
        d for d in raw_cases.values() if d["place"].get("locality") and localities.count(d["place"]["locality"]) == 1
    )
    page.goto(served, wait_until="networkidle")
    page.locator(".md-search__input").click()
    page.keyboard.type(case["place"]["locality"], delay=20)  # the theme listens for key presses
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=15_000)
    assert case["name"] in page.locator(".md-search-result").inner_text()
