"""The "Propose a case" form in a real browser, as a reader fills it in: by the fields'
labels. What it gives is checked by `python -m macros validate` and against the case
files themselves."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from browser import AXE, AXE_TAGS, CSP_WATCH, serve
from conftest import ROOT, copy_project, read_yaml
from test_browser import SCREENSHOTS, WIDTHS

pytestmark = pytest.mark.browser
FORM = "contribute/propose/"


@pytest.fixture(scope="module")
def served(site):
    with serve(site) as base:
        yield base


@pytest.fixture
def context(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(CSP_WATCH)
    errors: list[str] = []
    context.on("page", lambda p: p.on("pageerror", lambda e: errors.append(str(e))))
    yield context
    csp = [c for p in context.pages for c in p.evaluate("window.__csp || []")]
    context.close()
    assert errors == [] and csp == []


def _open(page, served, query: str = ""):
    page.goto(served + FORM + query, wait_until="networkidle")
    page.locator("#cb-propose[data-cb-ready]").wait_for(state="attached")


def _labels(name: str) -> dict[str, str]:
    data = read_yaml(ROOT / "study" / f"{name}.yaml")
    return {t["id"]: t["label"] for t in [*data["terms"], *([data["unclassified"]] if "unclassified" in data else [])]}


def _fill_new_case(
    page,
    url: str = "https://www.example.org/leeds-food/report",
    place_sources: str = "leeds-report",
    region: str = "Yorkshire and the Humber",
    nation: str = "England",
):
    """A new case, entered as a reader would: each box found by its label."""
    page.get_by_label("Name", exact=True).first.fill("Leeds Food Partnership")
    page.get_by_label("Short description").fill("A partnership of the council and food charities in Leeds.")
    place = page.get_by_role("group", name="Place", exact=True)
    place.get_by_label("Area 1").fill("Leeds")
    place.get_by_label("Region").select_option(label=region)
    place.get_by_label("Nation").select_option(label=nation)
    place.get_by_label("Sources").fill(place_sources)
    page.get_by_label("Scope of collaborative working").fill("Place based collaboration")
    page.get_by_label("Model", exact=True).select_option(label=_labels("models")["unclassified"])
    page.get_by_label(_labels("funding_types")["grant"]).check()
    page.get_by_label("Sources for engagement, scope, model and funding").fill("leeds-report")
    page.get_by_role("button", name="Add a partner").click()
    partner = page.get_by_role("group", name="Partner 1", exact=True)
    partner.get_by_label("Name").fill("Leeds City Council")
    partner.get_by_label("Partner type").select_option(label=_labels("partner_types")["local-government"])
    partner.get_by_label("Sources").fill("leeds-report")
    source = page.get_by_role("group", name="Source 1", exact=True)
    source.get_by_label("Source id").fill("leeds-report")
    source.get_by_label("Title", exact=True).fill("Leeds food partnership annual report")
    source.get_by_label("Publisher").fill("Leeds City Council")
    source.get_by_label("Year").fill("2024")
    source.get_by_label("URL").fill(url)


def _check(page):
    page.get_by_role("button", name="Check and preview").click()
    page.locator("#cb-propose-result:not([hidden]), #cb-error-summary:not([hidden])").first.wait_for()


def test_a_new_case_filled_in_by_label_gives_a_file_validate_passes(context, served, tmp_path):
    page = context.new_page()
    _open(page, served)
    _fill_new_case(page)
    _check(page)
    assert page.locator("#cb-error-summary").is_hidden()
    text = page.locator("#cb-yaml").inner_text()
    assert page.locator("#cb-yaml-name").inner_text() == "cases/leeds-food-partnership.yaml"
    project = copy_project(tmp_path / "project")
    target = project / "cases" / "leeds-food-partnership.yaml"
    target.write_text(text, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "macros", "validate", "cases/leeds-food-partnership.yaml"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    written = read_yaml(target)
    assert written["place"] == {
        "areas": ["Leeds"],
        "region": "yorkshire-and-the-humber",
        "nation": "england",
        "sources": ["leeds-report"],
    }
    assert written["funding"] == ["grant"] and written["sources"][0]["year"] == 2024
    assert "status" not in written and "caveats" not in written, "what is left empty is left out"
    schema = json.loads((ROOT / "schema" / "case.schema.json").read_text(encoding="utf-8"))
    assert list(written) == [k for k in schema["properties"] if k in written], "the file keeps the schema's order"
    # The GitHub link carries this very file, under its name in cases/.
    link = page.get_by_role("link", name="Add the file on GitHub").get_attribute("href")
    parts = urlsplit(link)
    query = parse_qs(parts.query, keep_blank_values=True)
    assert parts.netloc == "github.com" and parts.path.endswith("/new/main")
    assert query["filename"] == ["cases/leeds-food-partnership.yaml"] and query["value"] == [text]
    # The issue form, for those without a GitHub account, carries it too.
    issue = parse_qs(urlsplit(page.get_by_role("link", name="Send to the editors instead").get_attribute("href")).query)
    assert issue["template"] == ["propose-a-case.yml"] and issue["case_file"] == [text]
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "propose-a-case.yml").read_text(encoding="utf-8"))
    ids = {item.get("id") for item in form["body"]}
    assert set(issue) - {"template", "title"} <= ids, "every prefilled field is one of the issue form's"


def test_bad_entries_get_their_message_at_the_field_and_no_file(context, served):
    page = context.new_page()
    _open(page, served)
    # Only the regions of the vocabulary can be chosen: an unknown region cannot be given.
    options = page.get_by_label("Region").locator("option").all_inner_texts()
    assert options[1:] == list(_labels("regions").values())
    _fill_new_case(page, url="www.example.org/no scheme", place_sources="leeds-reprot", region="Wales")
    _check(page)
    summary = page.locator("#cb-error-summary")
    assert summary.is_visible() and page.locator("#cb-propose-result").is_hidden()
    assert page.evaluate("document.activeElement.id") == "cb-error-summary"
    assert 0 <= summary.bounding_box()["y"] < 200, "the summary opens at its heading"
    assert page.title().startswith("Error: ")
    expected = {
        "sources.0.url": "is not a web address as the casebook takes it",
        "place.sources": "'leeds-reprot' is not the id of a source in this case's sources list. "
        "Did you mean 'leeds-report'?",
        "place.nation": "the region 'wales' is in wales, not in england",
    }
    for name, words in expected.items():
        control = page.locator(f'[name="{name}"]')
        assert control.get_attribute("aria-invalid") == "true", name
        message_id = f"cb-f-{name}-error"
        assert message_id in control.get_attribute("aria-describedby").split(), name
        message = page.locator(f'[id="{message_id}"]')
        assert message.is_visible() and words.lower() in message.inner_text().lower(), (name, message.inner_text())
        link = summary.get_by_role("link").filter(has_text=words[:30])
        assert link.count() == 1 and link.get_attribute("href") == f"#cb-f-{name}", name
    # A missing source: a fact given without one.
    page.get_by_role("button", name="Add a fact").click()
    fact = page.get_by_role("group", name="Fact 1", exact=True)
    fact.get_by_label("Fact topic").select_option(index=1)
    fact.get_by_label("Text").fill("It began in 2020.")
    _check(page)
    fact_error = page.locator('[id="cb-f-facts.0.sources-error"]')
    assert fact_error.is_visible() and "the required field sources is missing" in fact_error.inner_text().lower()
    # The summary lists the problems in the form's order, each named by where it is.
    links = summary.get_by_role("link").all_inner_texts()
    assert links.index(next(t for t in links if t.startswith("Place, Sources:"))) < links.index(
        next(t for t in links if t.startswith("Source 1, URL:"))
    )
    assert not any("`" in t for t in links), "code is shown as code, not with backticks"
    # The summary's link takes the keyboard to the field.
    summary.get_by_role("link").filter(has_text="not a web address").click()
    assert page.evaluate("document.activeElement.name") == "sources.0.url"
    header = page.locator(".md-header").bounding_box()["height"]
    assert page.locator('label[for="cb-f-sources.0.url"]').bounding_box()["y"] >= header, "its label is in view"
    assert page.locator("#cb-yaml").inner_text() == ""


def _leaves(value, parts=()):
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _leaves(child, (*parts, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _leaves(child, (*parts, index))
    else:
        yield parts, value


# Whether the form shows a value: in the box named by its path, in its list's box
# ("a, b"), or as a ticked box of that name.
SHOWS = """([list, path, index, text]) => {
  const named = (n) => document.querySelector(`#cb-propose-form [name="${CSS.escape(n)}"]:not([type=checkbox])`);
  const full = index === null ? path : path + "." + index;
  if (named(full) && named(full).value === text) return true;
  if (index !== null && named(path) && named(path).value.split(", ").includes(text)) return true;
  return [...document.querySelectorAll(`#cb-propose-form input[type=checkbox][name="${CSS.escape(path)}"]`)]
    .some((b) => b.checked && b.value === text);
}"""


def test_suggest_a_change_opens_every_case_filled_in_and_gives_it_back(context, served, raw_cases):
    page = context.new_page()
    for case_id, raw in raw_cases.items():
        page.goto(served + f"cases/{case_id}/", wait_until="networkidle")
        page.get_by_role("link", name="Suggest a change").first.click()
        page.locator("#cb-propose[data-cb-ready]").wait_for(state="attached")
        assert page.locator("#cb-propose").get_attribute("data-cb-missed") == "", case_id
        data = json.loads(json.dumps(raw, default=str))
        for parts, value in _leaves(data):
            *head, last = parts
            listed = isinstance(last, int)
            path, index = ".".join(map(str, head if listed else parts)), last if listed else None
            text = str(value).lower() if isinstance(value, bool) else str(value)
            assert page.evaluate(SHOWS, [None, path, index, text]), (case_id, parts, value)
        _check(page)
        assert page.locator("#cb-error-summary").is_hidden(), (case_id, page.locator("#cb-error-list").inner_text())
        text = page.locator("#cb-yaml").inner_text()
        assert json.loads(json.dumps(yaml.safe_load(text), default=str)) == data, case_id
        assert page.get_by_text("This is the case as published").is_visible()
        edit = page.get_by_role("link", name="Open the case's file on GitHub to edit it").get_attribute("href")
        assert edit.endswith(f"/edit/main/cases/{case_id}.yaml")
        # A change goes to the editors as a difference of the file.
        page.get_by_role("button", name="Back to the form").click()
        page.get_by_label("Short description").fill("A corrected description.")
        _check(page)
        send = page.get_by_role("link", name="Send to the editors instead").get_attribute("href")
        issue = parse_qs(urlsplit(send).query)
        assert issue["case"] == [case_id] and issue["template"] == ["report-an-error.yml"]
        removed, added = issue["right"][0].index("\n-summary: "), issue["right"][0].index("\n+summary: A corrected")
        assert removed < added, "the published line, then the new one"
        page.evaluate("localStorage.clear()")


def test_rows_are_numbered_as_they_come_and_go(context, served):
    page = context.new_page()
    _open(page, served)
    page.get_by_role("button", name="Add a source").click()
    assert page.evaluate("document.activeElement.name") == "sources.1.id", "a new row takes the keyboard"
    page.get_by_role("group", name="Source 1", exact=True).get_by_label("Title", exact=True).fill("First")
    page.get_by_role("group", name="Source 2", exact=True).get_by_label("Title", exact=True).fill("Second")
    page.get_by_role("button", name="Remove Source 1").click()
    assert page.locator('[name="sources.0.title"]').input_value() == "Second"
    assert page.locator('[name="sources.1.title"]').count() == 0
    assert page.get_by_role("group", name="Source 1", exact=True).count() == 1
    assert page.evaluate("document.activeElement.textContent") == "Add a source"
    # A required list keeps its one row: it cannot be removed.
    assert page.get_by_role("button", name="Remove Source 1").is_hidden()
    area = page.get_by_role("group", name="Place", exact=True)
    assert area.get_by_role("button", name="Remove Area 1").is_hidden()


def test_more_fields_open_where_a_case_has_them(context, served, raw_cases):
    page = context.new_page()
    _open(page, served)
    more = page.locator("#cb-more")
    assert more.get_attribute("open") is None and page.get_by_label("Status", exact=True).is_hidden()
    with_status = next((k for k, v in raw_cases.items() if "status" in v), None)
    if with_status:
        _open(page, served, "?case=" + with_status)
        assert more.get_attribute("open") is not None


def test_the_draft_stays_in_this_browser_until_cleared(context, served):
    page = context.new_page()
    _open(page, served)
    page.get_by_label("Name", exact=True).first.fill("Bristol Together")
    assert page.get_by_label("Id", exact=True).input_value() == "bristol-together"
    page.wait_for_timeout(800)
    _open(page, served)
    assert page.get_by_label("Name", exact=True).first.input_value() == "Bristol Together"
    assert "draft is restored" in page.locator("#cb-propose-status").inner_text()
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Clear the form").click()
    assert page.get_by_label("Name", exact=True).first.input_value() == "Bristol Together", "asked first"
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear the form").click()
    assert page.get_by_label("Name", exact=True).first.input_value() == ""
    _open(page, served)
    assert page.get_by_label("Name", exact=True).first.input_value() == ""
    assert page.evaluate("localStorage.length") == 0


def test_the_page_allows_no_eval_and_no_inline_script(site):
    html = (site / FORM / "index.html").read_text(encoding="utf-8")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)[1]
    assert "script-src 'self'" in policy
    assert "'unsafe-eval'" not in policy and "'unsafe-inline'" not in policy


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_the_form_is_accessible_empty_filled_and_with_errors(chromium, served, raw_cases, width):
    axe_source = AXE.read_text(encoding="utf-8")
    context = chromium.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    label = next(k for k, v in WIDTHS.items() if v == width)

    def audit(state: str):
        page.evaluate(axe_source + "\n;0")
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        found = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]
        assert found == [], state
        sideways = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert sideways <= 1, f"{state}: scrolls sideways by {sideways}px"

    _open(page, served)
    audit("empty")
    page.screenshot(path=str(SCREENSHOTS / f"propose-empty-{label}.png"))
    _check(page)
    audit("checked empty: every required field missing")
    page.get_by_label("Name", exact=True).first.fill("A")
    page.get_by_label("URL").fill("not a web address")
    _check(page)
    audit("errors")
    page.screenshot(path=str(SCREENSHOTS / f"propose-errors-{label}.png"))
    page.evaluate("localStorage.clear()")
    _open(page, served, "?case=" + next(iter(raw_cases)))
    audit("filled")
    _check(page)
    audit("preview")
    page.screenshot(path=str(SCREENSHOTS / f"propose-preview-{label}.png"))
    assert page.evaluate("window.__csp") == []
    context.close()


def test_a_link_can_fill_in_fields_by_their_paths(context, served):
    page = context.new_page()
    _open(
        page,
        served,
        "?name=Leeds%20Food&place.region=london&sources.0.url=https%3A%2F%2Fexample.org%2F"
        "&partners.1.name=Leeds%20City%20Council&funding=grant",
    )
    assert page.get_by_label("Name", exact=True).first.input_value() == "Leeds Food"
    assert page.get_by_label("Id", exact=True).input_value() == "leeds-food"
    assert page.get_by_label("Region").input_value() == "london"
    assert page.locator('[name="sources.0.url"]').input_value() == "https://example.org/"
    assert page.locator('[name="partners.1.name"]').input_value() == "Leeds City Council"
    assert page.get_by_label(_labels("funding_types")["grant"]).is_checked()
    assert page.locator("#cb-propose-status").inner_text() == ""
