"""The characters validation refuses, against Unicode's own properties of every code point."""

from __future__ import annotations

import unicodedata

import pytest

from conftest import MINIMAL_CASE
from macros import characters

EVERY = "".join(chr(n) for n in range(0x110000))


def test_controls_are_unicode_controls_surrogates_and_noncharacters():
    def refused(c: str) -> bool:
        n = ord(c)
        noncharacter = 0xFDD0 <= n <= 0xFDEF or n & 0xFFFE == 0xFFFE
        return (unicodedata.category(c) == "Cc" and c not in "\t\n") or unicodedata.category(c) == "Cs" or noncharacter

    assert {c for _, c in characters.controls(EVERY)} == {c for c in EVERY if refused(c)}


def test_hidden_characters_are_the_bidirectional_controls_and_the_separators():
    controls = {"LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI", "PDI"}

    def hidden(c: str) -> bool:
        return unicodedata.bidirectional(c) in controls or unicodedata.category(c) in ("Zl", "Zp")

    assert {c for _, c in characters.hidden(EVERY)} == {c for c in EVERY if hidden(c)}


@pytest.mark.parametrize(
    "char, shown",
    [
        ("\x00", "U+0000 NULL"),
        ("\x1b", "U+001B ESCAPE"),
        ("\x7f", "U+007F DELETE"),
        ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ],
)
def test_a_character_is_named_as_unicode_names_it(char, shown):
    assert characters.name(char) == shown


def test_every_refused_character_is_named_by_unicode_or_by_its_kind():
    """Each character validation refuses, named as an error message names it: Unicode's
    name or alias (C0 controls and DELETE have aliases only), else what kind it is."""
    for _, char in characters.controls(EVERY):
        n = ord(char)
        shown = characters.name(char)
        assert shown.startswith(f"U+{n:04X} "), shown
        label = shown.removeprefix(f"U+{n:04X} ")
        if n < 0x20 or n == 0x7F:
            assert unicodedata.lookup(label) == char, shown  # the alias Unicode gives it
        elif 0x80 <= n <= 0x9F:
            assert label == "(a C1 control character)", shown
        elif 0xD800 <= n <= 0xDFFF:
            assert label == "(half of a surrogate pair, not a character)", shown
        else:
            assert label == "(a noncharacter)", shown
    for _, char in characters.hidden(EVERY):
        assert characters.name(char) == f"U+{ord(char):04X} {unicodedata.name(char)}"


def test_the_feed_keeps_exactly_what_xml_allows():
    """XML 1.0's Char production, written out here: tab, line feed, carriage return,
    U+0020 to U+D7FF, U+E000 to U+FFFD and U+10000 onwards. Anything else becomes U+FFFD."""

    def allowed(n: int) -> bool:
        return n in (0x9, 0xA, 0xD) or 0x20 <= n <= 0xD7FF or 0xE000 <= n <= 0xFFFD or 0x10000 <= n <= 0x10FFFF

    kept = characters.xml_safe(EVERY)
    assert len(kept) == len(EVERY)
    assert [n for n, c in enumerate(kept) if c != chr(n)] == [n for n in range(0x110000) if not allowed(n)]
    assert {c for n, c in enumerate(kept) if c != chr(n)} == {"\ufffd"}


def test_a_lone_surrogate_a_yaml_reader_let_through_is_refused(tmp_path):
    # PyYAML without libyaml reads the escape "\ud800" as a lone surrogate, where libyaml
    # refuses the file: the rule on text catches it either way.
    from macros import validate
    from macros.load import load_file

    path = tmp_path / "lone-surrogate.yaml"
    path.write_text(MINIMAL_CASE.format(id="lone-surrogate", name="Lone Surrogate", model="unclassified"))
    doc, problems = load_file(path, path.name)
    assert doc is not None and not problems
    doc.data["summary"] = "A case\ud800 used by the tests."
    context = validate.Context(study_url="", region_nations={}, placeholders={}, unique_lists=())
    found = validate.check_characters(doc, context)
    assert [(p.code, p.field) for p in found] == [("control-character", "summary")]
    assert "U+D800 (half of a surrogate pair, not a character) at character 7" in found[0].message
    assert validate.check_characters in validate.CASE_RULES


def test_positions_count_from_one_as_an_editor_does():
    text = "a\u202eb\x00c\u2028"
    assert characters.hidden(text) == [(2, "\u202e"), (6, "\u2028")]
    assert characters.controls(text) == [(4, "\x00")]
