"""The site in a real browser (Debian's chromium, driven by Playwright): every page
clean and accessible (axe-core, WCAG 2.2 A and AA and best practice), usable at 360
and 1280 px wide (no word split in a table, every Tab stop visible), and the cases
finder, search, print styles and sortable tables working under the site's CSP."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from bs4 import BeautifulSoup

from browser import AXE, BROWSER, CHROMIUM_ARGS, CSP_WATCH, check_page, compressed_size, serve, site_pages, tab_stops
from conftest import ROOT
from site_build import searchable_texts

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WIDTHS = {"mobile": 360, "desktop": 1280}
SHOTS = {
    "home": "",
    "case": "cases/golden-key/",
    "model": "typology/agents-of-change/",
    "typology": "typology/",
    "comparison": "comparisons/drivers/",
    "finder": "cases/",
    "search": "search/?q=Wigan",
    "not-found": "404.html",
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


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_every_tab_stop_can_be_seen_and_shows_focus(browser, site, served, width):
    context = _context(browser, width)
    page = context.new_page()
    failures = {}
    for path in site_pages(site):
        page.goto(served + path, wait_until="networkidle")
        stops = tab_stops(page)
        assert stops, path
        hidden = [s["what"] for s in stops if not s["seen"]]
        unmarked = [s["what"] for s in stops if s["seen"] and not s["changes"]]
        if hidden or unmarked:
            failures[path or "/"] = f"invisible: {hidden[:5]}; no focus style: {unmarked[:5]}"
    context.close()
    assert failures == {}, "\n".join(f"{p}: {f}" for p, f in failures.items())


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


def _labels(built, name: str) -> dict[str, str]:
    data = yaml.safe_load((built.root / "study" / f"{name}.yaml").read_text(encoding="utf-8"))
    return {t["id"]: t["label"] for t in [*data["terms"], *([data["unclassified"]] if "unclassified" in data else [])]}


def _names(raw_cases, keep) -> list[str]:
    return sorted((d["name"] for d in raw_cases.values() if keep(d)), key=str.casefold)


def _until(page, check, what: str, timeout_ms: int = 15_000):
    """Poll ``check()`` until it is true. (Playwright's wait_for_function evaluates a
    string, which the site's CSP rightly refuses.)"""
    for _ in range(timeout_ms // 100):
        if check():
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out waiting for {what}")


def _status(page) -> str:
    return page.locator("#cb-status").inner_text()


def _settled(page, before: str = ""):
    _until(page, lambda: _status(page) != before and _status(page).startswith(("Showing", "No case")), "the finder")


def _listed(page) -> list[str]:
    """The finder's cases on every page of results, following its Next button."""
    names = []
    while True:
        names += page.locator("#cb-cases-table tbody th a").all_inner_texts()
        following = page.get_by_role("button", name="Next page")
        if not following.is_visible() or following.is_disabled():
            return names
        before = _status(page)
        following.click()
        _settled(page, before)


def test_the_finder_address_shows_exactly_one_models_cases(page, served, built, raw_cases):
    model = next(iter(_labels(built, "models")))
    page.goto(served + f"cases/?model={model}", wait_until="networkidle")
    _settled(page)
    expected = _names(raw_cases, lambda d: d["model"] == model)
    n = len(expected)
    said = "the 1 case that matches." if n == 1 else f"{n} cases that match, by name."
    assert page.locator("#cb-status").inner_text().endswith(said)
    assert _listed(page) == expected
    assert page.locator(f"#cb-f-model-{model}").is_checked()
    assert _labels(built, "models")[model] in page.locator(f"label[for=cb-f-model-{model}]").text_content()
    # On a wide screen the filters stay open beside the results, saying how many are on.
    assert page.locator("#cb-filter-bar").get_attribute("open") is not None
    assert page.locator("#cb-filter-count").text_content() == "(1 on)"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "finder-model-desktop.png"), full_page=True)


