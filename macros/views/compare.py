"""Comparisons across the cases: drivers, funding, measurement, partners."""

from __future__ import annotations

from .. import urls
from ..model import Casebook, sorted_cases
from .common import case_ref, case_refs, labels, model_ref, note
from .render import part


def _readings(casebook: Casebook, base: str, driver_id: str, basis: str) -> list[dict]:
    return [
        case_ref(base, c)
        for c in sorted_cases(casebook.cases_with_entry("drivers", driver_id))
        if any(e["basis"] == basis and casebook.applies(e) for e in casebook.entries(c, "drivers", driver_id))
    ]


def drivers_list(casebook: Casebook, base: str) -> str:
    """Each driver with the cases linked to it, the study's links apart from the editors'."""
    rows = [
        {
            "label": t.label,
            "number": number,
            "caveat": t.caveat,
            "study": _readings(casebook, base, t.id, "study"),
            "editors": _readings(casebook, base, t.id, "editors"),
        }
        for number, t in enumerate(casebook.vocab("drivers"), start=1)
    ]
    return part("compare.html", "drivers_list", len(rows), rows)


def drivers_coverage(casebook: Casebook, base: str) -> str:
    """How far the cases have been read for drivers: the denominator of the comparison."""
    coded = [c for c in casebook.cases if (c.get("coding") or {}).get("drivers")]
    with_reading = [c for c in casebook.cases if casebook.drivers_recorded(c)]
    by_basis = {
        b.id: sum(1 for c in casebook.cases for e in c.get("drivers", ()) if e["basis"] == b.id)
        for b in casebook.vocab("bases")
    }
    return part(
        "compare.html",
        "drivers_coverage",
        {
            "cases": len(casebook.cases),
            "coded": len(coded),
            "with_reading": case_refs(base, with_reading),
            "coded_without": case_refs(base, [c for c in coded if not casebook.drivers_recorded(c)]),
            "contribute": urls.page_url(base, "contributing/"),
            "study": by_basis.get("study", 0),
            "editors": by_basis.get("editors", 0),
            "rule": urls.page_url(base, "contributing/#linking-a-case-to-the-studys-categories"),
        },
    )


def drivers_matrix(casebook: Casebook, base: str) -> str:
    """The cases with a driver recorded, against every driver: the rest would be all blank."""
    drivers = list(casebook.vocab("drivers"))
    cases = [c for c in sorted_cases(casebook.cases) if c.get("drivers")]
    rows = [{"case": case_ref(base, c), "statuses": [casebook.driver_status(c, t.id) for t in drivers]} for c in cases]
    return part("compare.html", "drivers_matrix", [t.label for t in drivers], rows, len(casebook.cases))


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
                "basis": casebook.vocab("bases")[m["basis"]] if m else None,
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
            "listed": len(c.get("partners", ())),
            "named": len([x for x in c.get("partners", ()) if x.get("name")]),
            "untyped": len([x for x in c.get("partners", ()) if not x.get("type")]),
            "typical": labels(casebook, "partner_types", models[c.model].get("typical_partners")),
        }
        for c in sorted_cases(casebook.cases)
    ]
    return part("compare.html", "partners_by_case", rows)


def partners_by_type(casebook: Casebook, base: str) -> str:
    """Partner entries by type, with a row for those whose type is not recorded, so that
    the totals add up and no case reads as lacking a kind of partner it may have."""
    entries = [(c, x) for c in casebook.cases for x in c.get("partners", ())]
    rows = [
        {
            "label": t.label,
            "entries": sum(1 for _, x in entries if x.get("type") == t.id),
            "cases": case_refs(base, casebook.cases_with_partner_type(t.id)),
            "models": [
                {"url": urls.model_url(base, m.id), "name": m.label}
                for m in casebook.vocab("models")
                if t.id in m["typical_partners"]
            ],
        }
        for t in casebook.vocab("partner_types")
    ]
    untyped = [(c, x) for c, x in entries if not x.get("type")]
    unknown = {
        "entries": len(untyped),
        "cases": case_refs(base, {c.id: c for c, _ in untyped}.values()),
        "names": sorted({x["name"] for _, x in untyped if x.get("name")}),
    }
    return part("compare.html", "partners_by_type", rows, unknown, len(entries))
