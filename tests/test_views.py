"""The views on their own: each renders its template from a small casebook, and the
HTML is read back. No site build: these run in a fraction of a second."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import MINIMAL_CASE, copy_project
from macros.casebook import validate_project
from macros.views import cases, compare, data, study

TWO_CASES = {
    "alpha-trust": MINIMAL_CASE.format(id="alpha-trust", name="Alpha Trust", model="unclassified").replace(
        "summary: A case used by the tests.", "summary: 'Uses <script>alert(1)</script> & more.'"
    )
    + "funding: [grant]\ndrivers:\n  - driver: evidence-led\n    basis: editors\n    applies: false\n"
    "    note: Shown not to apply.\n"
    "    sources: [s]\n",
    "beta-council": MINIMAL_CASE.format(id="beta-council", name="Beta Council", model="collaborative-councils")
    + "website: https://www.example.org/beta\n",
}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("small") / "project")
    for path in (project / "cases").glob("*.yaml"):
        path.unlink()
    for case_id, text in TWO_CASES.items():
        (project / "cases" / f"{case_id}.yaml").write_text(text, encoding="utf-8")
    # The study's framework names a study case; this small casebook has none.
    measurement = project / "study" / "measurement.yaml"
    measurement.write_text(measurement.read_text().replace("case: west-london-zone", "case: beta-council"))
    casebook, problems = validate_project(project)
    assert problems == [], problems
    return casebook


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_the_cases_overview_has_a_row_per_case_with_relative_links(small):
    table = soup(cases.cases_overview(small, "../")).select_one("table#cb-cases-table")
    rows = table.select("tbody tr")
    assert [r["data-case"] for r in rows] == ["alpha-trust", "beta-council"]
    assert [r.th.a["href"] for r in rows] == ["../cases/alpha-trust/", "../cases/beta-council/"]
    cells = [c.get_text() for c in rows[0].find_all("td")]
    assert cells[1] == "not in the 2019 study" and cells[2] == "Grant funding"
    assert [c.get_text() for c in rows[1].find_all("td")][2] == "not recorded"


def test_case_text_is_escaped_never_markup(small):
    html = cases.cases_overview(small, "../")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more." in html


def test_a_case_page_puts_its_headings_in_markdown_and_its_facts_in_blocks(small):
    page = cases.case_page(small, small.case("beta-council"), "https://example.org/site/")
    assert page.startswith('---\ntitle: "Beta Council"')
    for heading in ("## Partners { #partners }", "## Cite this case { #cite }"):
        assert heading in page
    # A heading naming a study concept links to the study's page on it.
    assert "## [Drivers](../../comparisons/drivers/index.md) { #drivers }" in page
    facts = {dt.get_text(): dt.find_next_sibling("dd") for dt in soup(page).select("dl.cb-facts dt")}
    assert facts["Website"].a["href"] == "https://www.example.org/beta"
    assert facts["Organisation type"].get_text() == "not recorded"
    assert "https://example.org/site/cases/beta-council/" in page


def test_an_unclassified_later_case_gets_the_general_meaning_not_the_studys(small):
    page = cases.case_page(small, small.case("alpha-trust"), "https://example.org/")
    model = small.vocab("models")["unclassified"]
    shown = " ".join(soup(page).get_text(" ").split())
    assert " ".join(model.description.split()) in shown and " ".join(model["study_note"].split()) not in shown


def test_the_drivers_matrix_reads_applies_false_as_not_applicable(small):
    rows = soup(compare.drivers_matrix(small, "")).select("tbody tr")
    alpha = [td.get_text() for td in rows[0].find_all("td")]
    labels = [t.label for t in small.vocab("drivers")]
    assert alpha[labels.index(small.vocab("drivers")["evidence-led"].label)] == "not applicable"
    assert alpha.count("not recorded") == len(labels) - 1


def test_study_sections_are_markdown_headings(small):
    page = study.enablers(small, "../")
    for term in small.vocab("enablers"):
        assert f"## {term.label} {{ #enabler-{term.id} }}" in page


def test_the_data_page_states_each_files_size(small):
    files = {
        "data/cases.json": b"x" * 2048,
        "data/cases.csv": b"y" * 10,
        "data/datapackage.json": b"{}",
        "data/links.csv": b"",
        "data/facts.csv": b"",
        "api/index.json": b"{}",
        "schema/case.schema.json": b"{}",
        "api/cases/a.json": b"{}",
        "api/vocabularies/models.json": b"{}",
    }
    rows = {
        r.th.get_text(): [td.get_text() for td in r.find_all("td")]
        for r in soup(data.data_downloads(files, "../")).select("tbody tr")
    }
    assert rows["data/cases.json"][1] == "2.0 KB" and rows["data/cases.csv"][1] == "10 bytes"
    assert rows["api/cases/<id>.json"][0] == "One file per case (1)."


def test_the_view_modules_render_without_a_site(small):
    assert Path(cases.__file__).parent.name == "views"
    for view in (compare.funding_by_type, compare.partners_by_type, study.accountability, study.learning_questions):
        assert "cb-" in view(small, "../")