def test_the_finder_narrows_by_several_facets_and_back_restores(page, served, built, raw_cases):
    regions = _labels(built, "regions")
    case = next(d for d in raw_cases.values() if d.get("funding"))
    page.goto(served + "cases/", wait_until="networkidle")
    _settled(page)
    assert page.locator("#cb-filter-bar").get_attribute("open") is not None  # open beside the results
    before = _status(page)
    page.locator(f"#cb-f-funding-{case['funding'][0]}").check()
    _settled(page, before)
    with_funding = _names(raw_cases, lambda d: case["funding"][0] in d.get("funding", ()))
    assert _listed(page) == with_funding
    assert f"funding={case['funding'][0]}" in page.url
    region = page.locator(f"#cb-f-region-{case['place']['region']}")
    assert (
        regions[case["place"]["region"]]
        in page.locator(f"label[for=cb-f-region-{case['place']['region']}]").inner_text()
    )
    before = _status(page)
    region.check()
    _settled(page, before)
    both = _names(
        raw_cases,
        lambda d: case["funding"][0] in d.get("funding", ()) and d["place"]["region"] == case["place"]["region"],
    )
    assert _listed(page) == both
    # A ticked option's number is how many of the cases shown have it: here, all of them.
    region_count = page.locator(f"#cb-f-region-{case['place']['region']} + label .cb-count").inner_text()
    assert region_count == f"({len(both)})"
    before = _status(page)
    page.go_back()
    _settled(page, before)
    assert "region=" not in page.url
    assert not region.is_checked()
    assert _listed(page) == with_funding


def test_a_search_that_matches_nothing_lists_nothing(page, served):
    page.goto(served + "cases/?q=zzqxnothingmatches", wait_until="networkidle")
    _settled(page)
    assert _status(page) == "No case matches. Try other words."
    assert page.locator("#cb-cases-table tbody tr").count() == 0


def test_a_compared_address_shows_the_cases_side_by_side_in_view(browser, served, raw_cases):
    ids = sorted(raw_cases)[:2]
    names = [raw_cases[i]["name"] for i in ids]
    for label, width in WIDTHS.items():
        context = _context(browser, width)
        page = context.new_page()
        page.goto(served + f"cases/?compare={','.join(ids)}", wait_until="networkidle")
        table = page.locator(".cb-side-by-side")
        table.wait_for()
        assert table.locator("thead th").all_inner_texts() == ["Field", *names]
        top = page.locator("#compare-title").bounding_box()["y"]
        assert 0 <= top < 900, f"the comparison is at y={top}, out of sight"
        # Rows whose values differ say so in words, not by colour alone.
        for row in table.locator("tbody tr").all():
            cells = row.locator("td").all_inner_texts()
            assert ("differs" in row.locator("th").inner_text()) == (len(set(cells)) > 1)
        assert page.locator("#cb-compare-go").inner_text() == "Compare (2)"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"finder-compare-{label}.png"))
        context.close()


def test_the_finder_compares_two_to_four_ticked_cases(page, served, raw_cases):
    names = sorted((d["name"] for d in raw_cases.values()), key=str.casefold)[:5]
    assert len(names) == 5, "the comparison test needs five cases"
    page.goto(served + "cases/", wait_until="networkidle")
    _settled(page)
    for name in names[:4]:
        page.get_by_label(f"Compare {name}", exact=True).check()
    table = page.locator(".cb-side-by-side")
    heads = lambda: table.locator("thead th").all_inner_texts()
    _until(page, lambda: heads() == ["Field", *names[:4]], "four cases side by side")
    page.get_by_label(f"Compare {names[4]}", exact=True).click()  # a fifth: refused
    assert not page.get_by_label(f"Compare {names[4]}", exact=True).is_checked()
    # Said where the reader is looking: in the bar fixed at the foot of the screen.
    note = page.locator("#cb-compare-note")
    assert "Untick one to add another" in note.inner_text()
    box, height = note.bounding_box(), page.viewport_size["height"]
    assert box["height"] > 0 and 0 <= box["y"] and box["y"] + box["height"] <= height
    page.get_by_label(f"Compare {names[1]}", exact=True).uncheck()
    _until(page, lambda: heads() == ["Field", names[0], *names[2:4]], "three cases side by side")
    assert "compare=" in page.url


