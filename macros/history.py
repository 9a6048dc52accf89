"""When each case last changed: the date of its file's last commit, from one pass over
the history of cases/ (``git log``), else the case's own review date (a copy without
.git, a file not committed yet). Feeds the sitemap's lastmod and the Atom feed."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Iterable


def last_commits(root: Path) -> dict[str, str]:
    """cases/<id>.yaml -> the ISO date-time of the last commit that touched it."""
    try:
        out = subprocess.run(
            ["git", "log", "--format=@%cI", "--name-only", "--no-renames", "--", "cases/"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[str, str] = {}
    when = ""
    for line in out.splitlines():
        if line.startswith("@"):
            when = line[1:]
        elif line.strip() and line not in dates:
            dates[line] = when  # newest first: the first date seen is the last change
    return dates


def last_changed(root: Path, cases: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """Case id -> its last change (ISO 8601), from (id, source file, last_reviewed)."""
    commits = last_commits(root)
    out = {}
    for case_id, source, reviewed in cases:
        out[case_id] = commits.get(source) or f"{reviewed}T00:00:00+00:00"
    return out
