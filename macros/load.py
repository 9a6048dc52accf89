"""Safe YAML loading that keeps every value's file, line and column.

Input: the bytes of one YAML file holding one mapping, for example::

    id: wigan-council
    funding: [none]

Output: a ``Document`` with plain Python data (dict, list, str, int, float, bool,
None) and the position of every value and every key, addressed by field path
(``("funding", 0)``), or the problems that stopped the file from loading.

PyYAML's constructors are not used: they accept duplicate keys, expand aliases
without limit and turn ``2019-03-01`` into a date. Instead the parser's event
stream (libyaml's C parser where available) is folded into data here, which lets
the loader reject duplicates, anchors, aliases, custom tags and deep nesting
while it reads, in one pass and without recursion.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, field_path

MAX_BYTES = 256 * 1024
MAX_DEPTH = 16
MAX_NODES = 20_000

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF8, "UTF-8"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
# An explicit tag is allowed only where it changes nothing: `!` and `!!str` on text.
# Any other (`!!int abc`, `!!bool maybe`, `!!python/object`) is refused, not guessed at.
_PLAIN_TAGS = {None, "!"}
_TEXT_TAG = "tag:yaml.org,2002:str"
_FIRST_CHARS = _resolver.yaml_implicit_resolvers
_ALIAS_MESSAGE = (
    "anchors (&name) and aliases (*name) are not allowed in case files. Write the value out in full where it is needed."
)
_DISCARD = object()


@dataclass(frozen=True)
class Document:
    path: Path
    display: str
    data: Any
    positions: dict = field(repr=False)  # field path -> (line, column) of the value
    key_positions: dict = field(repr=False)  # field path -> (line, column) of its key

    def settled(self) -> "Document":
        """The document once its own checks are done: the data, and only the position of
        its id (the checks across files need no other). Every node's position takes more
        memory than the data itself, so a large casebook keeps them one file at a time."""
        kept = {("id",): self.positions[("id",)]} if ("id",) in self.positions else {}
        return Document(self.path, self.display, self.data, kept, {})

    def where(self, parts: tuple, key: bool = False) -> tuple[int, int]:
        """The position of the value at ``parts``, or of its nearest recorded ancestor."""
        table = self.key_positions if key else self.positions
        parts = tuple(parts)
        while parts:
            if parts in table:
                return table[parts]
            if not key and parts in self.key_positions:
                return self.key_positions[parts]
            parts = parts[:-1]
        return self.positions.get((), (1, 1))


class _Abort(Exception):
    pass


def load_file(path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Read and parse one YAML file; never raises for bad content."""
    problems: list[Problem] = []

    def report(line: int, column: int, code: str, message: str, parts: tuple = ()) -> None:
        problems.append(Problem(display, line, column, field_path(parts), code, message))

    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as error:
        report(1, 1, "unreadable", f"the file cannot be read: {error.strerror}.")
        return None, problems
    if len(raw) > MAX_BYTES:
        report(
            1,
            1,
            "too-large",
            f"the file is larger than {MAX_BYTES // 1024} KiB. A case file is a few KiB; "
            "split long text or link to a source instead.",
        )
        return None, problems
    text = _decode(raw, report)
    if text is None:
        return None, problems
    if _check_tabs(text, report):
        return None, problems
    try:
        data, positions, keys = _fold(text, report)
    except _Abort:
        return None, problems
    if data is None and not problems:
        report(
            1,
            1,
            "empty",
            "the file is empty. A case file is a mapping of field names to "
            'values; start from the template with `python -m macros new "Name"`.',
        )
    elif data is not None and not isinstance(data, dict):
        line, column = positions[()]
        report(
            line,
            column,
            "not-a-mapping",
            f"the file holds {_kind(data)}, but a case file must be a mapping of field names "
            "to values, such as `id: my-case`.",
        )
    document = Document(path, display, data, positions, keys) if isinstance(data, dict) else None
    if any(p.code != "duplicate-key" for p in problems):
        return None, problems
    # A duplicated key drops only the second copy: the rest of the file is still checked,
    # so that one run reports every problem.
    return document, problems


def _decode(raw: bytes, report) -> str | None:
    for bom, name in _BOMS:
        if raw.startswith(bom):
            report(
                1,
                1,
                "bom",
                f"the file starts with a {name} byte-order mark. Save it as "
                'UTF-8 without a byte-order mark (most editors call this "UTF-8", not '
                '"UTF-8 with BOM").',
            )
            return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        report(line, column, "encoding", f"byte 0x{raw[error.start]:02x} is not valid UTF-8. Save the file as UTF-8.")
        return None