def test_downloading_the_selection_gives_the_published_rows(page, served, site, built, raw_cases):
    """The browser builds the download from the per-case files; the published CSV
    (data/cases.csv) is the independent reference, row for row."""
    model = next(iter(_labels(built, "models")))
    page.goto(served + f"cases/?model={model}", wait_until="networkidle")
    _settled(page)
    with page.expect_download() as download:
        page.locator("#cb-downloads button[data-format=csv]").click()
    got = Path(download.value.path()).read_bytes()
    published = (site / "data" / "cases.csv").read_bytes().decode("utf-8-sig").split("\r\n")
    wanted = sorted(i for i, d in raw_cases.items() if d["model"] == model)
    rows = {line.split(",", 1)[0]: line for line in published[1:] if line}
    lines = got.decode("utf-8-sig").split("\r\n")
    assert got.startswith("\ufeff".encode())
    assert lines[0] == published[0]
    assert lines[1:-1] == [rows[i] for i in wanted]
    with page.expect_download() as download:
        page.locator("#cb-downloads button[data-format=json]").click()
    # The JSON is data/cases.json's shape, typed as it is (years as numbers, lists as
    # lists), holding the chosen cases: their licence and credit come with them.
    got = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    dataset = json.loads((site / "data" / "cases.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in got.items() if k != "cases"} == {k: v for k, v in dataset.items() if k != "cases"}
    assert got["cases"] == sorted((c for c in dataset["cases"] if c["model"] == model), key=lambda c: c["id"])
    assert [c["id"] for c in got["cases"]] == wanted


def test_without_javascript_the_first_cases_and_plain_links_show(browser, served, raw_cases):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "cases/")
    first = page.locator("#cb-cases-table tbody th a").all_inner_texts()
    assert first == sorted((d["name"] for d in raw_cases.values()), key=str.casefold)[: len(first)]
    assert not page.locator("#cb-finder-form").is_visible()
    letters = page.get_by_role("navigation", name="Cases by first letter").get_by_role("link")
    assert letters.count() >= 1
    letters.first.click()
    assert page.locator("tbody th a").count() >= 1
    context.close()


def test_sortable_tables_sort_under_csp(page, served):
    page.goto(served + "comparisons/funding/", wait_until="networkidle")
    table = page.locator("table[data-sortable]").nth(1)  # by case
    first_column = lambda: table.locator("tbody th").all_inner_texts()
    assert first_column() == sorted(first_column(), key=str.casefold)
    header = table.get_by_role("button", name="Case")
    header.click()
    header.click()
    assert first_column() == sorted(first_column(), key=str.casefold, reverse=True)
    assert table.locator("thead th").first.get_attribute("aria-sort") == "descending"


def test_searching_a_cases_name_finds_that_case_first(page, served, raw_cases):
    for data in raw_cases.values():
        page.goto(served + "search/?q=" + quote(data["name"]), wait_until="networkidle")
        first = page.locator("#cb-search-results li a.cb-result-title").first
        first.wait_for(timeout=15_000)
        assert first.inner_text() == data["name"]
        assert first.get_attribute("href").rstrip("/").endswith("cases/" + data["id"])


def test_a_search_marks_the_words_it_found_in_each_excerpt(page, served, site):
    """Each result shows the passage with the word asked, the word marked; the
    result's excerpt is text from its page, as a second reading of the page has it."""
    page.goto(served + "search/?q=" + quote("Wigan"), wait_until="networkidle")
    page.locator("#cb-search-results > li").first.wait_for(timeout=15_000)
    results = page.locator("#cb-search-results > li")
    having = {url for url, words in searchable_texts(site).items() if "wigan" in words}
    assert 1 <= results.count() <= len(having)
    for n in range(results.count()):
        marks = results.nth(n).locator("mark").all_inner_texts()
        # The word is marked (alone or in an address), not the punctuation Pagefind
        # marks with it ("Wigan," or "(Wigan").
        assert marks and all("wigan" in m.lower() and not re.search(r"^\W|\W$", m) for m in marks), (n, marks)
        excerpt = results.nth(n).locator(":scope > p").last.inner_text().strip("… ")
        href = results.nth(n).locator("a.cb-result-title").evaluate("a => a.href")
        searchable = searchable_texts(site)["/" + href[len(served) :]]
        # The same words in the same order (the passage adds stops between a list's items).
        assert re.sub(r"\W", "", excerpt.lower()) in re.sub(r"\W", "", searchable), (href, excerpt)


def test_a_focused_or_hovered_link_keeps_its_contrast(page, served):
    """The theme's accent colours links on hover and focus: 4.5:1 on white at least
    (WCAG 1.4.3), computed here from the colour the browser paints."""

    def contrast(rgb: str) -> float:
        def channel(c: float) -> float:
            c /= 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (float(x) for x in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])
        luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
        return 1.05 / (luminance + 0.05)

    page.goto(served + "search/?q=" + quote("Wigan"), wait_until="networkidle")
    link = page.locator("#cb-search-results li a.cb-result-title").first
    link.focus()
    assert contrast(link.evaluate("a => getComputedStyle(a).color")) >= 4.5
    page.goto(served + "about/", wait_until="networkidle")
    link = page.locator("article a[href]").first
    link.hover()
    page.wait_for_timeout(400)  # the theme's colour transition
    assert contrast(link.evaluate("a => getComputedStyle(a).color")) >= 4.5


