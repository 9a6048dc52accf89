"""Comparisons across the cases: drivers, funding, measurement, partners."""

from __future__ import annotations

from .. import urls
from ..model import Casebook, sorted_cases
from .common import case_ref, case_refs, labels, model_ref, note
from .render import part


def drivers_list(casebook: Casebook, base: str) -> str:
    rows = [
        {
            "label": t.label,
            "number": number,
            "caveat": t.caveat,
            "cases": case_refs(
                base,
                [
                    c
                    for c in casebook.cases_with_entry("drivers", t.id)
                    if casebook.driver_status(c, t.id) == "recorded"
                ],
            ),
        }
        for number, t in enumerate(casebook.vocab("drivers"), start=1)
    ]
    return part("compare.html", "drivers_list", len(rows), rows)


def drivers_matrix(casebook: Casebook, base: str) -> str:
    drivers = list(casebook.vocab("drivers"))
    rows = [
        {"case": case_ref(base, c), "statuses": [casebook.driver_status(c, t.id) for t in drivers]}
        for c in sorted_cases(casebook.cases)
    ]
    return part("compare.html", "drivers_matrix", [t.label for t in drivers], rows)


def funding_by_case(casebook: Casebook, base: str) -> str:
    rows = [
        {
            "case": case_ref(base, c),
            "funding": labels(casebook, "funding_types", c.get("funding")),
            "model": model_ref(casebook, base, c.model),
        }
        for c in sorted_cases(casebook.cases)
    ]
    return part("compare.html", "funding_by_case", rows)


def funding_by_type(casebook: Casebook, base: str) -> str:
    rows = [
        {
            "label": t.label,
            "description": t.description,
            "cases": case_refs(base, casebook.cases_where("funding", t.id)),
        }
        for t in casebook.vocab("funding_types")
    ]
    silent = case_refs(base, [c for c in casebook.cases if not c.get("funding")])
    return part("compare.html", "funding_by_type", rows, silent)


def measurement_by_case(casebook: Casebook, base: str) -> str:
    rows = []
    for case in sorted_cases(casebook.cases):
        m = case.get("measurement") or {}
        page = urls.case_url(base, case.id)
        rows.append(
            {
                "case": case_ref(base, case),
                "approach": casebook.vocab("measurement_approaches")[m["approach"]].label
                if m.get("approach")
                else None,
                "highlights": [note(case, h, page=page) for h in m.get("highlights", ())],
            }
        )
    return part("compare.html", "measurement_by_case", rows)


def measurement_approaches(casebook: Casebook, base: str) -> str:
    vocab = casebook.vocab("measurement_approaches")
    rows = [
        {
            "label": t.label,
            "description": t.description,
            "cases": case_refs(
                base, [c for c in casebook.cases if (c.get("measurement") or {}).get("approach") == t.id]
            ),
        }
        for t in vocab
    ]
    return part("compare.html", "measurement_approaches", len(vocab), rows)


def partners_by_case(casebook: Casebook, base: str) -> str:
    models = casebook.vocab("models")
    rows = [
        {
            "case": case_ref(base, c),
            "types": labels(casebook, "partner_types", c.partner_types),
            "named": len([x for x in c.get("partners", ()) if x.get("name")]) if c.get("partners") else None,
            "typical": labels(casebook, "partner_types", models[c.model].get("typical_partners")),
        }
        for c in sorted_cases(casebook.cases)
    ]
    return part("compare.html", "partners_by_case", rows)


def partners_by_type(casebook: Casebook, base: str) -> str:
    rows = [
        {
            "label": t.label,
            "cases": case_refs(base, casebook.cases_with_partner_type(t.id)),
            "models": [
                {"url": urls.model_url(base, m.id), "name": m.label}
                for m in casebook.vocab("models")
                if t.id in m["typical_partners"]
            ],
        }
        for t in casebook.vocab("partner_types")
    ]
    return part("compare.html", "partners_by_type", rows)
