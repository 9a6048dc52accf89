"""Which cases are due for review: last checked against their sources too long ago."""

from __future__ import annotations

import datetime as dt

from .model import Case, Casebook


def stale_cases(casebook: Casebook, today: dt.date, days: int = 365) -> list[tuple[Case, int]]:
    """(case, age in days) for cases last reviewed more than ``days`` before ``today``."""
    stale = []
    for case in casebook.cases:
        age = (today - dt.date.fromisoformat(case["last_reviewed"])).days
        if age > days:
            stale.append((case, age))
    return sorted(stale, key=lambda item: -item[1])