def test_the_edit_links_icon_stands_out_from_the_page(page, served, raw_cases):
    """The icon is the link's only visible mark: 3:1 against the page's white at least
    (WCAG 1.4.11), from the colour the browser paints, its transparency laid over white."""

    def luminance(r: float, g: float, b: float) -> float:
        def channel(c: float) -> float:
            c /= 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)

    case_id = next(iter(raw_cases))
    for address in (f"cases/{case_id}/", "about/"):
        page.goto(served + address, wait_until="networkidle")
        link = page.locator('a[rel="edit"]')
        assert link.count() == 1, address
        painted = link.evaluate("a => getComputedStyle(a.querySelector('svg')).fill")
        values = [float(x) for x in painted[painted.index("(") + 1 : painted.index(")")].split(",")]
        alpha = values[3] if len(values) == 4 else 1.0
        r, g, b = (alpha * c + (1 - alpha) * 255 for c in values[:3])
        assert 1.05 / (luminance(r, g, b) + 0.05) >= 3, (address, painted)


def test_the_header_search_and_the_home_page_lead_to_results(page, served, raw_cases):
    data = next(iter(raw_cases.values()))
    page.goto(served, wait_until="networkidle")
    assert page.get_by_role("link", name=f"Browse the {len(raw_cases)} cases").is_visible()
    page.get_by_role("search", name="Site search").get_by_role("searchbox").fill(data["name"])
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    page.locator("#cb-search-results > li").first.wait_for(timeout=15_000)
    assert "match" in page.locator("#cb-search-status").inner_text()
    # Results read as sentences: no words run together from a table.
    assert "CaseModel" not in page.locator("#cb-search-results").inner_text()


def test_the_menu_opens_from_the_keyboard_on_a_phone(browser, served):
    context = _context(browser, 360)
    page = context.new_page()
    page.goto(served + "about/", wait_until="networkidle")
    button = page.get_by_role("button", name="Menu")
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    page.wait_for_timeout(400)
    assert page.locator(".md-sidebar--primary").get_by_role("link", name="Cases", exact=True).is_visible()
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    context.close()


def test_the_404_page_offers_search_and_the_cases(page, served):
    page.goto(served + "404.html")  # what a static host serves for a missing page
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert page.get_by_role("search", name="Search the casebook").is_visible()
    page.get_by_role("link", name="Browse the cases").click()
    assert page.url.endswith("/cases/")


