"""Comparisons across the cases: drivers, funding, measurement, partners."""

from __future__ import annotations

from typing import Callable

from .. import finder, urls
from ..model import Case, Casebook, sorted_cases
from .common import case_ref, case_refs, labels, model_ref, named, note
from .render import part

# Above this many cases, a comparison's one-row-per-case table gives way to a summary:
# each model's count of cases per category, linked to the finder showing those cases.
PER_CASE_ROWS = 100


def at_scale(casebook: Casebook) -> bool:
    return len(casebook.cases) > PER_CASE_ROWS


def model_summary(
    casebook: Casebook, base: str, facet: str, vocabulary: str, ids: Callable[[Case], list[str]], caption: str
) -> str:
    """Per model, how many cases have each term of the vocabulary (and none recorded),
    each count linked to the finder filtered on that model and term."""
    terms = finder.facet_terms(casebook, facet, vocabulary)
    models = [*casebook.vocab("models").terms, *casebook.vocab("models").extra]
    rows = []
    for model in models:
        members = casebook.cases_where("model", model.id)
        if not members:
            continue
        counts = {t["id"]: 0 for t in terms}
        silent = 0
        for case in members:
            found = ids(case)
            silent += not found
            for term_id in found:
                counts[term_id] += 1
        rows.append(
            {
                "model": model_ref(casebook, base, model.id),
                "total": len(members),
                "total_url": finder.address(base, model=model.id),
                "cells": [
                    {"count": counts[t["id"]], "url": finder.address(base, model=model.id, **{facet: t["id"]})}
                    for t in terms
                ],
                "silent": silent,
            }
        )
    return part("compare.html", "model_summary", caption, [t["label"] for t in terms], rows, len(casebook.cases))


def _readings(casebook: Casebook, base: str, driver_id: str, basis: str):
    return named(
        [
            case_ref(base, c)
            for c in sorted_cases(casebook.cases_with_entry("drivers", driver_id))
            if any(e["basis"] == basis and casebook.applies(e) for e in casebook.entries(c, "drivers", driver_id))
        ],
        finder.address(base, driver=driver_id),
    )


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
    """The cases with a driver recorded, against every driver: the rest would be all
    blank. At scale, the counts per model (above it, with the chart) take its place."""
    if at_scale(casebook):
        return model_summary(casebook, base, "driver", "drivers", casebook.drivers_recorded, "Drivers, by model")
    drivers = list(casebook.vocab("drivers"))
    cases = [c for c in sorted_cases(casebook.cases) if c.get("drivers")]
    rows = [{"case": case_ref(base, c), "statuses": [casebook.driver_status(c, t.id) for t in drivers]} for c in cases]
    return part("compare.html", "drivers_matrix", [t.label for t in drivers], rows, len(casebook.cases))


def funding_by_case(casebook: Casebook, base: str) -> str:
    if at_scale(casebook):
        return model_summary(
            casebook, base, "funding", "funding_types", lambda c: list(c.get("funding") or ()), "Funding, by model"
        )
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
            "cases": case_refs(base, casebook.cases_where("funding", t.id), finder.address(base, funding=t.id)),
        }
        for t in casebook.vocab("funding_types")
    ]
    silent = case_refs(base, [c for c in casebook.cases if not c.get("funding")])
    return part("compare.html", "funding_by_type", rows, silent)


def measurement_by_case(casebook: Casebook, base: str) -> str:
    if at_scale(casebook):
        approach = lambda c: [c["measurement"]["approach"]] if (c.get("measurement") or {}).get("approach") else []
        return model_summary(
            casebook, base, "approach", "measurement_approaches", approach, "Measurement approaches, by model"
        )
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
                base,
                [c for c in casebook.cases if (c.get("measurement") or {}).get("approach") == t.id],
                finder.address(base, approach=t.id),
            ),
        }
        for t in vocab
    ]
    return part("compare.html", "measurement_approaches", len(vocab), rows)


def partners_by_case(casebook: Casebook, base: str) -> str:
    if at_scale(casebook):
        return model_summary(
            casebook,
            base,
            "partner",
            "partner_types",
            lambda c: finder.facet_ids(casebook, "partner", c),
            "Partner types, by model",
        )
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
            "cases": case_refs(base, casebook.cases_with_partner_type(t.id), finder.address(base, partner=t.id)),
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
        "cases": case_refs(
            base, {c.id: c for c, _ in untyped}.values(), finder.address(base, partner=finder.UNTYPED["id"])
        ),
        "names": sorted({x["name"] for _, x in untyped if x.get("name")}),
    }
    return part("compare.html", "partners_by_type", rows, unknown, len(entries))
