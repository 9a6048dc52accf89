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
