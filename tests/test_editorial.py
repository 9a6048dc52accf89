"""Editorial integrity, read back from the built site and compared with the raw data:
the study credited where its text appears, the licence's limits stated, whose reading
each link is, what is known of now, plain words for jargon, and a way to correct."""

from __future__ import annotations

import csv
import io
import re

import pytest
import yaml

from conftest import ROOT, read_yaml
from site_build import article, page, search_records, text

pytestmark = pytest.mark.site

# The study's credit, as the content brief gives it.
AUTHORS = ("Jo Blundell", "Franziska Rosenbach", "Tanyah Hameed", "Clare FitzGerald")
PUBLISHER = ("Government Outcomes Lab", "Blavatnik School of Government", "University of Oxford", "March 2019")
STUDY_URL = "https://golab.bsg.ox.ac.uk/about/public-service-partnerships/about-future-state/"


def _study_pages(built, raw_cases) -> list[str]:
    """Pages built from the study: hand-written ones that say so, the model pages, and
    the study's own cases."""
    hand = [
        p.parent.relative_to(built.root / "docs").as_posix()
        for p in (built.root / "docs").rglob("index.md")
        if "study_credit()" in p.read_text()
    ]
    models = yaml.safe_load((built.root / "study" / "models.yaml").read_text())
    model_ids = [t["id"] for t in models["terms"]] + [models["unclassified"]["id"]]
    return (
        [("index.html" if h == "." else h) for h in hand]
        + [f"typology/{m}" for m in model_ids]
        + [f"cases/{i}" for i, d in raw_cases.items() if d.get("engagement")]
    )


def test_every_page_built_from_the_study_credits_it(site, built, raw_cases):
    pages = _study_pages(built, raw_cases)
    assert len(pages) > 15
    for name in pages:
        credit = article(page(site, name)).select_one(".cb-credit")
        assert credit is not None, name
        words = text(credit)
        assert all(a in words for a in AUTHORS + PUBLISHER), name
        assert STUDY_URL in [a["href"] for a in credit.select("a")], name


def test_the_footer_credits_the_study_and_states_what_the_licence_does_not_cover(site):
    for html_file in sorted(site.rglob("*.html")):
        footer = page(site, str(html_file.relative_to(site))).select_one(".md-copyright")
        assert footer is not None, html_file
        assert STUDY_URL in [a["href"] for a in footer.select("a")], html_file
        assert "not covered" in text(footer) and "CC BY 4.0" in text(footer)


def test_every_statement_of_the_licence_says_what_it_does_not_cover(site):
    statements = {
        "Data page": text(article(page(site, "data"))),
        "README": (ROOT / "README.md").read_text(),
        "CITATION.cff": (ROOT / "CITATION.cff").read_text(),
        "Data Package": (site / "data" / "datapackage.json").read_text(),
    }
    for where, words in statements.items():
        flat = " ".join(words.split())
        assert "outcomes framework" in flat and re.search(r"not covered|Not covered", flat), where


def test_each_case_page_says_what_is_known_of_now(site, built, raw_cases):
    statuses = {t["id"]: t["label"] for t in read_yaml(built.root / "study" / "statuses.yaml")["terms"]}
    for case_id, data in raw_cases.items():
        body = article(page(site, f"cases/{case_id}"))
        facts = {text(dt): text(dt.find_next_sibling("dd")) for dt in body.select("dl.cb-facts dt")}
        status = data.get("status")
        if status:
            assert facts["Status"].startswith(statuses[status["value"]]), case_id
            if status.get("as_of"):
                assert f"as of {status['as_of']}" in facts["Status"], case_id
        else:
            assert "Status" not in facts, case_id
            assert "status" in text(body.select_one(".cb-unrecorded")), case_id
        if data.get("started"):
            assert facts["Started"].startswith(str(data["started"]["year"])), case_id
        if data.get("successor"):
            assert facts["Now"].startswith(data["successor"]["name"]), case_id


