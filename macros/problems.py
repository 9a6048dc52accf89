"""One shape for every problem the validator reports: where, what is wrong, what would be right.

A problem is located by file, line and column (1-based, as editors count) and the
field path inside the document (for example ``funding[1]``). ``code`` is a stable
identifier for the kind of problem; the tests and the bad-input fixtures use it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# Every kind of problem, by its stable code. A Problem with any other code is a bug,
# and the tests require a bad-input fixture for each code here (tests/fixtures/).
CODES = {
    # Reading the file
    "unreadable": "the file cannot be read",
    "too-large": "the file is far larger than a case needs",
    "bom": "the file starts with a byte-order mark",
    "encoding": "the file is not UTF-8",
    "tab": "a tab is used for indentation",
    "yaml-syntax": "the text is not valid YAML",
    "empty": "the file holds nothing",
    "not-a-mapping": "the file is not a mapping of fields",
    "several-documents": "the file holds more than one YAML document",
    "duplicate-key": "a field appears twice in one mapping",
    "alias": "an anchor or alias is used",
    "tag": "an explicit YAML tag is used",
    "complex-key": "a field name is a list or mapping",
    "too-deep": "values are nested too deeply",
    "too-many-values": "the file holds too many values",
    "file-name": "a file in a cases folder is not read as a case",
    # The schema
    "missing-field": "a required field is missing",
    "unknown-field": "a field the schema does not know",
    "unknown-term": "a value that is not in its vocabulary",
    "wrong-type": "a value of the wrong kind (text, list, number, ...)",
    "url": "a value that is not an http or https web address",
    "pattern": "a value not in the field's expected form",
    "date": "a value that is not a real YYYY-MM-DD date",
    "empty-text": "an empty text value",
    "too-long": "a text value over the field's length limit",
    "too-short": "a text value under the field's least length",
    "empty-list": "an empty list",
    "duplicate-item": "a list names the same item twice",
    "out-of-range": "a number outside the field's range",
    "to-fill": "a field written with no value, still to fill in",
    "control-character": "a control character or noncharacter in text",
    "hidden-character": "a bidirectional control or line separator in one-line text",
    "reserved-id": "an id Windows keeps for a device (con, nul, com1, ...)",
    "private-address": "a web address inside the reader's machine or network",
    # Rules across fields and files
    "id-mismatch": "the id differs from the file name",
    "duplicate-id": "two files share an id",
    "duplicate-source": "two sources share an id",
    "unknown-source": "a reference to a source the case does not list",
    "region-nation": "a region in another nation",
    "unknown-area": "an area code that names none of the case's areas",
    "funding-none": "'none' listed with other funding types",
    "study-not-cited": "a study case that does not cite the study",
    "placeholder": "a value left as the template's example",
    "future-date": "a date or year of something done or published that is later than today",
    "status-unsupported": "an active or ended status without its source and date",
    "basis-not-cited": "a link read from the study that does not cite the study",
    "unknown-case": "a study file or moved.yaml names a case that does not exist",
    # The safety net: a schema rule with no plain-words message of its own, or a value
    # on which the compiled and the thorough schema checks disagree. Never a pass.
    "schema": "a schema rule without a plainer message",
}


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    field: str
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown problem code {self.code!r}: add it to problems.CODES")

    def format_text(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message} [{self.code}]"

    def format_github(self) -> str:
        text = (f"{self.field}: " if self.field else "") + self.message
        return annotation("error", self.path, text, line=self.line, column=self.column, title=f"Casebook: {self.code}")


# What the validator says without failing: a field still accepted under its former name.
NOTICES = {"renamed-field": "a field under the name it had before a schema change"}


@dataclass(frozen=True, order=True)
class Notice(Problem):
    """A warning: the file is valid, but will not be after a coming release."""

    def __post_init__(self) -> None:
        if self.code not in NOTICES:
            raise ValueError(f"unknown notice code {self.code!r}: add it to problems.NOTICES")

    def format_text(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.path}:{self.line}:{self.column}: warning:{field} {self.message} [{self.code}]"

    def format_github(self) -> str:
        text = (f"{self.field}: " if self.field else "") + self.message
        return annotation(
            "warning", self.path, text, line=self.line, column=self.column, title=f"Casebook: {self.code}"
        )


def annotation(
    level: str, path: str, message: str, line: int | None = None, column: int | None = None, title: str | None = None
) -> str:
    """A GitHub Actions workflow command (``::error``, ``::warning``) on one line, with
    the escapes the runner expects: %, CR and LF in the message; also : and , in properties."""
    properties = [f"file={_escape_property(path)}"]
    if line is not None:
        properties.append(f"line={line}")
    if column is not None:
        properties.append(f"col={column}")
    if title:
        properties.append(f"title={_escape_property(title)}")
    text = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{level} {','.join(properties)}::{text}"


def _escape_property(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def count(number: int, noun: str, plural: str | None = None) -> str:
    """'1 problem', '3 problems', '1 day', '2 web addresses'."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


FIELD_HELP = 'See "What each field takes" in CONTRIBUTING.md.'


def summary_line(problems: list[Problem]) -> str:
    """The closing line of every report of problems, on the command line and in a build."""
    files = len({p.path for p in problems})
    help_text = f" {FIELD_HELP}" if any(p.field for p in problems) else ""
    return f"{count(len(problems), 'problem')} in {count(files, 'file')}.{help_text}"


def display_path(path: Path, root: Path | None = None) -> str:
    """The path as a contributor would type it: relative to the project when possible."""
    base = root or Path.cwd()
    # abspath, not resolve: a link is shown by its own name, not its target's. The
    # common case (a file below the base) is plain string work: this runs per file.
    here, there = os.path.abspath(path), os.path.abspath(base)
    if here.startswith(there.rstrip(os.sep) + os.sep):
        return Path(here[len(there.rstrip(os.sep)) + 1 :]).as_posix()
    for here, there in ((Path(os.path.abspath(path)), Path(os.path.abspath(base))), (path.resolve(), base.resolve())):
        try:
            return here.relative_to(there).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def field_path(parts: tuple) -> str:
    """('funding', 1) -> 'funding[1]'; ('place', 'region') -> 'place.region'."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class InvalidData(Exception):
    """Raised when a casebook cannot be built because its files are invalid."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        return "\n".join([p.format_text() for p in self.problems] + [summary_line(self.problems)])