def _check_tabs(text: str, report) -> bool:
    if "\t" not in text:
        return False
    found = False
    for number, line in enumerate(text.split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            report(
                number,
                indent.index("\t") + 1,
                "tab",
                "a tab is used for indentation. YAML indents with spaces only: replace the tab with spaces.",
            )
            found = True
    return found


def _at(mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


class _Fold:
    """The parser's events folded into data, recording positions; iterative, bounded.

    ``run`` dispatches on each event's type to a small method; a method that finds a
    problem reports it and raises _Abort. This runs once per value of every case (most
    of a validation's cost), so the state lives in plain attributes."""

    def __init__(self, text: str, report) -> None:
        self.text, self.report = text, report
        self.lines = text.split("\n")
        self.positions: dict[tuple, tuple[int, int]] = {}
        self.keys: dict[tuple, tuple[int, int]] = {}
        # Each frame: [container, its field path, the key awaiting its value, is a mapping]
        self.stack: list[list] = []
        self.root: Any = None
        self.documents = self.nodes = 0

    def run(self) -> tuple[Any, dict, dict]:
        parser = _Parser(self.text)
        handlers = {
            yaml.ScalarEvent: self.scalar,
            yaml.MappingStartEvent: self.collection,
            yaml.SequenceStartEvent: self.collection,
            yaml.MappingEndEvent: self.end,
            yaml.SequenceEndEvent: self.end,
            yaml.AliasEvent: self.alias,
            yaml.DocumentStartEvent: self.document,
        }
        try:
            while parser.check_event():
                event = parser.get_event()
                handler = handlers.get(type(event))
                if handler is not None:
                    handler(event)
        except yaml.MarkedYAMLError as error:
            line, column, message = syntax_problem(error, self.text)
            self.fail(line, column, "yaml-syntax", message)
        except yaml.YAMLError as error:
            self.fail(
                *self._reader_position(error),
                "yaml-syntax",
                f"YAML cannot read the file here: {getattr(error, 'reason', error)}. Remove "
                "control characters from the text.",
            )
        finally:
            dispose = getattr(parser, "dispose", None)
            if dispose:
                dispose()
        return self.root, self.positions, self.keys

    def fail(self, line: int, column: int, code: str, message: str) -> None:
        self.report(line, column, code, message)
        raise _Abort from None

    def _reader_position(self, error: yaml.YAMLError) -> tuple[int, int]:
        # The reader's errors (control characters) carry a position, not a mark.
        position = getattr(error, "position", 0) or 0
        before = self.text[:position]
        return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1

    def scalar(self, event) -> None:
        """A scalar: a field name awaited by its mapping, or a value. The hottest path."""
        if event.anchor is not None or (event.tag not in _PLAIN_TAGS and event.tag != _TEXT_TAG):
            self.refuse(event)
        stack = self.stack
        frame = stack[-1] if stack else None
        if frame is not None and frame[3] and frame[2] is None:
            _take_key(event, frame, self.keys, self.report, _at, self.lines)
            return
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.too_many(event)
        value = _scalar(event)
        if frame is None:
            path = self.place(value, frame)
        elif frame[3]:  # a field's value, the most common place: written out here, as a list's item is
            key, frame[2] = frame[2], None
            if key is _DISCARD:
                return
            frame[0][key] = value
            path = frame[1] + (key,)
        else:
            frame[0].append(value)
            path = frame[1] + (len(frame[0]) - 1,)
        mark = event.start_mark
        self.positions[path] = (mark.line + 1, mark.column + 1)

    def collection(self, event) -> None:
        """The start of a mapping or a list: placed, then the frame its items fill."""
        if event.anchor is not None or event.tag not in _PLAIN_TAGS:
            self.refuse(event)
        frame = self.stack[-1] if self.stack else None
        here = _at(event.start_mark)
        if frame is not None and frame[3] and frame[2] is None:
            self.fail(*here, "complex-key", "a field name must be plain text, not a list or mapping.")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.too_many(event)
        value = {} if type(event) is yaml.MappingStartEvent else []
        path = self.place(value, frame)
        if path is not None:
            self.positions[path] = here
        if len(self.stack) >= MAX_DEPTH:
            self.fail(
                *here,
                "too-deep",
                f"values are nested more than {MAX_DEPTH} levels deep; a case file "
                "needs far fewer. Check the indentation.",
            )
        self.stack.append([value, path if path is not None else ("<discarded>",), None, isinstance(value, dict)])

    def refuse(self, event) -> None:
        """An anchor, or a tag other than those that keep text as text."""
        if event.anchor is not None:
            self.fail(*_at(event.start_mark), "alias", _ALIAS_MESSAGE)
        self.fail(*_at(event.start_mark), "tag", _tag_message(event.tag))

    def too_many(self, event) -> None:
        self.fail(
            *_at(event.start_mark),
            "too-many-values",
            f"the file holds more than {MAX_NODES} values; a case file needs far fewer.",
        )

    def place(self, value: Any, frame: list | None) -> tuple | None:
        """Put a value where it belongs; its field path, or None for a duplicate key's."""
        if frame is None:
            self.root = value
            return ()
        if not frame[3]:
            frame[0].append(value)
            return frame[1] + (len(frame[0]) - 1,)
        key, frame[2] = frame[2], None
        if key is _DISCARD:
            return None
        frame[0][key] = value
        return frame[1] + (key,)

    def end(self, event) -> None:
        self.stack.pop()

    def alias(self, event) -> None:
        self.fail(event.start_mark.line + 1, event.start_mark.column + 1, "alias", _ALIAS_MESSAGE)

    def document(self, event) -> None:
        self.documents += 1
        if self.documents > 1:
            self.fail(
                event.start_mark.line + 1,
                event.start_mark.column + 1,
                "several-documents",
                "the file holds more than one YAML document (a `---` line separates them). Keep one "
                "case per file, without `---` lines.",
            )


def _fold(text: str, report) -> tuple[Any, dict, dict]:
    return _Fold(text, report).run()


# ---- YAML syntax errors in plain words ---------------------------------------------

_KEY = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"][^:#]*?)\s*:(?:\s|$)")


def syntax_problem(error: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """(line, column, message) for PyYAML's error: where the mistake most likely is, in
    plain words, with the likely fix. PyYAML often notices a mistake a line later, at the
    next token; the start of what was left open (its context mark) is where to look."""
    lines = text.split("\n")
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    for explain in (
        _bad_escape,
        _left_open,
        _quote_runs_on,
        _indented_more,
        _lines_up_with_nothing,
        _item_after_field,
        _reserved_start,
    ):
        found = explain(error, lines, line, column)
        if found:
            return found
    return (
        line,
        column,
        f"YAML cannot read the file here ({error.problem or 'invalid YAML'}). Check the indentation "
        "(fields of one mapping line up exactly), and put text that contains `: ` or starts with "
        "a special character in double quotes.",
    )


_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")


def _bad_escape(error, lines: list[str], line: int, column: int) -> tuple[int, int, str] | None:
    """An escape for a code that is no character: half of a surrogate pair (U+D800 to
    U+DFFF, as JSON writes a character beyond U+FFFF: "\\ud83d\\ude00") or past U+10FFFF.
    libyaml stops inside the quoted value, which reads as a quote never closed."""
    if "invalid Unicode character escape" not in (error.problem or ""):
        return None
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    # The escape the parser stopped in: the last one starting at or before its mark.
    found = [m for m in _ESCAPE.finditer(text) if m.start() < column]
    if not found:
        return None
    escape = found[-1]
    code = int(escape[1] or escape[2], 16)
    written = escape[0]
    if 0xD800 <= code <= 0xDFFF:
        after = _ESCAPE.match(text, escape.end())
        low = int(after[1] or after[2], 16) if after else 0
        if code <= 0xDBFF and 0xDC00 <= low <= 0xDFFF:
            # A JSON-style pair: YAML takes the character's own code, in one escape.
            joined = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            fix = (
                f"YAML does not join pairs: write the character itself, or its code in one escape, "
                f"`\\U{joined:08X}`, in place of `{written}{after[0]}`."
            )
        else:
            fix = "Write the character itself, or its whole code as `\\U` and eight digits (`\\U0001F600`)."
        what = "one half of a surrogate pair (U+D800 to U+DFFF), which UTF-16 uses in twos and no text holds alone"
    else:
        what = "beyond U+10FFFF, the last code Unicode has"
        fix = "Write the character itself, or check the escape's digits."
    return line, escape.start() + 1, f"the escape `{written}` is not a character: U+{code:04X} is {what}. {fix}"


def _left_open(error, lines: list[str], line: int, column: int) -> tuple[int, int, str] | None:
    """A quote, a [list] or a {mapping} opened and never closed, or a key without a colon."""
    opened, context = error.context_mark, error.context or ""
    if not opened:
        return None
    where = (opened.line + 1, opened.column + 1)
    if "quoted scalar" in context:
        quote = lines[opened.line][opened.column : opened.column + 1] or '"'
        return (
            *where,
            f"the quotation mark {quote} that starts this value is never closed. End the value "
            f"with {quote} on the same line, or remove the opening {quote}.",
        )
    if "flow sequence" in context:
        return (
            *where,
            "the list opened with `[` here is not closed. End it with `]` on the same line, "
            "for example `[grant, donations]`.",
        )
    if "flow mapping" in context:
        return (
            *where,
            "the mapping opened with `{` here is not closed. End it with `}` on the same line, "
            "for example `{name: A, type: nhs}`.",
        )
    if "simple key" in context:
        return (
            *where,
            "this line has no colon after its field name. Write the field as `name: value`, with a colon and a space.",
        )
    return None


def _quote_runs_on(error, lines: list[str], line: int, column: int) -> tuple[int, int, str] | None:
    """A quote left open runs on to the next quotation mark, lines later, where the parser
    trips: the mistake is where the quote opened."""
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    unclosed = _unclosed_quote(lines, line - 1)
    if not unclosed or not ('"' in here[:column] or "'" in here[:column]):
        return None
    opened_line, opened_column, quote = unclosed
    return (
        opened_line,
        opened_column,
        f"the quotation mark {quote} that starts this value is not closed on its line, so YAML reads on "
        f"to the next {quote} (line {line}). End the value with {quote}.",
    )


def _indented_more(error, lines: list[str], line: int, column: int) -> tuple[int, int, str] | None:
    """A field indented more than the field above it, whose value is on its own line; or
    the field above lost its indentation; or a value holding ': '."""
    if not (error.problem or "").startswith("mapping values are not allowed"):
        return None
    here = lines[line - 1]
    key = _KEY.match(here)
    above = _previous_field(lines, line - 1)
    if key and above and len(key.group(1)) + len(key.group(2)) + 1 >= column - 1 and _indent(here) > above[2]:
        name, indent = key.group(2), _indent(here)
        above_line, above_name, above_indent = above
        sibling = _open_levels(lines, above_line - 1).get(indent)
        if sibling:
            # This line sits where the fields before the one above sat: that one moved left.
            return (
                above_line,
                above_indent + 1,
                f"`{above_name}` is indented less than the fields around it (`{sibling[1]}` on line "
                f"{sibling[0]}, `{name}` on line {line}). Indent it by {_spaces(indent)} to line up with them.",
            )
        return (
            line,
            indent + 1,
            f"`{name}` is indented more than `{above_name}` on line {above_line}, so YAML reads it as part "
            f"of that field's value. Line `{name}` up with `{above_name}` ({_spaces(above_indent)}); or, "
            f"if `{above_name}` holds fields, move its value off its line.",
        )
    field = key.group(2) if key else "field"
    return (
        line,
        column,
        "this value holds a colon followed by a space (`: `), which YAML reads as the start "
        f'of another field. Put the whole value in double quotes: `{field}: "..."`.',
    )


def _lines_up_with_nothing(error, lines: list[str], line: int, column: int) -> tuple[int, int, str] | None:
    """A field whose indentation matches no open level: say which levels it could take."""
    if not (error.problem or "").startswith(("did not find expected key", "did not find expected '-' indicator")):
        return None
    here = lines[line - 1]
    indent = _indent(here)
    name = _KEY.match(here).group(2) if _KEY.match(here) else "this line"
    levels = {k: v for k, v in _open_levels(lines, line - 1).items() if k != indent}
    if not levels:
        return None
    nearest = min(abs(level - indent) for level in levels)
    options = [(level, *levels[level]) for level in sorted(levels) if abs(level - indent) == nearest]
    choices = " or ".join(
        f"by {_spaces(level)}, to line up with `{field}` on line {number}" for level, number, field in options
    )
    message = (
        f"the indentation of `{name}` ({_spaces(indent)}) lines up with no field above it. Fields of "
        f"one mapping line up exactly: indent it {choices}."
    )
    level, number, field = options[-1]
    if len(options) == 1 and indent < level and _opens_block(lines, number - 1):
        # The level was set by the first field of its block alone: that one may be off.
        message += f" (Or, if `{field}` on line {number} is the one out of line, indent it by {_spaces(indent)}.)"
    return (line, indent + 1, message)


def _item_after_field(error, lines: list[str], line: int, column: int) -> tuple[int, int, str] | None:
    if not (error.problem or "").startswith("block sequence entries are not allowed"):
        return None
    return (
        line,
        column,
        "a list item (`- `) cannot start on the same line as its field. Put each item on a "
        "line of its own, indented under the field; or quote the value if the dash is part of it.",
    )


def _reserved_start(error, lines: list[str], line: int, column: int) -> tuple[int, int, str] | None:
    if not (error.problem or "").startswith("found character that cannot start any token"):
        return None
    char = lines[line - 1][column - 1 : column] or "this character"
    return (
        line,
        column,
        f"a value cannot start with `{char}` unless it is in quotes. Put the whole value in double quotes.",
    )


_QUOTED_VALUE = re.compile(r"^\s*(?:-\s+)?(?:[^\s:#'\"][^:#]*?:\s+)?([\"'])")


def _unclosed_quote(lines: list[str], before: int) -> tuple[int, int, str] | None:
    """(line, column, mark) of the last value above that opens a quote and does not close it."""
    for index in range(before - 1, -1, -1):
        match = _QUOTED_VALUE.match(lines[index])
        if not match:
            continue
        quote, rest = match.group(1), lines[index][match.end(1) :]
        closed = quote in (re.sub(r"\\.", "", rest) if quote == '"' else rest.replace("''", ""))
        return None if closed else (index + 1, match.start(1) + 1, quote)
    return None


def _spaces(count: int) -> str:
    return f"{count} space{'' if count == 1 else 's'}"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _previous_field(lines: list[str], before: int) -> tuple[int, str, int] | None:
    """(line number, field name, indentation of the name) of the nearest field above."""
    for index in range(before - 1, -1, -1):
        match = _KEY.match(lines[index])
        if match:
            return index + 1, match.group(2), len(match.group(1))
        if lines[index].strip() and not lines[index].lstrip().startswith("#"):
            return None
    return None


def _open_levels(lines: list[str], before: int) -> dict[int, tuple[int, str]]:
    """The indentations at which a field may stand after the first ``before`` lines,
    each with the latest field there: {indentation: (line number, field)}."""
    levels: dict[int, tuple[int, str]] = {}
    for index in range(before):
        match = _KEY.match(lines[index])
        if match:
            indent = len(match.group(1))
            levels = {k: v for k, v in levels.items() if k < indent}
            levels[indent] = (index + 1, match.group(2))
    return levels


def _opens_block(lines: list[str], index: int) -> bool:
    """Whether the field on line ``index`` (0-based) is the first of its block."""
    for previous in range(index - 1, -1, -1):
        if lines[previous].strip() and not lines[previous].lstrip().startswith("#"):
            return _indent(lines[previous]) < len(_KEY.match(lines[index]).group(1))
    return False


def _duplicate_message(key: str, first_line: int, where: tuple[int, int], lines: list[str]) -> str:
    message = (
        f"the field `{key}` appears twice in the same mapping (first on line {first_line}); only the first is read."
    )
    above = _previous_field(lines, where[0] - 1)
    if above and above[2] > where[1] - 1:
        # It follows a more deeply indented field: one of the two may have lost its indentation.
        return (
            message + f" If this one belongs with `{above[1]}` on line {above[0]}, indent it by "
            f"{_spaces(above[2])}; if the first one is out of place, move that; otherwise keep one of the two."
        )
    return message + " Keep one of the two, or merge them."


def _take_key(event, frame, keys, report, at, lines) -> None:
    container, parts = frame[0], frame[1]
    key = _scalar(event)
    where = at(event.start_mark)
    if not isinstance(key, str):
        key = str(key)
    if key in container:
        first = keys.get(parts + (key,), where)
        report(*where, "duplicate-key", _duplicate_message(key, first[0], where, lines), parts + (key,))
        frame[2] = _DISCARD
        return
    frame[2] = key
    keys[parts + (key,)] = where


def _tag_message(tag: str) -> str:
    short = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
    return (
        f"the tag `{short}` is not allowed: case files take plain values. Delete `{short}` "
        "and write the value alone; put it in quotes if it must stay text."
    )


def _scalar(event) -> Any:
    """A scalar's value by YAML 1.1's core rules, except that dates stay text."""
    value, tag = event.value, event.tag
    if tag == _TEXT_TAG:
        return value
    if tag is None or tag == "!":
        if event.style or not event.implicit[0] or value[:1] not in _FIRST_CHARS:
            return value  # quoted, or plain text that no type could match
        tag = _resolver.resolve(yaml.ScalarNode, value, event.implicit)
    if tag.endswith(":null"):
        return None
    if tag.endswith(":bool"):
        return _constructor.bool_values[value.lower()]
    if tag.endswith(":int"):
        return _constructor.construct_yaml_int(yaml.ScalarNode(tag, value))
    if tag.endswith(":float"):
        return _constructor.construct_yaml_float(yaml.ScalarNode(tag, value))
    return value


def _kind(value: Any) -> str:
    return {
        list: "a list",
        str: "a single text value",
        int: "a number",
        float: "a number",
        bool: "a true/false value",
    }.get(type(value), "a value")