def test_glossary_terms_are_explained_where_they_are_used(site, built):
    """On every page, the first use of each term links to its glossary entry, where its
    expansion and definition are: checked from the page's text, not from the marker."""
    terms = read_yaml(built.root / "study" / "glossary.yaml")["terms"]
    glossary = article(page(site, "glossary"))
    for term in terms:
        entry = glossary.find(id=f"term-{term['id']}")
        assert entry is not None and (term.get("expansion") or term["label"]) in text(entry.parent), term["id"]
    checked = 0
    for html_file in sorted(site.rglob("*.html")):
        name = str(html_file.relative_to(site))
        if name.startswith("glossary/") or name == "404.html":
            continue
        soup = page(site, name)
        plain, marked = article(soup), article(page(site, name), marks=True)
        if plain is None:
            continue
        # Nor can a link sit in a form's control or its label (Propose a case).
        for node in plain.select("code, pre, svg, h1, h2, h3, h4, h5, h6, a, dt, select, label, button, template"):
            node.decompose()
        words = plain.get_text(" ")
        for term in terms:
            forms = term.get("match") or [term["label"]]
            flags = 0 if term.get("expansion") else re.I
            if any(re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", words, flags) for f in forms):
                links = [a for a in marked.select("a.cb-term") if a["href"].endswith(f"glossary/#term-{term['id']}")]
                assert links, f"{name}: {term['label']} is used without its explanation"
                if term.get("expansion") and text(links[0]).lower() != term["expansion"].lower():
                    assert links[0].abbr["title"] == term["expansion"], name
                checked += 1
    assert checked, "no page uses a glossary term: the test checks nothing"


def test_each_case_page_offers_a_way_to_report_an_error(site, raw_cases):
    for case_id in raw_cases:
        body = article(page(site, f"cases/{case_id}"))
        report = body.find("a", string="Report an error")
        assert report is not None and "template=report-an-error.yml" in report["href"], case_id
        assert f"case={case_id}" in report["href"]
        assert any(a["href"].endswith("corrections/") for a in body.find_all("a")), case_id
    policy = text(article(page(site, "corrections")))
    assert "named person" in policy or "named on a page" in policy
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "report-an-error.yml").read_text())
    assert "case" in {f.get("id") for f in form["body"]}


def test_slips_stay_fixed(site, built, raw_cases):
    for case_id, data in raw_cases.items():
        body = text(article(page(site, f"cases/{case_id}")))
        region = read_yaml(built.root / "study" / "regions.yaml")
        label = next(t["label"] for t in region["terms"] if t["id"] == data["place"]["region"])
        assert f"{label}, {label}" not in body, case_id
        assert not re.search(r"\((\d{4})\) \(\1\)", body), case_id
    unclassified = page(site, "typology/unclassified")
    assert text(unclassified.select_one("h1")) == "Cases in no model"
    home = text(article(page(site, "index.html")))
    for data in raw_cases.values():
        if data.get("engagement") and data["model"] == "unclassified":
            assert data["name"] in home and "in none" in home
    funding = {t["id"]: t["label"] for t in read_yaml(built.root / "study" / "funding_types.yaml")["terms"]}
    assert funding["none"] != "None", "a bare 'None' reads as 'not recorded'"


def test_the_csv_and_the_link_table_keep_caveats_and_bases(site, raw_cases):
    rows = list(csv.DictReader(io.StringIO((site / "data" / "cases.csv").read_text(encoding="utf-8-sig"))))
    by_id = {r["id"]: r for r in rows}
    for case_id, data in raw_cases.items():
        assert by_id[case_id]["caveats"].split("\n") == (data.get("caveats") or [""]), case_id
    links = list(csv.DictReader(io.StringIO((site / "data" / "links.csv").read_text(encoding="utf-8-sig"))))
    expected = sorted(
        (i, f, e[k], e["basis"])
        for i, d in raw_cases.items()
        for f, k in (
            ("drivers", "driver"),
            ("enablers", "enabler"),
            ("accountability", "point"),
            ("learning", "question"),
        )
        for e in d.get(f, ())
    )
    expected += sorted(
        (i, "measurement", d["measurement"]["approach"], d["measurement"]["basis"])
        for i, d in raw_cases.items()
        if (d.get("measurement") or {}).get("approach")
    )
    assert sorted((r["case_id"], r["list"], r["term"], r["basis"]) for r in links) == sorted(expected)
    facts = list(csv.DictReader(io.StringIO((site / "data" / "facts.csv").read_text(encoding="utf-8-sig"))))
    assert len(facts) == sum(len(d.get("facts", ())) for d in raw_cases.values())
    assert {r["caveat"] for r in facts if r["caveat"]} == {
        f["caveat"] for d in raw_cases.values() for f in d.get("facts", ()) if f.get("caveat")
    }


