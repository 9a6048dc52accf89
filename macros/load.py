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
    (codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF8, "UTF-8"), (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"),
)
# An explicit tag is allowed only where it changes nothing: `!` and `!!str` on text.
# Any other (`!!int abc`, `!!bool maybe`, `!!python/object`) is refused, not guessed at.
_PLAIN_TAGS = {None, "!"}
_TEXT_TAG = "tag:yaml.org,2002:str"
_FIRST_CHARS = _resolver.yaml_implicit_resolvers
_ALIAS_MESSAGE = ("anchors (&name) and aliases (*name) are not allowed in case files. "
                  "Write the value out in full where it is needed.")
_DISCARD = object()


@dataclass(frozen=True)
class Document:
    path: Path
    display: str
    data: Any
    positions: dict = field(repr=False)       # field path -> (line, column) of the value
    key_positions: dict = field(repr=False)   # field path -> (line, column) of its key

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
        report(1, 1, "too-large",
               f"the file is larger than {MAX_BYTES // 1024} KiB. A case file is a few KiB; "
               "split long text or link to a source instead.")
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
        report(1, 1, "empty", "the file is empty. A case file is a mapping of field names to "
               "values; start from the template with `python -m macros new \"Name\"`.")
    elif data is not None and not isinstance(data, dict):
        line, column = positions[()]
        report(line, column, "not-a-mapping",
               f"the file holds {_kind(data)}, but a case file must be a mapping of field names "
               "to values, such as `id: my-case`.")
    document = Document(path, display, data, positions, keys) if isinstance(data, dict) else None
    if any(p.code != "duplicate-key" for p in problems):
        return None, problems
    # A duplicated key drops only the second copy: the rest of the file is still checked,
    # so that one run reports every problem.
    return document, problems


def _decode(raw: bytes, report) -> str | None:
    for bom, name in _BOMS:
        if raw.startswith(bom):
            report(1, 1, "bom", f"the file starts with a {name} byte-order mark. Save it as "
                   "UTF-8 without a byte-order mark (most editors call this \"UTF-8\", not "
                   "\"UTF-8 with BOM\").")
            return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        report(line, column, "encoding",
               f"byte 0x{raw[error.start]:02x} is not valid UTF-8. Save the file as UTF-8.")
        return None


