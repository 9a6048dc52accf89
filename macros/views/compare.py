"""Comparisons across the cases: drivers, funding, measurement, partners."""

from __future__ import annotations

from ..model import Casebook, sorted_cases
from . import links
from .common import case_link, case_links, label, labels, model_link, note
from .html import esc, link, not_recorded, table

_STATUS = {
    "recorded": '<span class="cb-status cb-recorded">recorded</span>',
    "not-applicable": '<span class="cb-status cb-not-applicable">not applicable</span>',
    "not-recorded": '<span class="cb-status cb-not-recorded">not recorded</span>',
}


def drivers_list(casebook: Casebook, base: str) -> str:
    rows = []
    for number, term in enumerate(casebook.vocab("drivers"), start=1):
        cases = casebook.cases_with_item("drivers", "driver", term.id)
        shown = [c for c in cases if c.driver_status(term.id) == "recorded"]
        rows.append((esc(term.label), str(number),
                     esc(term.caveat) if term.caveat else "", str(len(shown)), case_links(base, shown)))
    return table("The study's fourteen drivers, and the cases where a source records each",
                 ["Driver", "Number", "Reading of the slide", "Cases recorded", "Which"], rows)


def drivers_matrix(casebook: Casebook, base: str) -> str:
    drivers = list(casebook.vocab("drivers"))
    headers = ["Case"] + [f'<span class="cb-vertical">{esc(t.label)}</span>' for t in drivers]
    rows = []
    for case in sorted_cases(casebook.cases):
        rows.append([case_link(base, case)] + [_STATUS[case.driver_status(t.id)] for t in drivers])
    return table("Cases against drivers: recorded, not applicable, or not recorded", headers, rows,
                 cls="cb-matrix")


def funding_by_case(casebook: Casebook, base: str) -> str:
    rows = [(case_link(base, c), labels(casebook, "funding_types", c.get("funding")),
             model_link(casebook, base, c.model))
            for c in sorted_cases(casebook.cases)]
    return table("Funding of each case", ["Case", "Funding", "Model"], rows)


def funding_by_type(casebook: Casebook, base: str) -> str:
    rows = []
    for term in casebook.vocab("funding_types"):
        cases = casebook.cases_where("funding", term.id)
        rows.append((esc(term.label), esc(term.description), str(len(cases)), case_links(base, cases)))
    silent = [c for c in casebook.cases if not c.get("funding")]
    rows.append((not_recorded(), "No source gives the case's funding.", str(len(silent)), case_links(base, silent)))
    return table("Cases by funding type", ["Funding type", "Meaning", "Cases", "Which"], rows)


def measurement_by_case(casebook: Casebook, base: str) -> str:
    rows = []
    for case in sorted_cases(casebook.cases):
        m = case.get("measurement") or {}
        approach = label(casebook, "measurement_approaches", m["approach"]) if m.get("approach") else not_recorded()
        highlights = "<br>".join(note(case, h, base=base, page_is_case=False) for h in m.get("highlights", ())) \
            or not_recorded()
        rows.append((case_link(base, case), approach, highlights))
    return table("How each case demonstrates success", ["Case", "Approach", "Highlights"], rows)


def measurement_approaches(casebook: Casebook, base: str) -> str:
    rows = []
    for term in casebook.vocab("measurement_approaches"):
        cases = [c for c in casebook.cases if (c.get("measurement") or {}).get("approach") == term.id]
        rows.append((esc(term.label), esc(term.description), case_links(base, cases)))
    return table("The study's three approaches to demonstrating success", ["Approach", "In short", "Cases"], rows)


def partners_by_case(casebook: Casebook, base: str) -> str:
    models = casebook.vocab("models")
    rows = []
    for case in sorted_cases(casebook.cases):
        named = [p for p in case.get("partners", ()) if p.get("name")]
        typical = models[case.model].get("typical_partners")
        rows.append((case_link(base, case),
                     labels(casebook, "partner_types", case.partner_types),
                     str(len(named)) if case.get("partners") else not_recorded(),
                     labels(casebook, "partner_types", typical) if typical else not_recorded("no model")))
    return table("Partner types named on each case, beside the typical partners of its model",
                 ["Case", "Partner types recorded", "Named partners", "Typical partners of its model (the study)"], rows)


def partners_by_type(casebook: Casebook, base: str) -> str:
    rows = []
    for term in casebook.vocab("partner_types"):
        cases = casebook.cases_with_partner_type(term.id)
        models = [t for t in casebook.vocab("models") if term.id in t["typical_partners"]]
        rows.append((esc(term.label), str(len(cases)), case_links(base, cases),
                     ", ".join(link(links.model_url(base, m.id), m.label) for m in models) or not_recorded()))
    return table("Cases by partner type", ["Partner type", "Cases", "Which", "Typical in the models"], rows)