def test_the_glossary_expands_every_term_readers_asked_about(built):
    """The terms a review found unexplained (issue: editorial integrity), from the raw file."""
    asked = {
        "VCFSE",
        "STP",
        "CCG",
        "SDQ",
        "KS2",
        "KS5",
        "collective impact bond",
        "creaming and parking",
        "best value duty",
        "social prescribing",
        "outcomes contract",
        "Life Chances Fund",
        # Editorial pass 2.
        "NPC",
        "CQC",
        "e3m",
        "LH Alliances",
        "CRESR",
        "ONS GSS code",
        "Housing First",
        "link worker",
        "backbone team",
        "collective impact",
        "realist evaluation",
        "counterfactual comparison areas",
        "A&E",
        "GP",
    }
    terms = read_yaml(built.root / "study" / "glossary.yaml")["terms"]
    assert asked <= {t["label"] for t in terms}
    for term in terms:
        assert term["description"] and (term["label"] != term["label"].upper() or term.get("expansion")), term["id"]


# ---- Editorial pass 2: summaries that never read as complete, credit for machines ----


def _glance(soup) -> dict[str, str]:
    body = article(soup)
    return {text(dt): text(dt.find_next_sibling("dd")) for dt in body.select("dl.cb-facts dt")}


def test_partner_types_never_read_as_the_whole_list(site, raw_cases, built):
    """Each case page's at-a-glance types against its raw YAML: every type its partners
    table names, and, where a partner has none, how many have none."""
    labels = {t["id"]: t["label"] for t in read_yaml(built.root / "study" / "partner_types.yaml")["terms"]}
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((site / "data" / "cases.csv").read_text("utf-8-sig")))}
    # The finder's "Type not recorded" option: the cases whose page carries it as a search filter.
    listed = {
        r["meta"]["case_id"]
        for r in search_records(site).values()
        if "type-not-recorded" in r["filters"].get("partner", [])
    }
    for case_id, data in raw_cases.items():
        partners = data.get("partners") or []
        untyped = sum(1 for x in partners if "type" not in x)
        shown = _glance(page(site, f"cases/{case_id}")).get("Partner types", "")
        for x in partners:
            if "type" in x:
                assert labels[x["type"]].lower() in shown.lower(), case_id
        if untyped:
            word = "partner" if untyped == 1 else "partners"
            assert f"{untyped} {word} of unrecorded type" in shown, (case_id, shown)
        assert "(" not in shown or " partners)" in shown, shown  # "(4 partners)", never a bare "(4)"
        assert int(rows[case_id]["partners_untyped"]) == untyped, case_id
        assert (case_id in listed) == bool(untyped), case_id


def test_an_inferred_status_says_so_wherever_status_is_shown(site, raw_cases):
    import json

    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((site / "data" / "cases.csv").read_text("utf-8-sig")))}
    inferred = [i for i, d in raw_cases.items() if (d.get("status") or {}).get("inferred")]
    assert inferred, "the study's data marks Golden Key's and Ignite's ends as inferred"
    for case_id in inferred:
        soup = page(site, f"cases/{case_id}")
        assert "(inferred)" in _glance(soup)["Status"]
        assert any("(inferred)" in text(a) for a in soup.select(".cb-chips a"))
        card = json.loads((site / "api" / "finder" / "cases" / f"{case_id}.json").read_text())
        assert "(inferred)" in json.dumps(card, ensure_ascii=False), case_id
        assert rows[case_id]["status_inferred"] == "true"
        letter = raw_cases[case_id]["name"][0].lower()
        browse = text(article(page(site, f"browse/{letter}")))
        assert "(inferred)" in browse, case_id
    for case_id, row in rows.items():
        if case_id not in inferred:
            assert row["status_inferred"] != "true"


