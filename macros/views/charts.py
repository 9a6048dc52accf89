"""Pictures generated from the data as inline SVG (html/charts.html). Colours
use SVG presentation attributes, which the site's Content-Security-Policy allows, and
keep 3:1 contrast against white.

Legible on a phone: an SVG is drawn at its own size (its width in CSS pixels equals its
viewBox width, figures.css stops the theme from shrinking it), so no text is ever
smaller than its font-size, 12 px at least. A chart wider than the screen scrolls
inside a focusable region instead. Each chart names its axes and points to a table of
the same data.
"""

from __future__ import annotations

import math
import textwrap

from ..model import UNCLASSIFIED, Casebook
from .render import part

FONT = 12  # the smallest font-size any chart uses, in CSS px
TITLE_FONT = 13
# Rough widths of a character, to size the room for labels: generous, as an SVG
# cannot measure its text before it is drawn.
CHAR = {FONT: 6.2, TITLE_FONT: 6.9}
# Where the funding page's table of the same data starts (docs/comparisons/funding/index.md).
FUNDING_TABLE = "cases-by-funding-type"
DRIVERS_TABLE = "drivers-by-model"


def _ticks(top: int) -> tuple[int, list[int]]:
    """A round axis maximum at or above ``top`` and its ticks: at most six of them."""
    top = max(top, 1)
    magnitude = 10 ** math.floor(math.log10(top))
    steps = (round(s * magnitude) for s in (0.1, 0.2, 0.5, 1, 2, 5, 10))
    step = next(s for s in steps if s >= 1 and top / s <= 5)
    end = math.ceil(top / step) * step
    return end, list(range(0, end + 1, step))


def funding_mix(casebook: Casebook) -> str:
    """A bar per funding type: how many cases it funds. Each label sits above its bar,
    so the chart is 320 px wide and fits a phone at full size."""
    counts = [(t.label, len(casebook.cases_where("funding", t.id))) for t in casebook.vocab("funding_types")]
    counts.append(("Not recorded", len([c for c in casebook.cases if not c.get("funding")])))
    end, ticks = _ticks(max((n for _, n in counts), default=0))
    size = {"width": 320, "left": 8, "right": 36, "top": 26, "bar": 18, "row": 46, "label": 15}
    size["chart"] = size["width"] - size["left"] - size["right"]
    size["axis"] = size["top"] + len(counts) * size["row"]
    size["height"] = size["axis"] + 46
    bars = [
        {
            "label": label,
            "count": count,
            "y": size["top"] + i * size["row"],
            "width": round(size["chart"] * count / end),
        }
        for i, (label, count) in enumerate(counts)
    ]
    scale = [{"value": v, "x": size["left"] + round(size["chart"] * v / end)} for v in ticks]
    summary = "; ".join(f"{label}: {count} case{'s' if count != 1 else ''}" for label, count in counts)
    return part("charts.html", "funding_mix", bars, scale, size, summary, FUNDING_TABLE)


def drivers_heatmap(casebook: Casebook) -> str:
    """Models against drivers: each cell counts the model's cases with the driver
    recorded, shaded by the share of the model's cases. A row per model, not per case,
    so the chart keeps its size however many cases there are; the per-case reading is
    the matrix on the same page."""
    drivers = list(casebook.vocab("drivers"))
    groups = [(t.label, casebook.cases_where("model", t.id)) for t in casebook.vocab("models")]
    unplaced = casebook.cases_where("model", UNCLASSIFIED)
    if unplaced:
        groups.append(("In no model", unplaced))
    statuses = [[[casebook.driver_status(c, d.id) for c in cases] for d in drivers] for _, cases in groups]

    lines = [textwrap.wrap(d.label, 26) for d in drivers]
    depth = max(len(x) for x in lines)
    cell = max(30, 13 * depth + 6)
    row_labels = [f"{label} ({len(cases)})" for label, cases in groups]
    y_title, x_title = "Model (its cases)", "Driver"
    label_width = round(max(len(x) for x in [*row_labels, y_title]) * CHAR[TITLE_FONT]) + 16
    top = 30 + round(max(len(line) for x in lines for line in x) * CHAR[FONT]) + 10
    size = {
        "cell": cell,
        "label": label_width,
        "top": top,
        "width": label_width + len(drivers) * cell + 8,
        "height": top + len(groups) * cell + 8,
    }
    columns = [
        {
            "x": label_width + i * cell + cell / 2,
            "lines": [{"text": t, "dy": 4 + (j - (len(x) - 1) / 2) * 13} for j, t in enumerate(x)],
        }
        for i, x in enumerate(lines)
    ]
    rows = []
    for r, ((_, cases), by_driver) in enumerate(zip(groups, statuses, strict=True)):
        cells = []
        for i, found in enumerate(by_driver):
            n = found.count("recorded")
            share = n / len(cases) if cases else 0
            shade = "none" if n == 0 else "some" if share < 0.5 else "most"
            cells.append({"x": label_width + i * cell, "count": n, "shade": shade})
        rows.append({"label": row_labels[r], "y": top + r * cell, "cells": cells})
    recorded = sum(s.count("recorded") for by_driver in statuses for s in by_driver)
    with_reading = sum(1 for c in casebook.cases if casebook.drivers_recorded(c))
    description = (
        f"The study's {len(drivers)} drivers against its models: in each cell, the number of the model's cases "
        f"with the driver recorded. {with_reading} of {len(casebook.cases)} cases "
        f"{'has' if with_reading == 1 else 'have'} a driver recorded, "
        f"{recorded} case-driver pair{'s' if recorded != 1 else ''} in all."
    )
    table = [
        {
            "label": d.label,
            "cells": [
                {"recorded": s.count("recorded"), "not_applicable": s.count("not-applicable")}
                for s in (by_driver[i] for by_driver in statuses)
            ],
        }
        for i, d in enumerate(drivers)
    ]
    return part(
        "charts.html",
        "heatmap",
        rows,
        columns,
        size,
        {"x": x_title, "y": y_title},
        description,
        {"id": DRIVERS_TABLE, "models": [label for label, _ in groups], "rows": table},
    )
