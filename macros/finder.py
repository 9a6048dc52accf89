"""Data for the cases finder (docs/javascripts/finder.js) and for search.

The finder never loads every case. Pagefind (macros/search.py) indexes each case page
with the filters below, so the finder asks it for one page of matching cases and the
count of cases behind every filter option. For the cases a reader picks it fetches
one small file each, ``api/finder/cases/<id>.json``: the case's row of data/cases.csv
(the same cells, so "Download these cases" matches the published CSV) and the values
of the side-by-side comparison. ``api/finder/facets.json`` holds what does not grow
with the cases: the facets with their labels, and the CSV's header. Scripts only ever
insert this data as text.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from . import urls
from .dataset import COLUMNS, cell, column_value
from .model import Case, Casebook

NOT_RECORDED = "not recorded"

# (filter name, its vocabulary, the case's term ids): the facets a reader filters by,
# which the comparison pages also link to (a summary's cell opens the finder on it).
FACETS: tuple[tuple[str, str, Callable[[Casebook, Case], list[str]]], ...] = (
    ("model", "models", lambda _, c: [c.model]),
    ("funding", "funding_types", lambda _, c: list(c.get("funding") or ())),
    ("partner", "partner_types", lambda _, c: list(c.partner_types)),
    ("region", "regions", lambda _, c: [c["place"]["region"]]),
    ("nation", "nations", lambda _, c: [c["place"]["nation"]]),
    ("status", "statuses", lambda _, c: [c["status"]["value"]] if c.get("status") else []),
    ("driver", "drivers", lambda casebook, c: casebook.drivers_recorded(c)),
    (
        "approach",
        "measurement_approaches",
        lambda _, c: [c["measurement"]["approach"]] if (c.get("measurement") or {}).get("approach") else [],
    ),
)
# The Pagefind filter every case page carries, so that the finder lists only cases.
KIND = ("kind", "case")


def filters(casebook: Casebook, case: Case) -> dict[str, list[str]]:
    """The case's Pagefind filters: facet name -> term ids."""
    return {name: ids(casebook, case) for name, _, ids in FACETS} | {KIND[0]: [KIND[1]]}


def address(base: str, **chosen: str) -> str:
    """The finder's address showing the cases with these facet values, for example
    address("../", model="agents-of-change", funding="grant")."""
    query = "&".join(f"{name}={term}" for name, term in chosen.items())
    return urls.page_url(base, "cases/") + (f"?{query}" if query else "")


def facets(casebook: Casebook) -> dict[str, Any]:
    """Every facet's terms and labels, and the CSV header: independent of the cases."""
    out = []
    for name, vocabulary, _ in FACETS:
        vocab = casebook.vocab(vocabulary)
        out.append(
            {
                "name": name,
                "label": vocab.label,
                "terms": [{"id": t.id, "label": t.label} for t in (*vocab.terms, *vocab.extra)],
            }
        )
    return {"facets": out, "columns": [c.name for c in COLUMNS]}


def _labels(casebook: Casebook, vocabulary: str, term_ids) -> str:
    return ", ".join(casebook.vocab(vocabulary)[i].label for i in term_ids) if term_ids else NOT_RECORDED


def comparison(casebook: Casebook, case: Case) -> list[list[str]]:
    """The case's values for the side-by-side view, as (field, text) pairs."""
    place = case["place"]
    status = case.get("status")
    years = "–".join(str(case[k]["year"]) for k in ("started", "ended") if case.get(k)) or NOT_RECORDED
    measurement = (case.get("measurement") or {}).get("approach")
    return [
        ["Summary", case["summary"]],
        ["Model", _labels(casebook, "models", [case.model])],
        ["Place", ", ".join(place["areas"]) + f" ({casebook.vocab('regions')[place['region']].label})"],
        ["Status", _labels(casebook, "statuses", [status["value"]] if status else [])],
        ["Years", years],
        ["Funding", _labels(casebook, "funding_types", case.get("funding"))],
        ["Partner types", _labels(casebook, "partner_types", case.partner_types)],
        [
            "Engagement in the 2019 study",
            _labels(casebook, "engagement_types", [case["engagement"]] if case.get("engagement") else []),
        ],
        ["Scope", case["scope"]],
        ["Drivers recorded", _labels(casebook, "drivers", casebook.drivers_recorded(case))],
        ["Enablers", _labels(casebook, "enablers", [e["enabler"] for e in case.get("enablers", ())])],
        ["Measurement approach", _labels(casebook, "measurement_approaches", [measurement] if measurement else [])],
        ["Last reviewed", case["last_reviewed"]],
    ]


def csv_row(data: Mapping[str, Any], site_url: str, applies: Callable[[Mapping[str, Any]], bool]) -> list[str]:
    """A case's row of data/cases.csv, from its plain data."""
    return [cell(column_value(data, c, site_url, applies), c) for c in COLUMNS]


def case_record(casebook: Casebook, case: Case, data: Mapping[str, Any], site_url: str) -> dict[str, Any]:
    return {
        "id": case.id,
        "name": case.name,
        "url": urls.case_url("", case.id),
        "row": csv_row(data, site_url, casebook.applies),
        "compare": comparison(casebook, case),
    }