def _check_tabs(text: str, report) -> bool:
    if "\t" not in text:
        return False
    found = False
    for number, line in enumerate(text.split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            report(number, indent.index("\t") + 1, "tab",
                   "a tab is used for indentation. YAML indents with spaces only: replace "
                   "the tab with spaces.")
            found = True
    return found


def _fold(text: str, report):
    """Fold the parser's events into data, recording positions. Iterative, bounded.

    This loop runs once per value of every case, so it dispatches on the event's
    type and keeps its state in local variables: it is most of a validation's cost."""
    parser = _Parser(text)
    lines = text.split("\n")
    positions: dict[tuple, tuple[int, int]] = {}
    keys: dict[tuple, tuple[int, int]] = {}
    # Each frame: [container, its field path, the key awaiting its value, is a mapping]
    stack: list[list] = []
    root = None
    documents = nodes = 0
    scalar_t, mapping_t, sequence_t = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)

    def at(mark) -> tuple[int, int]:
        return mark.line + 1, mark.column + 1

    try:
        while parser.check_event():
            event = parser.get_event()
            kind = type(event)
            if kind is scalar_t or kind is mapping_t or kind is sequence_t:
                if event.anchor is not None:
                    report(*at(event.start_mark), "alias", _ALIAS_MESSAGE)
                    raise _Abort
                tag = event.tag
                if tag not in _PLAIN_TAGS and not (kind is scalar_t and tag == _TEXT_TAG):
                    report(*at(event.start_mark), "tag", _tag_message(tag))
                    raise _Abort
                frame = stack[-1] if stack else None
                if frame is not None and frame[3] and frame[2] is None:
                    if kind is not scalar_t:
                        report(*at(event.start_mark), "complex-key",
                               "a field name must be plain text, not a list or mapping.")
                        raise _Abort
                    _take_key(event, frame, keys, report, at, lines)
                    continue
                nodes += 1
                if nodes > MAX_NODES:
                    report(*at(event.start_mark), "too-many-values",
                           f"the file holds more than {MAX_NODES} values; a case file needs far fewer.")
                    raise _Abort
                value = _scalar(event) if kind is scalar_t else {} if kind is mapping_t else []
                mark = event.start_mark
                if frame is None:
                    root, here = value, ()
                elif frame[3]:
                    key, frame[2] = frame[2], None
                    if key is _DISCARD:
                        here = None
                    else:
                        here = frame[1] + (key,)
                        frame[0][key] = value
                else:
                    here = frame[1] + (len(frame[0]),)
                    frame[0].append(value)
                if here is not None:
                    positions[here] = (mark.line + 1, mark.column + 1)
                if kind is not scalar_t:
                    if len(stack) >= MAX_DEPTH:
                        report(*at(mark), "too-deep",
                               f"values are nested more than {MAX_DEPTH} levels deep; a case file "
                               "needs far fewer. Check the indentation.")
                        raise _Abort
                    stack.append([value, here if here is not None else ("<discarded>",), None, kind is mapping_t])
            elif kind in ends:
                stack.pop()
            elif kind is yaml.AliasEvent:
                report(*at(event.start_mark), "alias", _ALIAS_MESSAGE)
                raise _Abort
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    report(*at(event.start_mark), "several-documents",
                           "the file holds more than one YAML document (a `---` line "
                           "separates them). Keep one case per file, without `---` lines.")
                    raise _Abort
    except yaml.MarkedYAMLError as error:
        line, column, message = syntax_problem(error, text)
        report(line, column, "yaml-syntax", message)
        raise _Abort from None
    except yaml.YAMLError as error:
        # The reader's errors (control characters) carry a position, not a mark.
        position = getattr(error, "position", 0) or 0
        before = text[:position]
        line = before.count("\n") + 1
        column = position - (before.rfind("\n") + 1) + 1
        report(line, column, "yaml-syntax",
               f"YAML cannot read the file here: {getattr(error, 'reason', error)}. Remove "
               "control characters from the text.")
        raise _Abort from None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()
    return root, positions, keys


# ---- YAML syntax errors in plain words ---------------------------------------------

_KEY = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"][^:#]*?)\s*:(?:\s|$)")


