"""The views on their own: each renders its template from a small casebook, and the
HTML is read back. No site build: these run in a fraction of a second."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import MINIMAL_CASE, ROOT, copy_project, read_yaml, related_by_rule
from macros.loader import validate_project
from macros.views import cases, charts, compare, data, study, typology

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
    # The former ids of the real casebook name its cases, which this one does not have.
    (project / "moved.yaml").write_text("moved:\nremoved:\n", encoding="utf-8")
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
    cells = {c["data-label"]: c.get_text() for c in rows[0].find_all("td")}
    assert cells["Place"] == "Somewhere (London)" and cells["Status"] == "not recorded"
    # Plain links reach every case, for readers without JavaScript.
    finder = soup(cases.cases_overview(small, "../"))
    assert [a["href"] for a in finder.select('nav[aria-label="Cases by first letter"] a')] == [
        "../browse/a/",
        "../browse/b/",
    ]


def test_case_text_is_escaped_never_markup(small):
    html = cases.cases_overview(small, "../")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more." in html


def test_a_case_page_puts_its_headings_in_markdown_and_its_facts_in_blocks(small):
    page = cases.case_page(small, small.case("beta-council"), "https://example.org/site/")
    assert page.startswith('---\ntitle: "Beta Council"')
    assert "# Beta Council\n" in page
    assert "## Cite this case { #cite }" in page
    facts = {dt.get_text(): dt.find_next_sibling("dd") for dt in soup(page).select("dl.cb-facts dt")}
    assert facts["Website"].a["href"] == "https://www.example.org/beta"
    assert "Organisation type" not in facts
    # Sections with nothing recorded are named once, not shown empty.
    line = soup(page).select_one(".cb-unrecorded").get_text()
    assert "organisation type" in line and "partners" in line
    assert "## Partners" not in page
    assert "https://example.org/site/cases/beta-council/" in page


def test_a_case_page_links_its_study_concepts_and_its_neighbours(small):
    page = cases.case_page(small, small.case("alpha-trust"), "https://example.org/")
    # A section on a study concept names the study's page on it in a line under its
    # heading; the heading is not itself a link elsewhere.
    assert "## Drivers { #drivers }" in page
    see = soup(page).select_one(".cb-see-also a")
    assert see["href"] == "../../comparisons/drivers/" and "drivers" in see.get_text()
    crumbs = [a.get_text() for a in soup(page).select("nav.cb-breadcrumb a")]
    assert crumbs == ["Cases", small.vocab("models")[small.case("alpha-trust").model].label]


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
        "data/partners.csv": b"",
        "data/identifiers.csv": b"",
        "data/links/drivers.csv": b"z" * 3,
        "data/vocabularies/models.csv": b"",
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
    assert rows["data/links/<list>.csv"][1] == "3 bytes in all" and "drivers" in rows["data/links/<list>.csv"][0]


def test_the_view_modules_render_without_a_site(small):
    assert Path(cases.__file__).parent.name == "views"
    for view in (compare.funding_by_type, compare.partners_by_type, study.accountability, study.learning_questions):
        assert "cb-" in view(small, "../")


# The figures, rendered from the real data and read against the raw YAML (PyYAML's own
# reading, not the project's loader or model).


@pytest.fixture(scope="module")
def real():
    casebook, problems = validate_project(ROOT)
    assert problems == [], problems
    return casebook


@pytest.fixture(scope="module")
def raw():
    study_dir = ROOT / "study"
    vocab = {
        name: read_yaml(study_dir / f"{name}.yaml") for name in ("models", "funding_types", "drivers", "partner_types")
    }
    return {
        "cases": [read_yaml(p) for p in sorted((ROOT / "cases").glob("*.yaml"))],
        **{name: v["terms"] for name, v in vocab.items()},
        "unclassified": vocab["models"]["unclassified"]["id"],
    }


def squash(node) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def test_the_typology_compares_the_four_models_from_the_data(real, raw):
    html = soup(typology.typology_diagram(real, "../"))
    wrap = html.select_one("div.cb-table-wrap")
    assert wrap["role"] == "region" and wrap["tabindex"] == "0"
    table = wrap.select_one("table#models-compared")
    assert table.caption and [th["scope"] for th in table.select("thead th")] == ["col"] * 5
    # No headings inside the figure: the page goes from its title to its sections.
    assert not html.select("h1, h2, h3, h4, h5, h6")
    partner_labels = {t["id"]: t["label"] for t in raw["partner_types"]}
    rows = table.select("tbody tr")
    assert [squash(r.th) for r in rows] == [m["label"] for m in raw["models"]]  # the four, no "unclassified"
    for row, model in zip(rows, raw["models"], strict=True):
        assert row.th["scope"] == "row"
        cells = {td["data-label"]: td for td in row.find_all("td")}
        assert squash(cells["Characteristics"]) == " ".join(model["characteristics"].split())
        # In the vocabulary's order, as a list reads: "Local government, police, housing".
        listed = [partner_labels[p] for p in partner_labels if p in model["typical_partners"]]
        words = listed[:1] + [w if w[1:2].isupper() else w[0].lower() + w[1:] for w in listed[1:]]
        assert squash(cells["Typical partners"]) == ", ".join(words)
        members = [c for c in raw["cases"] if c["model"] == model["id"]]
        assert sorted(a.get_text() for a in cells["Cases"].select("a")) == sorted(c["name"] for c in members)
        expected = [
            f"{t['label']}: {n}"
            for t in raw["funding_types"]
            if (n := sum(1 for c in members if t["id"] in (c.get("funding") or ())))
        ]
        if silent := sum(1 for c in members if not c.get("funding")):
            expected.append(f"not recorded: {silent}")
        assert [squash(li) for li in cells["Funding of the cases"].select("li")] == expected, model["id"]
    note = squash(html.select_one(".cb-typology-note"))
    for case in raw["cases"]:
        assert (case["name"] in note) == (case["model"] == raw["unclassified"]), case["name"]


def svg_numbers(svg, attribute: str) -> list[float]:
    return [float(n[attribute]) for n in svg.find_all(attrs={attribute: True})]


def assert_drawn_at_its_own_size(figure):
    """No text under 12 px: every font-size is 12 or more, and the SVG is never scaled
    down (its width in CSS px is its viewBox width) but scrolls in a focusable region."""
    region = figure.select_one(".cb-figure-scroll")
    assert region["role"] == "region" and region["tabindex"] == "0" and region.get("aria-label")
    svg = region.svg
    sizes = svg_numbers(svg, "font-size")
    assert sizes and min(sizes) >= 12
    assert svg["viewbox"].split()[2:] == [svg["width"], svg["height"]]  # html.parser lowercases names


def test_the_funding_chart_is_legible_names_its_axes_and_links_its_table(real, raw):
    figure = soup(charts.funding_mix(real)).figure
    assert_drawn_at_its_own_size(figure)
    texts = [t.get_text() for t in figure.svg.find_all("text")]
    assert "Funding type" in texts and "Number of cases" in texts
    assert int(figure.svg["width"]) <= 340  # fits a 360 px screen whole
    for t in raw["funding_types"]:
        n = sum(1 for c in raw["cases"] if t["id"] in (c.get("funding") or ()))
        assert texts[texts.index(t["label"]) + 1] == str(n), t["id"]
    assert texts[texts.index("Not recorded") + 1] == str(sum(1 for c in raw["cases"] if not c.get("funding")))
    # The table of the same data is on the funding page, under the heading the caption links to.
    anchor = figure.figcaption.a["href"]
    assert anchor.startswith("#")
    assert f"{{ {anchor} }}" in (ROOT / "docs/comparisons/funding/index.md").read_text(encoding="utf-8")


def test_the_drivers_heatmap_counts_each_models_cases_under_named_driver_columns(real, raw):
    html = soup(charts.drivers_heatmap(real))
    figure = html.figure
    assert_drawn_at_its_own_size(figure)
    svg = figure.svg
    columns = [" ".join(t.stripped_strings) for t in svg.find_all("text") if t.tspan]
    assert columns == [d["label"] for d in raw["drivers"]]
    titles = [t.get_text() for t in svg.select("text.cb-axis-title")]
    assert titles[0] == "Driver" and titles[1].startswith("Model")
    groups = [(m["label"], m["id"]) for m in raw["models"]]
    if any(c["model"] == raw["unclassified"] for c in raw["cases"]):
        groups.append(("In no model", raw["unclassified"]))
    # A row per model, whatever the number of cases; each cell counts the model's cases
    # with the driver recorded (applies is true unless the entry says otherwise).
    row_labels = [t for t in svg.find_all("text", attrs={"text-anchor": "end"})]
    assert len(row_labels) == len(groups)
    expected = {
        label: [
            sum(
                1
                for c in raw["cases"]
                if c["model"] == model
                and any(e["driver"] == d["id"] and e.get("applies", True) for e in c.get("drivers", ()))
            )
            for d in raw["drivers"]
        ]
        for label, model in groups
    }
    for row_label, (label, model) in zip(row_labels, groups, strict=True):
        members = sum(1 for c in raw["cases"] if c["model"] == model)
        assert row_label.get_text() == f"{label} ({members})"
        counts = [t.get_text() for t in row_label.find_next_siblings("text", limit=len(raw["drivers"]))]
        assert counts == [str(n) for n in expected[label]], label
    # The same numbers as a table, which the caption links to.
    table = html.select_one(figure.figcaption.a["href"])
    assert table.name == "table" and table.caption
    assert [squash(th) for th in table.select("thead th")] == ["Driver"] + [label for label, _ in groups]
    for row, d in zip(table.select("tbody tr"), raw["drivers"], strict=True):
        assert squash(row.th) == d["label"]
        recorded = [int(squash(td).split()[0]) for td in row.find_all("td")]
        assert recorded == [expected[label][raw["drivers"].index(d)] for label, _ in groups]


def test_a_shelved_page_content_comes_back_whole_and_tells_the_theme_about_its_h1():
    from macros.pages import shelve, unshelve

    for html in ("<h1 id=x>Title</h1><p>Text é</p>", "<p>No heading</p>"):
        mark, blob = shelve(html)
        assert ("<h1" in mark) == ("<h1" in html)  # the theme adds a title only where "<h1" is absent
        page = f"<html><article>{mark}</article></html>"
        assert unshelve(page, blob) == f"<html><article>{html}</article></html>"
    assert unshelve("<p>as is</p>", None) == "<p>as is</p>"


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    """The casebook with 40 synthetic cases beside the real ones (`macros synth`): models
    with more cases than a case shows related ones."""
    from macros.cli import main

    project = copy_project(tmp_path_factory.mktemp("grown") / "project")
    assert main(["synth", "--count", "40", "--out", str(project / "cases"), "--seed", "7"]) == 0
    casebook, problems = validate_project(project)
    assert problems == [], problems
    return casebook, {p.stem: read_yaml(p) for p in sorted((project / "cases").glob("*.yaml"))}


def why_related(case: dict, other: dict, labels: dict) -> str:
    """The reason a related case is shown, as the rule reads in a sentence, from the
    raw YAML and the vocabularies' labels, in their files' order: "Same model; funding
    in common: grants and service contracts; partners of the same type: charities" (a
    label in a sentence starts in lower case unless it is an acronym)."""

    def listed(vocabulary: str, ids: set) -> str:
        words = [label for term, label in labels[vocabulary].items() if term in ids]  # in the vocabulary's order
        words = [w if w[1:2].isupper() else w[0].lower() + w[1:] for w in words]
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]

    funding = set(case.get("funding") or ()) & set(other.get("funding") or ()) - {"none"}
    types = {p["type"] for p in case.get("partners", ()) if "type" in p}
    types &= {p["type"] for p in other.get("partners", ()) if "type" in p}
    reasons = ["same model"] if case["model"] == other["model"] != "unclassified" else []
    reasons += [f"funding in common: {listed('funding_types', funding)}"] if funding else []
    reasons += [f"partners of the same type: {listed('partner_types', types)}"] if types else []
    why = "; ".join(reasons)
    return why[0].upper() + why[1:]


@pytest.mark.parametrize("data", ["real", "grown"])
def test_related_cases_and_neighbours_follow_the_rule_written_in_the_test(data, request):
    """The related cases by the rule (tests/conftest.py), and each case's previous and
    next case: its neighbours by name among the cases of its model."""
    from macros.views.related import relations

    if data == "real":
        casebook, by_id = request.getfixturevalue("real"), {c["id"]: c for c in request.getfixturevalue("raw")["cases"]}
    else:
        casebook, by_id = request.getfixturevalue("grown")
    expected = related_by_rule(by_id)
    assert any(len(names) == 5 for names in expected.values()) or data == "real"
    got = relations(casebook)
    labels = {
        vocabulary: {t["id"]: t["label"] for t in read_yaml(ROOT / "study" / f"{vocabulary}.yaml")["terms"]}
        for vocabulary in ("funding_types", "partner_types")
    }
    for case_id, case in by_id.items():
        assert [r["name"] for r in got[case_id]["related"]] == expected[case_id], case_id
        for shown in got[case_id]["related"]:
            other_id = shown["url"].removeprefix("../../cases/").removesuffix("/")
            assert shown["url"] == f"../../cases/{other_id}/" and shown["name"] == by_id[other_id]["name"]
            assert shown["why"] == why_related(case, by_id[other_id], labels), (case_id, other_id)
        # Found by id, not by name: two cases may share a name (ties go by id).
        model = sorted(
            (i for i, c in by_id.items() if c["model"] == case["model"]), key=lambda i: (by_id[i]["name"].casefold(), i)
        )
        at = model.index(case_id)
        neighbours = (model[at - 1] if at else None, model[at + 1] if at + 1 < len(model) else None)
        shown = tuple(r and r["url"] for r in (got[case_id]["previous"], got[case_id]["next"]))
        assert shown == tuple(i and f"../../cases/{i}/" for i in neighbours), case_id
