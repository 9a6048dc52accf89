"""One shape for every problem the validator reports: where, what is wrong, what would be right.

A problem is located by file, line and column (1-based, as editors count) and the
field path inside the document (for example ``funding[1]``). ``code`` is a stable
identifier for the kind of problem; the tests and the bad-input fixtures use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    field: str
    code: str
    message: str

    def format_text(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message} [{self.code}]"

    def format_github(self) -> str:
        # GitHub Actions workflow command; the message must be on one line, with
        # %, CR and LF escaped as the runner expects.
        text = (f"{self.field}: " if self.field else "") + self.message
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        title = f"Casebook: {self.code}"
        return (f"::error file={_escape_property(self.path)},line={self.line},"
                f"col={self.column},title={_escape_property(title)}::{text}")


def _escape_property(value: str) -> str:
    return (value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            .replace(":", "%3A").replace(",", "%2C"))


def display_path(path: Path, root: Path | None = None) -> str:
    """The path as a contributor would type it: relative to the project when possible."""
    base = root or Path.cwd()
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
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
        lines = [p.format_text() for p in self.problems]
        files = len({p.path for p in self.problems})
        noun = "problem" if len(self.problems) == 1 else "problems"
        lines.append(f"{len(self.problems)} {noun} in {files} file{'s' if files != 1 else ''}.")
        return "\n".join(lines)
