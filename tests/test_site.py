"""The built site, read back: pages carry the data, comparisons match it, links resolve."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import MINIMAL_CASE, ROOT, copy_project, related_by_rule
from macros.loader import load_casebook
from macros.model import sorted_cases
from macros.linkcheck import internal_problems
from macros.load import load_file
from site_build import article, build, page, search_records, searchable_texts, text

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def casebook(site_casebook):
    return site_casebook


def row_cells(table):
    for row in table.select("tbody tr"):
        yield [text(c) for c in row.find_all(["th", "td"], recursive=False)], row


def test_every_case_has_a_page_with_its_facts(site, casebook):
    for case in casebook.cases:
        body = text(article(page(site, f"cases/{case.id}")))
        assert case.name in body
        assert " ".join(case["summary"].split()) in body
        assert case["scope"] in body
        for fact in case.get("facts", ()):
            assert " ".join(fact["text"].split()) in body, (case.id, fact["text"])
            if fact.get("caveat"):
                assert fact["caveat"] in body
        for source in case["sources"]:
            links = [a["href"] for a in article(page(site, f"cases/{case.id}")).select(f"#source-{source['id']} a")]
            assert links == [source["url"]]
        for caveat in case.get("caveats", ()):
            assert caveat in body


def _unrecorded(body) -> str:
    line = body.select_one(".cb-unrecorded")
    return text(line) if line else ""


def test_what_the_data_leaves_out_is_named_once_not_shown_as_empty_sections(site, raw_cases):
    """From the raw files: a field that is there is in the panel; one that is not is
    named in the one "Not yet recorded" line, and its section is left out."""
    panel_fields = {"Website": "website", "Also known as": "also_known_as", "Organisation type": "organisation_type"}
    missing_words = {"website": "website", "also_known_as": "other names", "organisation_type": "organisation type"}
    sections = {"measurement": "measuring success", "quotes": "quotes", "enablers": "enablers", "learning": "learning"}
    silent = 0
    for case_id, data in raw_cases.items():
        body = article(page(site, f"cases/{case_id}"))
        facts = {text(dt) for dt in body.select("dl.cb-facts dt")}
        line = _unrecorded(body)
        for heading, field in panel_fields.items():
            assert (heading in facts) == (field in data), (case_id, field)
            assert (missing_words[field] in line) == (field not in data), (case_id, field, line)
            silent += field not in data
        for anchor, word in sections.items():
            assert (body.find(id=anchor) is None) == (not data.get(anchor)), (case_id, anchor)
            assert (word in line.split(":", 1)[-1]) == (not data.get(anchor)), (case_id, anchor, line)
        assert text(body).lower().count("not recorded") <= 1 + _within_sections(body), case_id
    assert silent, "no case leaves out an optional field: the test checks nothing"


def _within_sections(body) -> int:
    """ "not recorded" inside a recorded section (a partner's missing type, say) is a
    field-level blank, allowed; the page-level ones must be gone."""
    return sum(text(n).lower().count("not recorded") for n in body.select(".cb-not-recorded"))


def test_each_model_page_lists_exactly_its_cases(site, casebook):
    for term in [*casebook.vocab("models").terms, casebook.vocab("models")["unclassified"]]:
        body = article(page(site, f"typology/{term.id}"))
        table = body.select_one("table")
        listed = {a["href"].strip("/").split("/")[-1] for a in table.select("tbody th a")}
        assert listed == {c.id for c in casebook.cases_where("model", term.id)}, term.id


def _raw_vocabulary(built, name: str) -> list[dict]:
    import yaml

    return yaml.safe_load((built.root / "study" / f"{name}.yaml").read_text(encoding="utf-8"))["terms"]


def test_drivers_matrix_matches_the_data(site, built, raw_cases):
    """Compared with the raw YAML, not with the functions the view uses: one row for
    each case with a driver recorded, the rest counted in the coverage line."""
    drivers = _raw_vocabulary(built, "drivers")
    body = article(page(site, "comparisons/drivers"))
    with_drivers = {d["name"]: d for d in raw_cases.values() if d.get("drivers")}
    table = body.select_one("table.cb-matrix")
    if not with_drivers:
        assert table is None
        return
    headings = [text(th) for th in table.select("thead th")][1:]
    assert headings == [d["label"] for d in drivers]
    rows = {cells[0]: cells[1:] for cells, _ in row_cells(table)}
    assert sorted(rows) == sorted(with_drivers)
    for data in with_drivers.values():
        entries = {e["driver"]: e.get("applies", True) for e in data["drivers"]}
        expected = [
            ("recorded" if entries[d["id"]] else "not applicable") if d["id"] in entries else "not recorded"
            for d in drivers
        ]
        assert rows[data["name"]] == expected, data["id"]
    coverage = text(body.select_one(".cb-coverage"))
    coded = sum(1 for d in raw_cases.values() if (d.get("coding") or {}).get("drivers"))
    assert f"{coded} of {len(raw_cases)} cases have had their sources read for the study's drivers" in coverage


def test_each_link_to_a_study_category_says_whose_reading_it_is(site, built, raw_cases):
    """Every driver, enabler, accountability and learning entry, and the measurement
    approach, shows its basis label on the case page, read from the raw YAML."""
    bases = {t["id"]: t["label"] for t in _raw_vocabulary(built, "bases")}
    for case_id, data in raw_cases.items():
        chips = [text(c) for c in article(page(site, f"cases/{case_id}")).select(".cb-basis")]
        expected = [
            bases[e["basis"]] for f in ("drivers", "enablers", "accountability", "learning") for e in data.get(f, ())
        ]
        if data.get("measurement"):
            expected.append(bases[data["measurement"]["basis"]])
        assert sorted(chips) == sorted(expected), case_id
    drivers_page = article(page(site, "comparisons/drivers"))
    for row in drivers_page.select("table")[0].select("tbody tr"):
        label = text(row.th)
        study, editors = [text(td) for td in row.find_all("td")][-2:]
        for case_id, data in raw_cases.items():
            for e in data.get("drivers", ()):
                if e.get("applies", True) and label == next(
                    d["label"] for d in _raw_vocabulary(built, "drivers") if d["id"] == e["driver"]
                ):
                    assert data["name"] in (study if e["basis"] == "study" else editors), (case_id, label)


def test_funding_and_measurement_tables_match_the_data(site, casebook, built):
    funding = article(page(site, "comparisons/funding")).select("table")[1]
    for (cells, _), case in zip(row_cells(funding), sorted_cases(casebook.cases), strict=True):
        assert cells[0] == case.name
        # In the vocabulary's order, as a list reads: "Grant funding, service contracts".
        listed = [t["label"] for t in _raw_vocabulary(built, "funding_types") if t["id"] in case.get("funding", ())]
        words = listed[:1] + [w if w[1:2].isupper() else w[0].lower() + w[1:] for w in listed[1:]]
        expected = ", ".join(words) if words else "not recorded"
        assert cells[1] == expected
    measurement = article(page(site, "comparisons/measurement")).select("table")[1]
    for (cells, _), case in zip(row_cells(measurement), sorted_cases(casebook.cases), strict=True):
        m = case.get("measurement") or {}
        expected = (
            casebook.vocab("measurement_approaches")[m["approach"]].label if m.get("approach") else "not recorded"
        )
        if m.get("basis"):
            expected += " " + casebook.vocab("bases")[m["basis"]].label
        assert cells[1] == expected, case.id


def test_partner_types_table_matches_the_data(site, built, raw_cases):
    """Counted from the raw YAML; the entries add up, with a row for those whose type
    no source gives, so that no case reads as lacking a kind of partner."""
    labels = {t["id"]: t["label"] for t in _raw_vocabulary(built, "partner_types")}
    table = article(page(site, "comparisons/partners")).select("table")[0]
    shown = {cells[0]: (int(cells[1]), int(cells[2])) for cells, _ in row_cells(table)}
    assert set(shown) == {*labels.values(), "Type not recorded"}
    entries = [p for d in raw_cases.values() for p in d.get("partners", ())]
    assert sum(n for n, _ in shown.values()) == len(entries)
    for type_id, label in labels.items():
        cases = sum(1 for d in raw_cases.values() if any(p.get("type") == type_id for p in d.get("partners", ())))
        assert shown[label] == (sum(1 for p in entries if p.get("type") == type_id), cases), label
    untyped_cases = sum(1 for d in raw_cases.values() if any(not p.get("type") for p in d.get("partners", ())))
    assert shown["Type not recorded"] == (sum(1 for p in entries if not p.get("type")), untyped_cases)


def test_the_finder_shows_the_first_page_and_plain_links_reach_every_case(site, raw_cases):
    names = sorted((d["name"] for d in raw_cases.values()), key=str.casefold)
    finder = article(page(site, "cases"))
    table = finder.select_one("#cb-cases-table")
    shown = [text(th) for th in table.select("tbody th")]
    assert shown == names[: len(shown)] and 0 < len(shown) <= 50
    assert [text(th) for th in table.select("thead th")] == ["Compare", "Case", "Model", "Place", "Status", "Summary"]
    assert table.find("caption") is not None
    # Every case, by plain links: the letter pages the finder links to, and no other.
    reached = set()
    letters = finder.select('nav[aria-label="Cases by first letter"] a')
    for link in letters:
        letter_page = article(page(site, link["href"].strip("/").removeprefix("../")))
        reached |= {a["href"].rstrip("/").split("/")[-1] for a in letter_page.select("tbody th a")}
    assert reached == set(raw_cases)
    assert {text(a) for a in letters} == {
        d["name"][0].upper() if d["name"][0].isalpha() else "0-9" for d in raw_cases.values()
    }


def test_every_internal_link_resolves(site):
    assert internal_problems(site, "/casebook/") == []


def test_link_check_catches_a_broken_link_and_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#there">ok</a><a href="b/">broken</a>'
        '<a href="a/#nowhere">bad anchor</a><a href="https://example.org/">out</a>'
    )
    (tmp_path / "a" / "index.html").write_text('<h2 id="there">There</h2>')
    assert internal_problems(tmp_path) == [
        "index.html: b/: no such page or file",
        "index.html: a/#nowhere: no anchor 'nowhere' on that page",
    ]


def test_search_indexes_every_page_a_reader_may_look_for(site, raw_cases):
    """Read back from Pagefind's own files: each case page with its name, summary and
    the finder's filters as the case file has them; the study's pages, the comparisons,
    the Data page and the field reference; not the finder, the letter pages or search."""
    records = search_records(site)
    for case_id, data in raw_cases.items():
        record = records[f"/cases/{case_id}/"]
        assert record["meta"]["title"] == data["name"] and record["meta"]["case_id"] == case_id
        assert " ".join(record["meta"]["summary"].split()) == " ".join(data["summary"].split())
        assert record["filters"]["case"] == [case_id] and record["filters"]["kind"] == ["case"]
        assert record["filters"]["model"] == [data.get("model") or "unclassified"]
        assert record["filters"]["region"] == [data["place"]["region"]]
        assert sorted(record["filters"].get("funding", [])) == sorted(data.get("funding") or [])
    for path in (
        "/typology/agents-of-change/", "/learning/", "/enablers/", "/about/", "/glossary/", "/data/",
        "/comparisons/drivers/", "/comparisons/funding/", "/field-reference/",
    ):  # fmt: skip
        assert path in records, path
    assert not [path for path in records if path in ("/cases/", "/search/") or path.startswith("/browse/")]
    assert not [r["url"] for r in records.values() if "kind" in r["filters"] and not r["url"].startswith("/cases/")]
    # Results read as sentences: no label runs into its value, no heading cell into the next.
    for record in records.values():
        assert not re.search(
            r"\b(Model|Place|Status|Funding|Started)(?=[A-Z0-9])|PartnerType|CaseModel", record["content"]
        ), record["url"]


def test_what_search_indexes_is_the_text_a_reader_sees(site, raw_cases):
    """Against a second reading of the built pages (BeautifulSoup, without what the
    casebook and Pagefind leave out): the same pages, and for each word asked, the
    same pages have it."""
    texts = searchable_texts(site)
    records = search_records(site)
    assert set(texts) == set(records)
    asked = {w for d in raw_cases.values() for w in re.findall(r"[a-z]{4,}", d["name"].lower())}
    asked |= {"housing", "council", "children", "accountability", "the"}
    # And the last word of each case's summary and facts, read from the raw YAML (not
    # from what the casebook leaves out of the index): an index that cut a page's text
    # short, or left a part out, would miss it on that case's page.
    for case_id, data in raw_cases.items():
        ends = [data["summary"], *(f["text"] for f in data.get("facts", ()))]
        last = {words[-1] for t in ends if (words := re.findall(r"[a-z]{4,}", t.lower()))}
        asked |= last
        indexed = set(re.findall(r"[a-z]{4,}", records[f"/cases/{case_id}/"]["content"].lower()))
        assert last <= indexed, (case_id, last - indexed)
    for word in sorted(asked):
        having = {path for path, body in texts.items() if re.search(rf"\b{word}\b", body)}
        indexed = {path for path, r in records.items() if re.search(rf"\b{word}\b", r["content"].lower())}
        assert indexed == having, word
    assert any(len({p for p, b in texts.items() if word in b}) > 1 for word in asked)


def test_case_pages_stay_out_of_the_sidebar(site, casebook):
    nav = page(site, "index.html").select_one("nav.md-nav--primary")
    hrefs = [a.get("href", "") for a in nav.find_all("a")]
    assert not any(f"cases/{c.id}/" in h for c in casebook.cases for h in hrefs)


def test_case_pages_link_their_facets_to_the_finder_and_edit_their_yaml(site, casebook, built, raw_cases):
    label = {
        name: {t["id"]: t["label"] for t in _raw_vocabulary(built, name)}
        for name in ("funding_types", "regions", "statuses")
    }
    import yaml

    models = yaml.safe_load((built.root / "study" / "models.yaml").read_text(encoding="utf-8"))
    label["models"] = {t["id"]: t["label"] for t in [*models["terms"], models["unclassified"]]}
    for case_id, data in raw_cases.items():
        chips = {text(a): a["href"] for a in page(site, f"cases/{case_id}").select(".cb-chips a")}
        # Each chip says what it is: the vocabulary's own name for the group, then the term.
        expected = {
            "Model: " + label["models"][data["model"]]: f"../../cases/?model={data['model']}",
            "Region: " + label["regions"][data["place"]["region"]]: f"../../cases/?region={data['place']['region']}",
            **{
                f"Funding type: {label['funding_types'][f]}": f"../../cases/?funding={f}"
                for f in data.get("funding", ())
            },
        }
        if data.get("status"):
            shown = label["statuses"][data["status"]["value"]] + (
                " (inferred)" if data["status"].get("inferred") else ""
            )
            expected["Status: " + shown] = f"../../cases/?status={data['status']['value']}"
        assert chips == expected, case_id
    assert not (site / "tags").exists(), "the tags index lists every page: the finder replaces it"
    for case in casebook.cases:
        edit = page(site, f"cases/{case.id}").select_one("a.md-content__button")
        assert edit["href"] == f"https://github.com/collaboration-casebook/casebook/edit/main/cases/{case.id}.yaml"


def _section(body, anchor: str):
    """A heading's section on a study page: the HTML block right after it."""
    return body.find(id=anchor).find_next_sibling("div", class_="cb-block")


def test_learning_page_shows_each_question_with_its_cases_or_a_gap(site, built, raw_cases):
    questions = _raw_vocabulary(built, "learning_questions")
    body = article(page(site, "learning"))
    assert [h["id"] for h in body.find_all("h2") if h["id"].startswith("q-")] == [f"q-{q['id']}" for q in questions]
    for question in questions:
        section = _section(body, f"q-{question['id']}")
        speaking = sorted(
            d["name"] for d in raw_cases.values() if any(e["question"] == question["id"] for e in d.get("learning", ()))
        )
        assert (section.select_one(".cb-gap") is None) == bool(speaking), question["id"]
        for name in speaking:
            assert name in text(section), (question["id"], name)


@pytest.mark.parametrize("path, vocabulary", [("learning", "learning_questions"), ("enablers", "enablers")])
def test_study_pages_list_their_sections_in_the_contents(site, built, path, vocabulary):
    """Headings reach the table of contents (and search) because they are Markdown."""
    toc = page(site, path).select_one("nav.md-nav--secondary")
    entries = [text(a) for a in toc.select("a")] if toc else []
    for term in _raw_vocabulary(built, vocabulary):
        assert term["label"] in entries, term["label"]


@pytest.fixture
def copy_with_new_case(project_copy):
    (project_copy / "cases" / "leeds-test-alliance.yaml").write_text(
        MINIMAL_CASE.format(id="leeds-test-alliance", name="Leeds Test Alliance", model="agents-of-change")
        + "funding: [donations]\ndrivers:\n  - driver: evidence-led\n    basis: editors\n"
        "    note: A note.\n    sources: [s]\n",
        encoding="utf-8",
    )
    return project_copy


def test_a_new_case_file_appears_everywhere(copy_with_new_case, tmp_path):
    out = tmp_path / "built"
    result = build(copy_with_new_case, out)
    assert result.returncode == 0, result.stderr
    assert "Leeds Test Alliance" in text(article(page(out, "cases/leeds-test-alliance")))
    letter = article(page(out, "browse/l"))
    assert "leeds-test-alliance" in str(letter.select_one("table"))
    model = article(page(out, "typology/agents-of-change"))
    assert "Leeds Test Alliance" in text(model.select_one("table"))
    funding = text(article(page(out, "comparisons/funding")))
    assert "Leeds Test Alliance" in funding
    matrix = article(page(out, "comparisons/drivers")).select_one("table.cb-matrix")
    row = next(cells for cells, _ in row_cells(matrix) if cells[0] == "Leeds Test Alliance")
    headings = [text(th) for th in matrix.select("thead th")]
    assert row[headings.index(load_casebook(copy_with_new_case).vocab("drivers")["evidence-led"].label)] == "recorded"
    assert search_records(out)["/cases/leeds-test-alliance/"]["meta"]["title"] == "Leeds Test Alliance"


def test_a_wrong_case_file_stops_the_build(copy_with_new_case, tmp_path):
    bad = copy_with_new_case / "cases" / "leeds-test-alliance.yaml"
    bad.write_text(bad.read_text().replace("model: agents-of-change", "model: agents-of-chaos"))
    out = tmp_path / "built"
    result = build(copy_with_new_case, out)
    assert result.returncode != 0
    assert "cases/leeds-test-alliance.yaml:10:8: model: 'agents-of-chaos' is not a model." in result.stderr
    assert "Did you mean 'agents-of-change'?" in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_field_reference_lists_every_property_with_its_description(site, casebook):
    from macros.model import thaw
    from macros.schema import fields

    body = article(page(site, "field-reference"))
    headings = {text(h).replace("¶", "").strip() for h in body.find_all("h2")}
    all_text = text(body)
    paths = list(fields(thaw(casebook.case_schema)))
    assert len(paths) > 40
    for path, spec, _ in paths:
        assert path in headings, path
        # The description's words as the page shows them: its `backticked` parts as code, without the marks.
        assert re.sub(r"\s", "", spec["description"].replace("`", "")) in re.sub(r"\s", "", all_text), path
        for code in re.findall(r"`([^`]+)`", spec["description"]):
            assert code in {text(c) for c in body.find_all("code")}, (path, code)
    # Allowed values come with their labels, straight from the vocabularies.
    compact = all_text.replace(" :", ":")
    assert "grant: Grant funding" in compact and "unclassified: Unclassified" in compact


def test_a_newcomer_following_contributing_adds_a_case(copy_with_new_case, tmp_path):
    """Runs the commands CONTRIBUTING.md gives, in order, then builds the site."""
    import re
    import subprocess
    import sys

    guide = (ROOT / "CONTRIBUTING.md").read_text()
    block = re.search(r"## Work on your own computer.*?```sh\n(.*?)```", guide, re.S)[1]
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    new = next(c for c in commands if " new " in c)
    name = re.search(r'new "([^"]+)"', new)[1]
    result = subprocess.run(
        [sys.executable, "-m", "macros", "new", name], cwd=copy_with_new_case, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    path = copy_with_new_case / "cases" / "leeds-city-council.yaml"
    # The guide checks it as `new` says to (test_cli.py runs that make command); here, the
    # same check run directly.
    assert next(c for c in commands if "validate FILE=" in c) == f"make validate FILE=cases/{path.name}"
    validate = [sys.executable, "-m", "macros", "validate", f"cases/{path.name}"]
    # Unfilled, the case fails, naming each field that still holds the template's example.
    result = subprocess.run(validate, cwd=copy_with_new_case, capture_output=True, text=True)
    assert result.returncode == 1
    named = {line.split(": ")[1] for line in result.stdout.splitlines()}
    assert {"summary", "place.areas[0]", "sources[0].url", "sources[0].title"} <= named, result.stdout
    assert all(line.endswith(("[placeholder]", "[to-fill]")) for line in result.stdout.splitlines())
    # The contributor writes their own words over each example the template gives.
    summary = "A city council's partnership with local charities."
    template = yaml.safe_load((ROOT / "templates" / "case.yaml").read_text())
    examples = sorted(
        {v for _, v in _leaves(template) if isinstance(v, str) and (" " in v or v.startswith("http"))},
        key=len,
        reverse=True,
    )  # longest first: one example can hold another
    filled = path.read_text().replace(template["summary"], summary)
    for n, example in enumerate(examples):
        filled = filled.replace(
            example, f"https://www.leeds.gov.uk/page-{n}" if example.startswith("http") else f"Leeds detail {n}"
        )
    # And chooses each coded value the template leaves empty.
    chosen = {
        "organisation_type": "local-authority",
        "region": "yorkshire-and-the-humber",
        "nation": "england",
        "model": "unclassified",
        "funding": "[grant]",
        "type": "local-government",
        "topic": "history",
        "year": "2024",
    }
    assert {[k for k in p if k != "[]"][-1] for p, v in _leaves(template) if v is None} == set(chosen)
    for key, value in chosen.items():
        filled = re.sub(rf"^(\s*(?:- )?{key}):[ \t]*$", rf"\1: {value}", filled, flags=re.M)
    path.write_text(filled)
    result = subprocess.run(validate, cwd=copy_with_new_case, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "built"
    assert build(copy_with_new_case, out).returncode == 0
    assert "A city council's partnership with local charities." in text(article(page(out, "cases/leeds-city-council")))
    assert "Leeds City Council" in text(article(page(out, "cases")))


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _leaves(child, path + (key,))
    elif isinstance(value, list):
        for child in value:
            yield from _leaves(child, path + ("[]",))
    else:
        yield path, value


def test_no_field_of_a_case_file_is_missing_from_its_page(site, casebook, built):
    """Every value in every case file shows on the case page: text as text, terms by
    their label, URLs as links, source ids as anchors."""
    from macros.model import thaw
    from macros.schema import fields

    specs = {path: spec for path, spec, _ in fields(thaw(casebook.case_schema))}
    for path_file in sorted((built.root / "cases").glob("*.yaml")):
        data = load_file(path_file, path_file.name)[0].data
        soup = page(site, f"cases/{data['id']}")
        body = article(soup)
        shown = text(body)
        hrefs = {a.get("href") for a in body.find_all("a")}
        ids = {n.get("id") for n in body.find_all(id=True)}
        for path, value in _leaves(data):
            dotted = ".".join(path).replace(".[]", "[]")
            key = dotted.removesuffix("[]")
            spec = specs.get(key, {})
            vocabulary = spec.get("x-vocabulary") or spec.get("items", {}).get("x-vocabulary")
            where = f"{path_file.name}: {dotted} = {value!r}"
            if vocabulary:
                assert casebook.vocab(vocabulary)[value].label in shown, where
            elif path[-1] == "[]" and path[-2] in ("sources", "classification_sources") and path[0] != "sources":
                continue  # references: shown as numbered links to the sources list
            elif key == "sources[].id":
                assert f"source-{value}" in ids, where
            elif isinstance(value, str) and value.startswith(("http://", "https://")):
                assert value in hrefs, where
            elif key == "status.inferred":
                assert ("(inferred)" in shown) == value, where
            elif isinstance(value, bool):
                # A driver that applies is listed; one that does not says so.
                assert value or "does not apply" in shown, where
            else:
                assert " ".join(str(value).split()) in shown, where


def test_cite_this_case(site, raw_cases):
    for case_id, data in raw_cases.items():
        cite = article(page(site, f"cases/{case_id}")).find(id="cite").find_next("div")
        url = f"https://collaboration-casebook.github.io/casebook/cases/{case_id}/"
        assert url in text(cite.select_one(".cb-cite"))
        bibtex = cite.select_one("code.language-bibtex").get_text()
        assert bibtex.startswith(f"@misc{{casebook-{case_id},") and f"url = {{{url}}}" in bibtex
        assert f"title = {{{{{data['name']}}}}}" in bibtex


def test_the_site_publishes_the_exports(site, built, tmp_path):
    from macros.cli import main

    assert main(["--root", str(built.root), "export", str(tmp_path)]) == 0
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert (site / path.relative_to(tmp_path)).read_bytes() == path.read_bytes(), path
    data_page = text(article(page(site, "data")))
    assert "cases.csv" in data_page and "KB" in data_page and "CC-BY-4.0" in data_page


def test_every_page_has_its_own_meta_description(site):
    from site_build import page as load

    seen = {}
    for html_file in sorted(site.rglob("*.html")):
        soup = load(site, str(html_file.relative_to(site)))
        meta = soup.find("meta", attrs={"name": "description"})
        assert meta is not None and meta.get("content", "").strip(), html_file
        seen[html_file] = meta["content"]
    case_descriptions = [d for f, d in seen.items() if "/cases/" in str(f) and f.parent.name != "cases"]
    assert len(set(case_descriptions)) == len(case_descriptions)


def test_accessibility_statement_follows_the_public_sector_form(site):
    body = text(article(page(site, "accessibility")))
    for heading in (
        "Accessibility statement for Collaboration Casebook",
        "Feedback and contact information",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ):
        assert heading in body


def test_the_generated_pages_are_written_beside_the_hand_written_ones_for_a_generator_without_hooks(
    tmp_path, casebook, built
):
    from macros.pages import generated_pages
    from macros.steps import prepare_docs

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Hand-written\n", encoding="utf-8")
    (tmp_path / "target" / "cases" / "gone").mkdir(parents=True)
    written = prepare_docs(casebook, "https://example.org/", docs, tmp_path / "target")
    pages = dict(generated_pages(casebook, "https://example.org/"))
    target = tmp_path / "target"
    assert sorted(p.relative_to(target).as_posix() for p in written) == sorted(pages)
    assert (target / "index.md").read_text(encoding="utf-8") == "# Hand-written\n"
    assert not (target / "cases" / "gone").exists()  # a removed case leaves no page behind
    # A page per case file, per model (the study's four and "unclassified"), per first
    # letter of the cases' names, and per former id in moved.yaml.
    files = list((built.root / "cases").glob("*.yaml"))
    letters = {yaml.safe_load(f.read_text(encoding="utf-8"))["name"][0].lower() for f in files}
    moved = yaml.safe_load((built.root / "moved.yaml").read_text(encoding="utf-8")) or {}
    former = [e for kind in ("moved", "removed") for e in moved.get(kind) or ()]
    assert len(pages) == len(files) + len(casebook.vocab("models").terms) + 1 + len(letters) + len(former)
    for uri, content in pages.items():
        assert (target / uri).read_text(encoding="utf-8") == content
        assert "render_macros: false" in content.split("---")[1]


def test_a_case_the_study_did_not_cover_says_so_not_that_a_value_is_missing(site, raw_cases, built):
    """The study's ten cases all record its engagement; any other case is a later one."""
    models = yaml.safe_load((built.root / "study" / "models.yaml").read_text(encoding="utf-8"))
    for case_id, data in raw_cases.items():
        body = article(page(site, f"cases/{case_id}"))
        facts = {text(dt): text(dt.find_next_sibling("dd")) for dt in body.select("dl.cb-facts dt")}
        shown = facts["Engagement in the 2019 study"]
        assert (shown == "not in the 2019 study") == (not data.get("engagement")), case_id
        if data["model"] == "unclassified":
            study_note = " ".join(models["unclassified"]["study_note"].split())
            assert (study_note in facts["Model"]) == bool(data.get("engagement")), case_id


def _markup_errors(html: str) -> list[str]:
    """Two of the Nu Html Checker's rules, read with BeautifulSoup: a figcaption must be
    its figure's first or last element child, and a form's action, if given, not empty."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    errors = []
    for figure in soup.find_all("figure"):
        children = figure.find_all(recursive=False)
        for caption in figure.find_all("figcaption", recursive=False):
            if caption is not children[0] and caption is not children[-1]:
                errors.append(f"figure#{figure.get('id', '')}: figcaption neither first nor last")
    for form in soup.find_all("form"):
        if form.has_attr("action") and not form["action"].strip():
            errors.append(f"form#{form.get('id', '')}: empty action")
    return errors


def test_no_page_has_a_figcaption_in_the_middle_or_an_empty_form_action(site):
    errors = {}
    for path in sorted(site.rglob("*.html")):
        found = _markup_errors(path.read_text(encoding="utf-8"))
        if found:
            errors[path.relative_to(site).as_posix()] = found
    assert errors == {}
    # The pages the checker found them on have the elements it checks.
    assert page(site, "comparisons/drivers").select("figure > figcaption")
    assert page(site, "search").select_one("form#cb-search-form") is not None


def test_the_markup_check_catches_both_errors():
    assert _markup_errors(
        '<figure id="f"><svg></svg><figcaption>c</figcaption><p>l</p></figure><form id="s" action=""></form>'
    ) == ["figure#f: figcaption neither first nor last", "form#s: empty action"]
    assert _markup_errors('<figure><p>l</p><figcaption>c</figcaption></figure><form action="./"></form>') == []


def test_every_finder_group_offers_the_cases_it_records_nothing_for(site, raw_cases):
    """Counted from the raw case files: a group's "Not recorded" option is there exactly
    when some case has nothing for it, with their number, and those cases' pages carry
    it as a search filter (what the finder asks Pagefind)."""
    missing = {
        "status": lambda d: not d.get("status"),
        "funding": lambda d: not d.get("funding"),
        "approach": lambda d: not (d.get("measurement") or {}).get("approach"),
        "partner": lambda d: not d.get("partners"),
    }
    finder = article(page(site, "cases"))
    filters = {r["meta"]["case_id"]: r["filters"] for r in search_records(site).values() if "case_id" in r["meta"]}
    for group, lacks in missing.items():
        without = {i for i, d in raw_cases.items() if lacks(d)}
        box = finder.select_one(f"#cb-f-{group}-not-recorded")
        if without:
            assert box is not None, group
            label = "No partner recorded" if group == "partner" else "Not recorded"
            assert text(box.find_next_sibling("label")) == f"{label} ({len(without)})", group
        else:
            assert box is None, group
        assert {i for i, f in filters.items() if "not-recorded" in f.get(group, [])} == without, group


def test_the_studys_credit_is_not_searched(site):
    """The credit on every page built from the study would make its words ("Oxford",
    "School", "Government") match them all."""
    credit = text(article(page(site, "about")).select_one(".cb-credit"))
    opening = credit.split(",")[0]  # "This page draws on “Are we rallying together?"
    assert opening.startswith("This page draws on")
    for url, record in search_records(site).items():
        assert opening not in record["content"], url


def test_related_cases_follow_the_rule_the_page_states(site, raw_cases):
    expected = related_by_rule(raw_cases)
    for case_id in raw_cases:
        shown = [a.get_text() for a in page(site, f"cases/{case_id}").select(".cb-related li a")]
        assert shown == expected[case_id], case_id


def test_a_field_added_to_the_schema_reaches_the_page_the_csv_the_comparison_and_the_preview(tmp_path):
    """A contributor adds two fields to the schema (a text and a list of vocabulary
    terms) and gives one case values: with no other change, each shows under its
    title on the case page, in cases.csv, in the finder's comparison and in the
    pull-request preview, the form asks for it, and the other cases say they lack it."""
    import csv
    import json
    import subprocess
    import sys

    project = copy_project(tmp_path / "project")
    schema_path = project / "schema" / "case.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["properties"]["budget_note"] = {
        "title": "Budget note",
        "description": "What the sources say of the collaboration's budget.",
        "type": "string",
        "minLength": 1,
    }
    schema["properties"]["themes"] = {
        "title": "Themes",
        "description": "Funding themes, as funding types.",
        "type": "array",
        "items": {"type": "string", "x-vocabulary": "funding_types"},
    }
    schema_path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    # Any two cases the data set holds: the test follows the data (a rename or removal).
    case_path, other_path = sorted((project / "cases").glob("*.yaml"))[:2]
    given, lacking = case_path.stem, other_path.stem
    note = "About £1.8bn a year, by the council's own account & more"
    case_path.write_text(
        case_path.read_text(encoding="utf-8").rstrip("\n")
        + f"\nbudget_note: {note}\nthemes: [grant, service-contract]\n",
        encoding="utf-8",
    )
    vocab = yaml.safe_load((project / "study" / "funding_types.yaml").read_text(encoding="utf-8"))
    labels = {t["id"]: t["label"] for t in vocab["terms"]}
    themes = f"{labels['grant']}; {labels['service-contract']}"

    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"

    facts = {
        dt.get_text(" ", strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in page(site, f"cases/{given}").select("dl.cb-facts dt")
    }
    assert facts["Budget note"] == note and facts["Themes"] == themes
    # The "Propose a case" form, read from the schema too, asks for it.
    assert page(site, "contribute/propose").select_one('[name="budget_note"]') is not None
    other = text(article(page(site, f"cases/{lacking}")))
    assert "budget note" in other.lower() and note not in other

    with (site / "data" / "cases.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = {row["id"]: row for row in csv.DictReader(f)}
    assert rows[given]["budget_note"] == note
    assert rows[given]["themes"] == "grant; service-contract"
    assert rows[given]["themes_label"] == themes
    assert rows[lacking]["budget_note"] == ""

    compare = dict(json.loads((site / "api" / "finder" / "cases" / f"{given}.json").read_text())["compare"])
    assert compare["Budget note"] == note and compare["Themes"] == themes
    assert (
        dict(json.loads((site / "api" / "finder" / "cases" / f"{lacking}.json").read_text())["compare"])["Budget note"]
        == "not recorded"
    )

    preview = subprocess.run(
        [sys.executable, "-m", "macros", "preview", f"cases/{given}.yaml"],
        cwd=project, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert f"| Budget note | {note.replace('&', '&amp;')} |" in preview
    assert f"| Themes | {themes} |" in preview
