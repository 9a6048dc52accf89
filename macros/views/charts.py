"""Pictures generated from the data as inline SVG (templates/charts.html). Colours
use SVG presentation attributes, which the site's Content-Security-Policy allows, and
keep 3:1 contrast against white."""

from __future__ import annotations

from ..model import Casebook, sorted_cases
from .render import part

FILLS = {"recorded": "#1b5e20", "not-applicable": "#6a1b9a", "not-recorded": "#eeeeee"}


def funding_mix(casebook: Casebook) -> str:
    """A bar per funding type: how many cases it funds."""
    counts = [(t.label, len(casebook.cases_where("funding", t.id))) for t in casebook.vocab("funding_types")]
    counts.append(("Not recorded", len([c for c in casebook.cases if not c.get("funding")])))
    top = max((n for _, n in counts), default=0) or 1
    size = {"bar": 22, "gap": 10, "label": 170, "chart": 360}
    size.update(
        width=size["label"] + size["chart"] + 50, height=len(counts) * (size["bar"] + size["gap"]) + size["gap"]
    )
    bars = [
        {
            "label": label,
            "count": count,
            "y": size["gap"] + i * (size["bar"] + size["gap"]),
            "width": round(size["chart"] * count / top),
        }
        for i, (label, count) in enumerate(counts)
    ]
    summary = "; ".join(f"{label}: {count} case{'s' if count != 1 else ''}" for label, count in counts)
    return part("charts.html", "funding_mix", bars, size, summary)


def drivers_heatmap(casebook: Casebook) -> str:
    """Cases against drivers, one square each: recorded, not applicable or not recorded."""
    drivers = list(casebook.vocab("drivers"))
    # The cases with a driver recorded: a row for every case would be a wall of blanks.
    cases = [c for c in sorted_cases(casebook.cases) if c.get("drivers")]
    size = {"cell": 18, "label": 230, "top": 30}
    size.update(
        width=size["label"] + len(drivers) * size["cell"] + 10, height=size["top"] + len(cases) * size["cell"] + 10
    )
    columns = [{"x": size["label"] + i * size["cell"] + size["cell"] / 2, "number": i + 1} for i in range(len(drivers))]
    counts = dict.fromkeys(FILLS, 0)
    rows = []
    for row, case in enumerate(cases):
        statuses = [casebook.driver_status(case, d.id) for d in drivers]
        for status in statuses:
            counts[status] += 1
        rows.append(
            {
                "name": case.name if len(case.name) <= 34 else case.name[:33] + "…",
                "y": size["top"] + row * size["cell"],
                "cells": [
                    {"x": size["label"] + i * size["cell"] + 1, "fill": FILLS[s]} for i, s in enumerate(statuses)
                ],
            }
        )
    description = (
        f"The {len(cases)} cases with a driver recorded, against the study's {len(drivers)} drivers, "
        "numbered as in the list above: "
        f"{counts['recorded']} pairs recorded, {counts['not-applicable']} not applicable, "
        f"{counts['not-recorded']} not recorded."
    )
    return part("charts.html", "heatmap", rows, columns, size, description)