def syntax_problem(error: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """(line, column, message) for PyYAML's error: where the mistake most likely is, in
    plain words, with the likely fix. PyYAML often notices a mistake a line later, at the
    next token; the start of what was left open (its context mark) is where to look."""
    lines = text.split("\n")
    problem, context = error.problem or "", error.context or ""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    opened = error.context_mark
    if "quoted scalar" in context and opened:
        quote = lines[opened.line][opened.column:opened.column + 1] or '"'
        return (opened.line + 1, opened.column + 1,
                f"the quotation mark {quote} that starts this value is never closed. End the value "
                f"with {quote} on the same line, or remove the opening {quote}.")
    if ("flow sequence" in context or "flow mapping" in context) and opened:
        start, end = ("[", "]") if "sequence" in context else ("{", "}")
        return (opened.line + 1, opened.column + 1,
                f"the {'list' if start == '[' else 'mapping'} opened with `{start}` here is not closed. "
                f"End it with `{end}` on the same line, for example "
                f"`{'[grant, donations]' if start == '[' else '{name: A, type: nhs}'}`.")
    if "simple key" in context and opened:
        return (opened.line + 1, opened.column + 1,
                "this line has no colon after its field name. Write the field as `name: value`, "
                "with a colon and a space.")
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    unclosed = _unclosed_quote(lines, line - 1)
    if unclosed and ('"' in here[:column] or "'" in here[:column]):
        # A quote left open runs on to the next quotation mark, lines later, where the
        # parser trips: the mistake is where the quote opened.
        opened_line, opened_column, quote = unclosed
        return (opened_line, opened_column,
                f"the quotation mark {quote} that starts this value is not closed on its line, so YAML "
                f"reads on to the next {quote} (line {line}). End the value with {quote}.")
    if problem.startswith("mapping values are not allowed"):
        key = _KEY.match(here)
        above = _previous_field(lines, line - 1)
        if key and len(key.group(1)) + len(key.group(2)) + 1 >= column - 1 and above:
            name, indent = key.group(2), _indent(here)
            above_line, above_name, above_indent = above
            if indent > above_indent:
                return (line, indent + 1,
                        f"`{name}` is indented more than `{above_name}` on line {above_line}, so YAML "
                        f"reads it as part of that field's value. Line `{name}` up with `{above_name}` "
                        f"({_spaces(above_indent)}); or, if `{above_name}` holds fields, move its value "
                        "off its line.")
        field = key.group(2) if key else "field"
        return (line, column,
                "this value holds a colon followed by a space (`: `), which YAML reads as the start of "
                f"another field. Put the whole value in double quotes: `{field}: \"...\"`.")
    if problem.startswith(("did not find expected key", "did not find expected '-' indicator")):
        indent = _indent(here)
        name = _KEY.match(here).group(2) if _KEY.match(here) else "this line"
        levels = _levels_above(lines, line - 1)
        if levels:
            # The nearest level in depth, then the nearest line: likely what was meant.
            level, level_line, level_name = min(levels, key=lambda l: (abs(l[0] - indent), line - l[1]))
            return (line, indent + 1,
                    f"the indentation of `{name}` ({_spaces(indent)}) lines up with no field above it. "
                    f"Fields of one mapping line up exactly: indent it by {_spaces(level)} to line up "
                    f"with `{level_name}` on line {level_line}.")
    if problem.startswith("block sequence entries are not allowed"):
        return (line, column,
                "a list item (`- `) cannot start on the same line as its field. Put each item on a "
                "line of its own, indented under the field; or quote the value if the dash is part of it.")
    if problem.startswith("found character that cannot start any token"):
        char = here[column - 1:column] or "this character"
        return (line, column,
                f"a value cannot start with `{char}` unless it is in quotes. Put the whole value in "
                "double quotes.")
    return (line, column,
            f"YAML cannot read the file here ({problem or 'invalid YAML'}). Check the indentation "
            "(fields of one mapping line up exactly), and put text that contains `: ` or starts with "
            "a special character in double quotes.")


_QUOTED_VALUE = re.compile(r"^\s*(?:-\s+)?(?:[^\s:#'\"][^:#]*?:\s+)?([\"'])")


def _unclosed_quote(lines: list[str], before: int) -> tuple[int, int, str] | None:
    """(line, column, mark) of the last value above that opens a quote and does not close it."""
    for index in range(before - 1, -1, -1):
        match = _QUOTED_VALUE.match(lines[index])
        if not match:
            continue
        quote, rest = match.group(1), lines[index][match.end(1):]
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


def _levels_above(lines: list[str], before: int) -> list[tuple[int, int, str]]:
    """(indentation, line number, field) of the fields above: the levels a line can take."""
    levels = {}
    for index in range(before - 1, -1, -1):
        match = _KEY.match(lines[index])
        if match and len(match.group(1)) not in levels:
            levels[len(match.group(1))] = (index + 1, match.group(2))
    return [(indent, number, name) for indent, (number, name) in levels.items()]


def _duplicate_message(key: str, first_line: int, where: tuple[int, int], lines: list[str]) -> str:
    above = _previous_field(lines, where[0] - 1)
    if above and above[2] > where[1] - 1:
        # It follows a more deeply indented field: most likely it was meant to be one of its
        # siblings and lost its indentation, not a second copy to merge.
        return (f"the field `{key}` appears twice in the same mapping (first on line {first_line}). "
                f"If this one belongs with `{above[1]}` on line {above[0]}, indent it by "
                f"{_spaces(above[2])} to line up with it; otherwise keep one of the two.")
    return (f"the field `{key}` appears twice in the same mapping (first on line {first_line}). "
            "Only the first is read: keep one of the two, or merge them.")


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
    return (f"the tag `{short}` is not allowed: case files take plain values. Delete `{short}` "
            "and write the value alone; put it in quotes if it must stay text.")


def _scalar(event) -> Any:
    """A scalar's value by YAML 1.1's core rules, except that dates stay text."""
    value, tag = event.value, event.tag
    if tag == _TEXT_TAG:
        return value
    if tag is None or tag == "!":
        if event.style or not event.implicit[0] or value[:1] not in _FIRST_CHARS:
            return value   # quoted, or plain text that no type could match
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
    return {list: "a list", str: "a single text value", int: "a number", float: "a number",
            bool: "a true/false value"}.get(type(value), "a value")
