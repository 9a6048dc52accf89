"""Data for the cases explorer (docs/javascripts/explorer.js): the facets a reader can
filter on, and each case's values as plain text for the side-by-side comparison.
Published by export as api/explorer.json; the script only ever inserts it as text."""

from __future__ import annotations

from . import urls
from .model import Casebook, sorted_cases

NOT_RECORDED = "not recorded"

FACETS = (  # (field in the explorer's case records, vocabulary)
    ("model", "models"),
    ("funding", "funding_types"),
    ("engagement", "engagement_types"),
    ("region", "regions"),
    ("drivers", "drivers"),
)


def _labels(casebook: Casebook, vocabulary: str, ids) -> str:
    return ", ".join(casebook.vocab(vocabulary)[i].label for i in ids) if ids else NOT_RECORDED


def explorer_data(casebook: Casebook) -> dict:
    facets = []
    for field, vocabulary in FACETS:
        vocab = casebook.vocab(vocabulary)
        terms = [*vocab.terms, *vocab.extra]
        facets.append({"field": field, "label": vocab.label, "terms": [{"id": t.id, "label": t.label} for t in terms]})
    cases = []
    for case in sorted_cases(casebook.cases):
        place = case["place"]
        recorded = casebook.drivers_recorded(case)
        measurement = (case.get("measurement") or {}).get("approach")
        cases.append(
            {
                "id": case.id,
                "name": case.name,
                "url": urls.case_url("", case.id),
                "model": [case.model],
                "funding": list(case.get("funding") or ()),
                "engagement": [case["engagement"]] if case.get("engagement") else [],
                "region": [place["region"]],
                "drivers": recorded,
                "compare": [
                    ["Summary", case["summary"]],
                    ["Model", _labels(casebook, "models", [case.model])],
                    [
                        "Engagement",
                        _labels(casebook, "engagement_types", [case["engagement"]] if case.get("engagement") else []),
                    ],
                    ["Scope", case["scope"]],
                    ["Funding", _labels(casebook, "funding_types", case.get("funding"))],
                    ["Place", ", ".join(place["areas"]) + f" ({casebook.vocab('regions')[place['region']].label})"],
                    ["Partner types", _labels(casebook, "partner_types", case.partner_types)],
                    ["Drivers recorded", _labels(casebook, "drivers", recorded)],
                    ["Enablers", _labels(casebook, "enablers", [e["enabler"] for e in case.get("enablers", ())])],
                    [
                        "Measurement approach",
                        _labels(casebook, "measurement_approaches", [measurement] if measurement else []),
                    ],
                    ["Last reviewed", case["last_reviewed"]],
                ],
            }
        )
    return {"facets": facets, "cases": cases}
