"""The Atom feed stays XML whatever a case holds: every subscriber's reader parses it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import feedparser
from hypothesis import given
from hypothesis import strategies as st

from conftest import MINIMAL_CASE
from macros.loader import load_casebook
from macros.export import atom_feed
from macros.model import Case, Casebook

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://example.org/casebook/"


def xml_char(c: str) -> bool:
    """XML 1.0's Char production, written out from the specification (section 2.2)."""
    n = ord(c)
    return n in (0x9, 0xA, 0xD) or 0x20 <= n <= 0xD7FF or 0xE000 <= n <= 0xFFFD or 0x10000 <= n <= 0x10FFFF


def _casebook(name: str, summary: str) -> Casebook:
    data = {"id": "x", "name": name, "summary": summary, "last_reviewed": "2026-01-01"}
    return Casebook(cases=(Case(id="x", data=data),), vocabularies={}, study={}, measurement={})


@given(name=st.text(min_size=1), summary=st.text(min_size=1))
def test_the_feed_parses_with_a_strict_parser_whatever_a_case_holds(name, summary):
    # Not only what validation lets through: any text, controls and lone surrogates too.
    feed = ET.fromstring(atom_feed(_casebook(name, summary), SITE))  # expat: refuses what is not XML
    (entry,) = feed.iter(f"{ATOM}entry")
    shown = lambda text: "".join(c if xml_char(c) else "\ufffd" for c in text)
    # The parser reads a carriage return as a line end; nothing else changes.
    assert (entry.find(f"{ATOM}title").text or "") == shown(name).replace("\r\n", "\n").replace("\r", "\n")
    assert (entry.find(f"{ATOM}summary").text or "") == shown(
        " ".join(summary.split())
    )  # white space run together, as on the page


# Everything validation lets through that XML or a feed reader could stumble on: markup,
# quotes, CDATA's end, a tab and new lines, the separators and bidirectional controls
# allowed in free text, characters beyond the Basic Multilingual Plane, U+FFFD itself.
LET_THROUGH = "A & B <b>\"quoted\"</b> 'single' ]]> --> \t tab \u2028 sep \u202e bidi \U0001f600 \ufffd end"


def test_the_feed_of_a_casebook_with_every_character_validation_lets_through_is_xml(project_copy):
    text = LET_THROUGH.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    case = MINIMAL_CASE.format(id="odd-text", name='"Odd & \\"Trust\\" ®"', model="unclassified")
    case = case.replace("summary: A case used by the tests.", f'summary: "{text}"')
    (project_copy / "cases" / "odd-text.yaml").write_text(case, encoding="utf-8")
    casebook = load_casebook(project_copy)  # valid, or this raises
    body = atom_feed(casebook, SITE)
    entries = {e.find(f"{ATOM}title").text: e for e in ET.fromstring(body).iter(f"{ATOM}entry")}
    assert " ".join(entries['Odd & "Trust" ®'].find(f"{ATOM}summary").text.split()) == " ".join(LET_THROUGH.split())
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.bozo_exception
    assert len(parsed.entries) == len(casebook.cases)


