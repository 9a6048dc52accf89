"""The Atom feed stays XML whatever a case holds: every subscriber's reader parses it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser
from hypothesis import given
from hypothesis import strategies as st

from conftest import MINIMAL_CASE
from macros.casebook import load_casebook
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
