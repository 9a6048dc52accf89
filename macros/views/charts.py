"""Pictures generated from the data as inline SVG. Each has a title and a text
description (read by screen readers), and sits beside the table that holds its data.
Colours use SVG presentation attributes, which the site's Content-Security-Policy
allows, and keep 3:1 contrast against white."""

from __future__ import annotations

from ..model import Casebook, sorted_cases
from .html import esc

RECORDED, NOT_APPLICABLE, NOT_RECORDED_FILL = "#1b5e20", "#6a1b9a", "#eeeeee"


def funding_mix(casebook: Casebook) -> str:
    """A bar per funding type: how many cases it funds."""
    rows = [(t.label, len(casebook.cases_where("funding", t.id))) for t in casebook.vocab("funding_types")]
    rows.append(("Not recorded", len([c for c in casebook.cases if not c.get("funding")])))
    top = max((n for _, n in rows), default=0) or 1
    bar_h, gap, label_w, chart_w = 22, 10, 170, 360
    height = len(rows) * (bar_h + gap) + gap
    bars = []
    for index, (label, count) in enumerate(rows):
        y = gap + index * (bar_h + gap)
        width = round(chart_w * count / top)
        bars.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" font-size="13" fill="#1f1f1f">{esc(label)}</text>'
                    f'<rect x="{label_w}" y="{y}" width="{width}" height="{bar_h}" fill="#283593"></rect>'
                    f'<text x="{label_w + width + 6}" y="{y + 16}" font-size="13" fill="#1f1f1f">{count}</text>')
    summary = "; ".join(f"{label}: {count} case{'s' if count != 1 else ''}" for label, count in rows)
    return (f'<figure class="cb-chart"><svg role="img" aria-labelledby="funding-mix-title funding-mix-desc" '
            f'viewBox="0 0 {label_w + chart_w + 50} {height}" width="100%" preserveAspectRatio="xMinYMin meet">'
            f'<title id="funding-mix-title">Funding mix across the cases</title>'
            f'<desc id="funding-mix-desc">{esc(summary)}. A case can have several funding types.</desc>'
            + "".join(bars) + "</svg><figcaption>Funding mix across the cases: how many cases each "
            "funding type funds (a case can have several). The table below holds the same data.</figcaption></figure>")


def drivers_heatmap(casebook: Casebook) -> str:
    """Cases against drivers, one square each: recorded, not applicable or not recorded."""
    drivers = list(casebook.vocab("drivers"))
    cases = sorted_cases(casebook.cases)
    cell, label_w, top = 18, 230, 30
    width, height = label_w + len(drivers) * cell + 10, top + len(cases) * cell + 10
    parts = [f'<text x="{label_w + i * cell + cell / 2}" y="{top - 10}" text-anchor="middle" font-size="11" '
             f'fill="#1f1f1f">{i + 1}</text>' for i in range(len(drivers))]
    counts = {"recorded": 0, "not-applicable": 0, "not-recorded": 0}
    for row, case in enumerate(cases):
        y = top + row * cell
        name = case.name if len(case.name) <= 34 else case.name[:33] + "…"
        parts.append(f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end" font-size="12" fill="#1f1f1f">{esc(name)}</text>')
        for column, driver in enumerate(drivers):
            status = case.driver_status(driver.id)
            counts[status] += 1
            fill = {"recorded": RECORDED, "not-applicable": NOT_APPLICABLE}.get(status, NOT_RECORDED_FILL)
            parts.append(f'<rect x="{label_w + column * cell + 1}" y="{y + 1}" width="{cell - 2}" height="{cell - 2}" '
                         f'fill="{fill}" stroke="#757575" stroke-width="0.5"></rect>')
    desc = (f"{len(cases)} cases against the study's {len(drivers)} drivers, numbered as in the list above: "
            f"{counts['recorded']} pairs recorded, {counts['not-applicable']} not applicable, "
            f"{counts['not-recorded']} not recorded.")
    legend = ('<p class="cb-legend"><span class="cb-key cb-key-recorded"></span> recorded '
              '<span class="cb-key cb-key-na"></span> not applicable '
              '<span class="cb-key cb-key-nr"></span> not recorded</p>')
    return (f'<figure class="cb-chart cb-heatmap"><svg role="img" aria-labelledby="heatmap-title heatmap-desc" '
            f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet">'
            f'<title id="heatmap-title">Cases against drivers</title><desc id="heatmap-desc">{esc(desc)}</desc>'
            + "".join(parts) + f"</svg><figcaption>{esc(desc)} The table below holds the same data.</figcaption>"
            + legend + "</figure>")