def test_the_feed_has_what_atom_requires_with_each_case_files_values(project_copy):
    """RFC 4287, read element by element (not by a lenient reader): the feed's id, title,
    updated, author and its links to itself and to the cases; an entry per case file with
    its name, page, summary and date, newest first. Values from the raw YAML (a copy
    outside git, so a case's date is its review date) and CITATION.cff."""
    import datetime as dt

    import yaml

    from macros.release import published

    raw = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (project_copy / "cases").glob("*.yaml")}
    citation = yaml.safe_load((project_copy / "CITATION.cff").read_text(encoding="utf-8"))
    body = atom_feed(published(load_casebook(project_copy), project_copy), SITE)
    assert body.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    feed = ET.fromstring(body)
    assert feed.tag == f"{ATOM}feed" and feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"
    child = lambda node, tag: [c for c in node if c.tag == f"{ATOM}{tag}"]
    assert [c.text for c in child(feed, "id")] == [SITE]
    (title,) = child(feed, "title")
    assert title.text == "Collaboration Casebook: new and updated cases"
    links = {(link.get("rel"), link.get("type")): link.get("href") for link in child(feed, "link")}
    assert links == {("self", "application/atom+xml"): SITE + "feed.xml", ("alternate", "text/html"): SITE + "cases/"}
    (author,) = child(feed, "author")
    assert [n.text for n in child(author, "name")] == [citation["authors"][0]["name"]]
    assert [r.text for r in child(feed, "rights")] == ["Creative Commons Attribution 4.0 International"]
    assert citation["license"] == "CC-BY-4.0"

    dates = {i: dt.datetime.fromisoformat(f"{c['last_reviewed']}T00:00:00+00:00") for i, c in raw.items()}
    (updated,) = child(feed, "updated")
    assert dt.datetime.fromisoformat(updated.text) == max(dates.values())
    entries = child(feed, "entry")
    seen = []
    for entry in entries:
        (link,) = child(entry, "link")
        assert link.get("rel") == "alternate" and link.get("type") == "text/html"
        case_id = link.get("href").removeprefix(SITE + "cases/").removesuffix("/")
        assert link.get("href") == f"{SITE}cases/{case_id}/" and case_id in raw
        assert [i.text for i in child(entry, "id")] == [link.get("href")]
        assert [t.text for t in child(entry, "title")] == [raw[case_id]["name"]]
        assert [s.text for s in child(entry, "summary")] == [" ".join(raw[case_id]["summary"].split())]
        (when,) = child(entry, "updated")
        assert dt.datetime.fromisoformat(when.text) == dates[case_id]
        seen.append(case_id)
    assert sorted(seen) == sorted(raw)
    assert seen == sorted(raw, key=lambda i: (dates[i], i), reverse=True)  # newest first


def test_a_case_changed_since_its_review_is_dated_by_its_change_and_sorted_by_it():
    """The dates of change (the case files' last commits) order the feed and date its
    entries; a case with none is dated by its review. Between elements only whitespace,
    which readers skip. A casebook with no cases still has an updated date."""
    import datetime as dt

    def case(case_id: str, reviewed: str) -> Case:
        data = {"id": case_id, "name": case_id.title(), "summary": "A case.", "last_reviewed": reviewed}
        return Case(id=case_id, data=data)

    cases = (case("a", "2026-03-01"), case("b", "2026-01-01"), case("c", "2026-02-01"))
    # b changed last of all, after a's review; c's change is older than a's review.
    changed = {"b": "2026-06-01T10:00:00+01:00", "c": "2026-01-15T09:00:00+00:00"}
    casebook = Casebook(cases=cases, vocabularies={}, study={}, measurement={}, changed=changed)
    feed = ET.fromstring(atom_feed(casebook, SITE))
    entries = [e for e in feed if e.tag == f"{ATOM}entry"]
    dated = [
        (e.find(f"{ATOM}id").text.removeprefix(SITE + "cases/").strip("/"), e.find(f"{ATOM}updated").text)
        for e in entries
    ]
    assert dated == [("b", changed["b"]), ("a", "2026-03-01T00:00:00+00:00"), ("c", changed["c"])]
    assert dt.datetime.fromisoformat(feed.find(f"{ATOM}updated").text) == dt.datetime.fromisoformat(changed["b"])
    for element in feed.iter():
        if len(element):
            assert not (element.text or "").strip() and all(not (c.tail or "").strip() for c in element), element.tag

    empty = ET.fromstring(atom_feed(Casebook(cases=(), vocabularies={}, study={}, measurement={}), SITE))
    assert dt.datetime.fromisoformat(empty.find(f"{ATOM}updated").text).year == 1970
    # RFC 4287's date construct: RFC 3339 with "T" and "Z" in upper case.
    rfc4287 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
    for tree in (feed, empty):
        assert all(rfc4287.fullmatch(u.text) for u in tree.iter(f"{ATOM}updated"))
    assert empty.find(f"{ATOM}entry") is None