def test_a_case_prints_as_a_clean_summary_and_the_list_without_controls(page, served):
    page.emulate_media(media="print")
    page.goto(served + "cases/golden-key/", wait_until="networkidle")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".cb-breadcrumb"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator(".cb-glance").is_visible()
    # The page starts with the case, and leaves out the BibTeX and RIS (for copying, not reading).
    assert page.locator("h1").bounding_box()["y"] < 100
    assert page.locator("#cite-text").is_visible() and not page.locator("#cite-bibtex").is_visible()
    external = page.locator(".cb-sources a[href^='http']").first
    after = external.evaluate("a => getComputedStyle(a, '::after').content")
    assert external.get_attribute("href") in after
    page.goto(served + "cases/", wait_until="networkidle")
    for hidden in ("#cb-finder-form", "#cb-downloads", ".cb-pick"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("#cb-cases-table thead th").evaluate_all("ths => ths.filter(t => t.offsetParent).length") == 5


def test_an_empty_case_says_not_recorded_once(page, served, raw_cases):
    """The case with the fewest fields (a contributor's first case, when there is one)."""
    case_id = min(raw_cases, key=lambda i: len(raw_cases[i]))
    page.goto(served + f"cases/{case_id}/", wait_until="networkidle")
    article = page.locator("article")
    spoken = article.inner_text().lower().count("not recorded")
    field_level = sum(t.lower().count("not recorded") for t in article.locator(".cb-not-recorded").all_inner_texts())
    assert spoken <= 1 + field_level
    assert article.locator(".cb-unrecorded").count() <= 1


# ---- The reader review (issue 25): filters, places, focus and names -----------------


def _count(page, name: str, term: str) -> str:
    return page.locator(f"#cb-f-{name}-{term} + label .cb-count").inner_text()


def test_filters_guide_on_a_phone_with_tags_and_a_show_button(browser, served, built, raw_cases):
    model = next(iter(_labels(built, "models")))
    label = _labels(built, "models")[model]
    having = sum(1 for d in raw_cases.values() if d["model"] == model)
    context = _context(browser, 360)
    page = context.new_page()
    page.goto(served + "cases/", wait_until="networkidle")
    bar = page.locator("#cb-filter-bar")
    assert bar.get_attribute("open") is None  # on a phone the results come first
    bar.locator("summary").click()
    page.locator(f"label[for=cb-f-model-{model}]").click()
    _settled(page, "Showing ")
    show = page.locator("#cb-show-cases")
    _until(page, lambda: show.inner_text() == f"Show {having} case{'s' if having != 1 else ''}", "the Show button")
    show.click()
    assert bar.get_attribute("open") is None
    assert page.evaluate("document.activeElement.id") == "cb-status"
    tag = page.locator("#cb-chosen").get_by_role("button", name=re.compile(f"^Model: {re.escape(label)}"))
    assert tag.is_visible()
    before = _status(page)
    tag.click()
    _settled(page, before)
    assert not page.locator(f"#cb-f-model-{model}").is_checked() and page.locator("#cb-chosen").is_hidden()
    assert _status(page).endswith(f"{len(raw_cases)} cases, by name.")
    context.close()


def test_each_options_number_says_how_many_cases_ticking_it_would_show(page, served, built, raw_cases):
    """Counted again here from the raw case files: in a group not in use, the cases that
    match the view and have the option; in a group in use, how many more it would add."""
    page.goto(served + "cases/?funding=grant", wait_until="networkidle")
    _settled(page)
    grant = [d for d in raw_cases.values() if "grant" in (d.get("funding") or [])]
    for model in _labels(built, "models"):
        if page.locator(f"#cb-f-model-{model}").count():
            assert _count(page, "model", model) == f"({sum(1 for d in grant if d['model'] == model)})", model
    for term in _labels(built, "funding_types"):
        if term != "grant" and page.locator(f"#cb-f-funding-{term}").count():
            adds = sum(1 for d in raw_cases.values() if term in (d.get("funding") or []) and d not in grant)
            assert _count(page, "funding", term) == f"(+{adds})", term


def test_back_from_a_case_returns_to_the_readers_place_in_the_list(browser, served):
    context = _context(browser, 360)
    page = context.new_page()
    page.goto(served + "cases/?q=council", wait_until="networkidle")
    _settled(page)
    last = page.locator("#cb-cases-table tbody th a").last
    last.scroll_into_view_if_needed()
    page.wait_for_timeout(400)  # the place is kept as the reader stops scrolling
    place = page.evaluate("window.scrollY")
    assert place > 500
    last.click()
    page.wait_for_load_state("networkidle")
    page.go_back()
    _settled(page)
    _until(page, lambda: abs(page.evaluate("window.scrollY") - place) < 40, "the place in the list")
    context.close()


def test_focus_never_lands_under_the_sticky_header_or_the_compare_bar(browser, served, raw_cases):
    ids = sorted(raw_cases)[:1]
    context = _context(browser, 360)
    page = context.new_page()
    page.goto(served + f"cases/?compare={ids[0]}", wait_until="networkidle")
    _settled(page)
    header = page.locator(".md-header").bounding_box()
    bar = page.locator("#cb-compare-bar").bounding_box()
    assert bar and bar["y"] < 900  # the compare bar is on screen
    hidden = []
    for _ in range(60):
        page.keyboard.press("Tab")
        box = page.evaluate(
            "(() => { const e = document.activeElement; if (!e.closest('.md-content')) return null;"
            " const r = e.getBoundingClientRect();"
            " return {top: r.top, bottom: r.bottom, inBar: !!e.closest('#cb-compare-bar'),"
            " what: e.outerHTML.slice(0, 80)}; })()"
        )
        if not box or box["inBar"]:
            continue
        top, bottom = header["y"] + header["height"], bar["y"]
        # Something taller than the space between them shows its start; the rest, whole.
        tall = box["bottom"] - box["top"] > bottom - top
        if box["top"] < top - 1 or (not tall and box["bottom"] > bottom + 1):
            hidden.append(box["what"])
    assert hidden == []
    context.close()


def test_the_compare_boxes_on_cards_carry_a_visible_label(browser, served):
    context = _context(browser, 360)
    page = context.new_page()
    page.goto(served + "cases/", wait_until="networkidle")
    first = page.locator("#cb-cases-table tbody tr").first
    name = first.locator("th a").inner_text()
    word = first.locator(".cb-pick-word")
    assert word.is_visible() and word.inner_text() == "Compare"
    assert first.get_by_role("checkbox", name=f"Compare {name}").is_visible()
    context.close()


def test_compared_cases_stay_readable_on_a_phone(browser, served, site, raw_cases):
    """The row labels stay put as the cases scroll; rows that no chosen case records are
    one line, against the cases' own finder files (read here, not by the script)."""
    ids = sorted(raw_cases)[:3]
    records = [json.loads((site / "api" / "finder" / "cases" / f"{i}.json").read_text()) for i in ids]
    empty = [
        pair[0]
        for n, pair in enumerate(records[0]["compare"])
        if all(r["compare"][n][1] in ("", "not recorded") for r in records)
    ]
    context = _context(browser, 360)
    page = context.new_page()
    page.goto(served + f"cases/?compare={','.join(ids)}", wait_until="networkidle")
    table = page.locator(".cb-side-by-side")
    table.wait_for()
    label = table.locator("tbody th").first
    before = label.bounding_box()["x"]
    table.evaluate("t => { t.parentNode.scrollLeft = 300; }")
    page.wait_for_timeout(100)
    assert abs(label.bounding_box()["x"] - before) < 2  # stays put (but for a border's pixel)
    shown = table.locator("tbody th").evaluate_all("ths => ths.map(th => th.firstChild.textContent)")
    assert len(shown) + len(empty) == len(records[0]["compare"])
    if empty:
        assert page.locator(".cb-compare-empty").inner_text().endswith(": " + ", ".join(empty) + ".")
    context.close()


def test_the_desktop_has_no_menu_button_that_opens_nothing(browser, served):
    context = _context(browser, 1280)
    page = context.new_page()
    page.goto(served + "about/", wait_until="networkidle")
    assert page.locator(".md-sidebar--primary").is_visible()  # the menu is already on screen
    assert not page.get_by_role("button", name="Menu").is_visible()
    context.close()


def test_code_examples_wider_than_a_phone_scroll_by_keyboard(browser, served):
    context = _context(browser, 360)
    page = context.new_page()
    checked = 0
    for path in ("data/", "contributing/"):
        page.goto(served + path, wait_until="networkidle")
        for code in page.locator(".md-typeset pre > code").all():
            if code.evaluate("c => c.scrollWidth > c.clientWidth + 1"):
                code.focus()
                assert page.evaluate("document.activeElement.tagName") == "CODE", path
                page.keyboard.press("End")
                page.keyboard.press("ArrowRight")
                _until(page, lambda code=code: code.evaluate("c => c.scrollLeft") > 0, "the code to scroll")
                checked += 1
    assert checked
    context.close()


def test_the_title_is_the_darkest_heaviest_heading(page, served):
    def look(locator):
        return locator.evaluate(
            # The colour as painted on the white page: a translucent colour composited over white.
            "h => { const s = getComputedStyle(h); const [r, g, b, a = 1] = s.color.match(/[\\d.]+/g).map(Number);"
            " const on = c => a * c + (1 - a) * 255;"
            " return [0.2126 * on(r) + 0.7152 * on(g) + 0.0722 * on(b), parseInt(s.fontWeight, 10)]; }"
        )

    for path in ("", "cases/golden-key/", "data/"):
        page.goto(served + path, wait_until="networkidle")
        light, weight = look(page.locator("article h1").first)
        for heading in page.locator("article h2, article h3").all()[:6]:
            other_light, other_weight = look(heading)
            assert light <= other_light and weight >= other_weight, path


def test_case_pages_name_their_links_for_a_screen_reader(site, raw_cases):
    """Each source link says "source N: its title", N its place in the raw file's list;
    the at-a-glance panel keeps to eight rows; each chip says its group."""
    from bs4 import BeautifulSoup

    for case_id, data in raw_cases.items():
        soup = BeautifulSoup((site / "cases" / case_id / "index.html").read_text(encoding="utf-8"), "html.parser")
        titles = {s["id"]: (n, s["title"]) for n, s in enumerate(data["sources"], start=1)}
        links = soup.select(".cb-refs a")
        assert links, case_id
        for link in links:
            n, title = titles[link["href"].rsplit("#source-", 1)[1]]
            assert " ".join(link.get_text().split()) == f"source {n}: {' '.join(title.split())}", case_id
        assert len(soup.select(".cb-glance dl dt")) <= 8, case_id
        chips = [a.get_text() for a in soup.select(".cb-chips a")]
        assert chips and all(re.match(r"(Model|Funding type|Region|Status): ", c) for c in chips), chips


def test_heading_links_say_where_they_go(page, served):
    page.goto(served + "cases/golden-key/", wait_until="networkidle")
    link = page.locator("h2#partners a.headerlink")
    assert link.get_attribute("aria-label") == "Link to the section Partners"


def test_model_pages_open_the_finder_on_their_cases(site, built, raw_cases):
    from bs4 import BeautifulSoup

    for model in _labels(built, "models"):
        folder = site / "typology" / model
        if not any(d["model"] == model for d in raw_cases.values()):
            continue
        soup = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert soup.select_one(f'article a[href$="cases/?model={model}"]'), model


# ---- The reader trial of issue 25: what a reader met, fixed ----------------------------


def test_on_a_desktop_the_filters_sit_beside_the_results(browser, served):
    """At 1280 px the filters are a column beside the list, whose first case is on the
    first screen; the phone's "Show N cases" button is not there."""
    context = _context(browser, 1280)
    page = context.new_page()
    page.goto(served + "cases/", wait_until="networkidle")
    form = page.locator("#cb-finder-form").bounding_box()
    status = page.locator("#cb-status").bounding_box()
    first = page.locator("#cb-cases-table tbody tr").first.bounding_box()
    assert page.locator("#cb-filter-bar").get_attribute("open") is not None
    assert form["x"] + form["width"] <= status["x"] and status["y"] < form["y"] + form["height"]
    assert first["y"] < 900
    assert not page.locator("#cb-show-cases").is_visible()
    context.close()


def test_back_on_a_phone_restores_the_open_filters_and_the_place(browser, served, raw_cases):
    context = _context(browser, 360)
    page = context.new_page()
    page.goto(served + "cases/", wait_until="networkidle")
    page.locator("#cb-filter-bar summary").click()
    last = page.locator("#cb-cases-table tbody th a").last
    last.scroll_into_view_if_needed()
    page.wait_for_timeout(400)
    place = page.evaluate("window.scrollY")
    last.click()
    page.wait_for_load_state("networkidle")
    page.go_back()
    _until(page, lambda: page.locator("#cb-filter-bar").get_attribute("open") is not None, "the open filters")
    _until(page, lambda: abs(page.evaluate("window.scrollY") - place) < 40, "the place in the list")
    context.close()


def test_back_on_the_search_page_restores_more_results_and_the_place(page, served, site):
    """A word on more pages than the first screen of results (read from the built
    pages): after More results and a result opened, Back shows as many as before."""
    texts = searchable_texts(site)
    word = max(("case", "council", "partnership", "study", "local"), key=lambda w: sum(w in t for t in texts.values()))
    page.goto(served + "search/?q=" + word, wait_until="networkidle")
    results = page.locator("#cb-search-results > li")
    results.first.wait_for(timeout=15_000)
    more = page.locator("#cb-search-more")
    if not more.is_visible():
        pytest.skip(f"“{word}” fits on one screen of results in this data set")
    more.click()
    _until(page, lambda: results.count() > 10, "more results")
    shown = results.count()
    link = results.last.locator("a.cb-result-title")
    link.scroll_into_view_if_needed()
    page.wait_for_timeout(400)
    place = page.evaluate("window.scrollY")
    link.click()
    page.wait_for_load_state("networkidle")
    page.go_back()
    _until(page, lambda: results.count() == shown, "as many results as before")
    _until(page, lambda: abs(page.evaluate("window.scrollY") - place) < 40, "the place in the results")


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_nothing_covers_what_has_focus(browser, served, raw_cases, width):
    """Every Tab stop on the finder, forwards and back, with a case chosen and the
    fifth refused (the bar shown, with its note): the sidebars' links and the footer's
    too. What the browser paints at the focused element's centre and corners is that
    element (or inside it), never the header, the bar or anything else laid over it."""
    context = _context(browser, width)
    page = context.new_page()
    page.goto(served + f"cases/?compare={','.join(sorted(raw_cases)[:4])}", wait_until="networkidle")
    _settled(page)
    page.locator(f"#cb-pick-{sorted(raw_cases)[4]}").dispatch_event("click")  # a fifth: refused, said in the bar
    # A control is seen whole; a region taller than half the screen (a table that scrolls
    # by keyboard) at least in part, since the reader scrolls it.
    covered = (
        "(() => { const e = document.activeElement; if (!e || e === document.body) return null;"
        " const r = e.getBoundingClientRect(); if (!r.width || !r.height) return null;"
        " const h = innerHeight, inset = 3, cx = (r.left + r.right) / 2;"
        " const mine = (x, y) => { const hit = document.elementFromPoint(x, y);"
        " return !hit || e.contains(hit) || hit.contains(e) ? null : hit; };"
        " if (r.height > h / 2) { const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, h);"
        " for (let y = top + inset; y < bottom; y += 20) if (!mine(cx, y)) return null;"
        " return e.outerHTML.slice(0, 80) + ' wholly covered'; }"
        " const points = [[cx, (r.top + r.bottom) / 2], [r.left + inset, r.top + inset],"
        " [r.right - inset, r.top + inset], [r.left + inset, r.bottom - inset], [r.right - inset, r.bottom - inset]];"
        " for (const [x, y] of points) { const hit = mine(x, y);"
        " if (hit) return e.outerHTML.slice(0, 80) + ' under ' + hit.outerHTML.slice(0, 60); } return null; })()"
    )
    hidden = []
    for key in ["Tab"] * 160 + ["Shift+Tab"] * 60:
        page.keyboard.press(key)
        page.wait_for_timeout(40)
        found = page.evaluate(covered)
        if found:
            hidden.append((key, found))
    assert hidden == []
    context.close()


def test_a_search_shows_sections_that_add_to_the_excerpt(page, served):
    """No "In ..." section repeats the passage shown for its page (eight words in a row)."""
    for query in ("evaluation", "partnerships", "outcomes framework"):
        page.goto(served + "search/?q=" + quote(query), wait_until="networkidle")
        results = page.locator("#cb-search-results > li")
        results.first.wait_for(timeout=15_000)
        for n in range(results.count()):
            excerpt = re.findall(r"\w+", results.nth(n).locator(":scope > p").last.inner_text().lower())
            runs = {" ".join(excerpt[i : i + 8]) for i in range(max(1, len(excerpt) - 7))}
            for section in results.nth(n).locator(".cb-result-sections li").all_inner_texts():
                said = " ".join(re.findall(r"\w+", section.split("”:", 1)[-1].lower()))
                assert not any(run in said for run in runs), (query, n, section)


def _words(html: str) -> list[str]:
    return re.findall(r"[^\W_]+", BeautifulSoup(html or "", "html.parser").get_text().lower())


def _repeats(one: str, other: str) -> bool:
    """Eight words in a row (or all, if fewer) of one passage are in the other."""
    a, b = _words(one), " " + " ".join(_words(other)) + " "
    run = min(8, len(a))
    return any(f" {' '.join(a[i : i + run])} " in b for i in range(len(a) - run + 1))


def test_a_results_sections_are_those_where_pagefind_weighs_the_words_most(page, served):
    """Against Pagefind's own data for each result (its sub-results and their weighted
    locations): a result shows, in the page's order, the two sections with the highest
    summed balanced score, leaving out the page's own passage and any that repeats it."""
    chose = 0
    for query in ("evaluation", "partnerships", "outcomes", "council"):
        page.goto(served + "search/?q=" + quote(query), wait_until="networkidle")
        results = page.locator("#cb-search-results > li")
        results.first.wait_for(timeout=15_000)
        pagefind = page.evaluate(
            """async (q) => {
                const base = document.querySelector("[data-base]").getAttribute("data-base");
                const search = await (await window.casebookPagefind(base)).search(q);
                return Promise.all(search.results.map((r) => r.data()));
            }""",
            query,
        )
        for n in range(results.count()):
            data = pagefind[n]
            eligible = [
                sub
                for sub in data["sub_results"]
                if "#" in sub["url"]
                and sub["url"] != data["url"]
                and sub["title"] != data["meta"].get("title")
                and not _repeats(sub["excerpt"], data["excerpt"])
            ]
            weight = [sum(w.get("balanced_score", 0) for w in s.get("weighted_locations", [])) for s in eligible]
            top = sorted(sorted(range(len(eligible)), key=lambda i: (-weight[i], i))[:2])
            shown = results.nth(n).locator(".cb-result-sections li a").all_inner_texts()
            assert shown == [eligible[i]["title"] for i in top], (query, data["url"])
            chose += len(eligible) > 2 and top != [0, 1]
    assert chose, "no result had sections for the weights to choose among"


def test_a_page_number_beyond_the_last_shows_the_last_page(page, served, raw_cases):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(served + "cases/?page=99", wait_until="networkidle")
    _settled(page)
    _until(page, lambda: "page=99" not in page.url, "the address corrected")
    assert page.locator("#cb-cases-table tbody tr").count() >= 1
    assert errors == []


def test_a_comparison_page_is_found_by_what_it_is(page, served):
    page.goto(served + "search/?q=" + quote("funding comparison"), wait_until="networkidle")
    page.locator("#cb-search-results > li").first.wait_for(timeout=15_000)
    hrefs = page.locator("#cb-search-results a.cb-result-title").evaluate_all("as => as.map(a => a.href)")
    assert any(h.rstrip("/").endswith("comparisons/funding") for h in hrefs[:3]), hrefs[:5]


def test_the_comparison_keeps_the_cases_names_in_view(browser, served, raw_cases):
    """Scrolled down the rows, the heading row of case names stays at the region's top;
    four cases fit a desktop's width."""
    ids = sorted(raw_cases)[:4]
    for width in WIDTHS.values():
        context = _context(browser, width)
        page = context.new_page()
        page.goto(served + f"cases/?compare={','.join(ids)}", wait_until="networkidle")
        table = page.locator(".cb-side-by-side")
        table.wait_for()
        region = table.locator("xpath=..")
        name = table.locator("thead th").nth(1)
        region.evaluate("r => { r.scrollTop = 400; }")
        page.wait_for_timeout(100)
        assert abs(name.bounding_box()["y"] - region.bounding_box()["y"]) < 3, width
        if width == WIDTHS["desktop"]:
            assert region.evaluate("r => r.scrollWidth <= r.clientWidth")
        context.close()