def test_the_study_is_credited_wherever_a_machine_reads_its_text(site, built, raw_cases):
    import json

    study = read_yaml(built.root / "study" / "study.yaml")
    licence = (ROOT / "LICENSE").read_text()
    flat = " ".join(licence.split())
    assert "Government Outcomes Lab" in flat and "Blavatnik School of Government" in flat
    assert "Not covered" in flat and study["title"] in flat
    for name in ("api/index.json", "data/cases.json"):
        data = json.loads((site / name).read_text())
        assert "not covered" in data["rights"] and data["credit"]["url"] == study["url"], name
        assert data["credit"]["authors"] == study["authors"] and data["credit"]["holder"] == study["publisher"]
    for name, owner in (("api/study.json", "Government Outcomes Lab"), ("api/measurement.json", "West London Zone")):
        rights = json.loads((site / name).read_text())["rights"]
        assert owner in rights and "not covered" in rights, name
    package = json.loads((site / "data" / "datapackage.json").read_text())
    for resource in package["resources"]:
        assert resource["licenses"] and "not covered" in resource["description"], resource["name"]
        assert study["url"] in [s["path"] for s in resource["sources"]], resource["name"]
    # The Data page's Dataset record holds the study's text too.
    blocks = page(site, "data").find_all("script", attrs={"type": "application/ld+json"})
    (dataset,) = [d for d in (json.loads(b.string) for b in blocks) if d.get("@type") == "Dataset"]
    assert study["publisher"] in [h["name"] for h in dataset["copyrightHolder"]]
    assert study["title"] in dataset["creditText"] and "CC BY 4.0" in dataset["creditText"]
    for case_id, data in raw_cases.items():
        soup = page(site, f"cases/{case_id}")
        record = json.loads(soup.find("script", attrs={"type": "application/ld+json"}).string)
        if data.get("engagement"):
            assert record["isBasedOn"]["url"] == study["url"], case_id
            assert study["publisher"] in [h["name"] for h in record["copyrightHolder"]]
            assert study["title"] in record["creditText"]
        else:
            assert "isBasedOn" not in record, case_id


# What an editor's eye catches: the editors' words on a reader's page. Each pattern is
# one the review found, written here, not taken from the code.
EDITORS_WORDS = {
    "a placeholder for a missing name": re.compile(r"not recorded \(name\)"),
    "a bare applies in brackets": re.compile(r"\(applies\)"),
    "data jargon about recorded values": re.compile(r"distinct from"),
    "a year repeated after its label": re.compile(r"\b(\d{4}): In \1\b"),
    "a label repeated as its description": re.compile(r"\b(\w+): (\w+)\. \2\.", re.I),
    "an id shown as a fact": re.compile(r"Case id|INDIGO-POJ-\d+"),
    "a missing date with no subject": re.compile(r"\(date not given\)"),
    "nested brackets in the credit": re.compile(r"\([^()]*\([^()]*\)[^()]*\)\. The study's text"),
}


def test_no_page_shows_the_editors_words(site):
    found = []
    for html_file in sorted(site.rglob("*.html")):
        body = article(page(site, str(html_file.relative_to(site))))
        if body is None:
            continue
        words = text(body)
        found += [
            f"{html_file.relative_to(site)}: {what}" for what, pattern in EDITORS_WORDS.items() if pattern.search(words)
        ]
    assert found == []


def test_the_editors_patterns_catch_what_the_review_found():
    """The patterns above, on the sentences the review quoted."""
    quoted = {
        "a placeholder for a missing name": "Partner not recorded (name) Residents",
        "a bare applies in brackets": "Focus on outcomes Editors' reading (applies): note",
        "data jargon about recorded values": 'This is a recorded value, distinct from "not recorded".',
        "a year repeated after its label": "Started 2015: In 2015 the charity set up",
        "a label repeated as its description": "england: England. England.",
        "an id shown as a fact": "Case id golden-key",
        "a missing date with no subject": "£1.2m (date not given)",
        "nested brackets in the credit": "by A (GO Lab (Oxford), March 2019). The study's text",
    }
    for what, sentence in quoted.items():
        assert EDITORS_WORDS[what].search(sentence), what


def test_related_cases_name_their_reasons_in_sentence_case(site, raw_cases):
    funding = {t["id"]: t["label"] for t in read_yaml(ROOT / "study" / "funding_types.yaml")["terms"]}
    for case_id in raw_cases:
        for reason in page(site, f"cases/{case_id}").select(".cb-related li"):
            words = text(reason)
            assert "funded by" not in words
            for label in funding.values():
                if not label[1:2].isupper():
                    assert f": {label}" not in words and f", {label}" not in words, (case_id, words)


def test_no_two_identifier_lines_read_alike(site, raw_cases):
    """Two codes of one area (Somerset's county and its unitary council) say which is which."""
    for case_id, data in raw_cases.items():
        items = article(page(site, f"cases/{case_id}")).select(".cb-details .cb-identifier-list li")
        owners = [text(li).split(":")[0] for li in items]
        assert len(owners) == len(set(owners)), (case_id, owners)
        assert len(items) == len(data.get("identifiers", [])), case_id
