"""Characters a case's text may not hold, found and named.

Three kinds, each refused by the validator with the character's name and position:

- controls: C0 controls other than tab and newline, DEL and the C1 controls, and Unicode
  noncharacters. XML 1.0 cannot carry most of them (the feed would stop being XML), and
  none has a place in published text.
- hidden in one-line text: bidirectional embeddings, overrides and isolates and the line
  and paragraph separators. In a name they make text read otherwise than it is stored
  ("evil" shown as "live") or break a line where none can be.

``xml_safe`` is the feed's own guard: whatever passes validation, the feed holds only
what XML 1.0 allows.
"""

from __future__ import annotations

import re
import unicodedata

# C0 apart from tab and newline; DEL; C1; lone surrogates (a YAML reader without libyaml
# lets an escape for one through); the noncharacters U+FDD0–U+FDEF and the last two code
# points of every plane.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)
# U+202A–U+202E (embeddings, overrides), U+2066–U+2069 (isolates), U+2028–U+2029 (separators).
_HIDDEN = re.compile("[\u202a-\u202e\u2066-\u2069\u2028\u2029]")
# What XML 1.0 can carry: tab, newline, carriage return and U+0020 onwards, less the
# surrogates and U+FFFE, U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_C0_NAMES = dict(
    enumerate(
        "NULL,START OF HEADING,START OF TEXT,END OF TEXT,END OF TRANSMISSION,ENQUIRY,ACKNOWLEDGE,ALERT,"
        "BACKSPACE,CHARACTER TABULATION,LINE FEED,LINE TABULATION,FORM FEED,CARRIAGE RETURN,SHIFT OUT,"
        "SHIFT IN,DATA LINK ESCAPE,DEVICE CONTROL ONE,DEVICE CONTROL TWO,DEVICE CONTROL THREE,"
        "DEVICE CONTROL FOUR,NEGATIVE ACKNOWLEDGE,SYNCHRONOUS IDLE,END OF TRANSMISSION BLOCK,CANCEL,"
        "END OF MEDIUM,SUBSTITUTE,ESCAPE,INFORMATION SEPARATOR FOUR,INFORMATION SEPARATOR THREE,"
        "INFORMATION SEPARATOR TWO,INFORMATION SEPARATOR ONE".split(",")
    )
)


def name(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE': the code point and its Unicode name."""
    code = ord(char)
    label = "DELETE" if code == 0x7F else _C0_NAMES.get(code) or unicodedata.name(char, "")
    if label:
        return f"U+{code:04X} {label}"
    # Named for what ``controls`` and ``hidden`` find: the hidden ones all have names, and
    # a refused character without one is a C1 control, a surrogate or a noncharacter.
    if 0x80 <= code <= 0x9F:
        kind = "a C1 control character"
    elif 0xD800 <= code <= 0xDFFF:
        kind = "half of a surrogate pair, not a character"
    else:
        kind = "a noncharacter"
    return f"U+{code:04X} ({kind})"


def controls(text: str) -> list[tuple[int, str]]:
    """(position from 1, character) for each control character or noncharacter."""
    return [(m.start() + 1, m.group()) for m in _CONTROL.finditer(text)]


def hidden(text: str) -> list[tuple[int, str]]:
    """(position from 1, character) for each bidirectional control or line separator."""
    return [(m.start() + 1, m.group()) for m in _HIDDEN.finditer(text)]


def xml_safe(text: str) -> str:
    """``text`` with what XML 1.0 cannot carry replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)
