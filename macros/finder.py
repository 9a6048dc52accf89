"""Data for the cases finder (docs/javascripts/finder.js) and for search.

The finder never loads every case. Words and filters go to Pagefind (macros/search.py),
which indexes each case page with the facets below as filters (search_filters). The
finder's own files, under api/finder/:
- ``cases/<id>.json``, one small file per case: what a result shows (its card), the
  case's row of data/cases.csv (the same cells, so "Download these cases" matches
  the published CSV) and the values of the side-by-side comparison;
- ``pages/<n>.json``: the case ids of the n-th page of all cases, by name (the view
  without words or filters);
- ``facets.json``: what does not grow with the cases (facets, labels, CSV header, and
  the licence and credit that a JSON download opens with).
Scripts only ever insert this data as text.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable, Mapping

from . import urls
from .dataset import Coder, Column, cell, column_value, columns
from .model import Case, Casebook, sorted_cases
from .schema import further

NOT_RECORDED = "not recorded"
# A partner facet's option beside the types: the cases with a partner no source types,
# so that the types' counts never read as the whole list.
UNTYPED = {"id": "type-not-recorded", "label": "Type not recorded"}
# Every group's last option: the cases it records nothing for (no status, funding, driver,
# approach or partner), so that every case can be reached from every group.
UNRECORDED = {"id": "not-recorded", "label": "Not recorded"}

# (filter name, its vocabulary, the case's term ids): the facets a reader filters by,
# which the comparison pages also link to (a summary's cell opens the finder on it).
FACETS: tuple[tuple[str, str, Callable[[Casebook, Case], list[str]]], ...] = (
    ("model", "models", lambda _, c: [c.model]),
    ("funding", "funding_types", lambda _, c: list(c.get("funding") or ())),
    ("partner", "partner_types", lambda _, c: [*c.partner_types, *([UNTYPED["id"]] if c.untyped_partners else [])]),
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
# Cases per page of the finder (and in its first page, served without JavaScript).
PAGE_SIZE = 25


def address(base: str, **chosen: str) -> str:
    """The finder's address showing the cases with these facet values, for example
    address("../", model="agents-of-change", funding="grant")."""
    query = "&".join(f"{name}={term}" for name, term in chosen.items())
    return urls.page_url(base, "cases/") + (f"?{query}" if query else "")


def facet_terms(casebook: Casebook, name: str, vocabulary: str) -> list[dict[str, str]]:
    """A facet's options, in order: its vocabulary's terms, and for partners "Type not recorded"."""
    vocab = casebook.vocab(vocabulary)
    terms = [{"id": t.id, "label": t.label} for t in (*vocab.terms, *vocab.extra)]
    return terms + [dict(UNTYPED)] if name == "partner" else terms


def facet_ids(casebook: Casebook, name: str, case: Case) -> list[str]:
    """The case's options of the facet ``name`` (what its term files list it under)."""
    return next(ids for facet, _, ids in FACETS if facet == name)(casebook, case)


def finder_terms(casebook: Casebook, name: str, vocabulary: str) -> list[dict[str, str]]:
    """A facet's options in the finder: its terms, then "Not recorded" (for partners,
    which also have "Type not recorded", "No partner recorded")."""
    unrecorded = {**UNRECORDED, "label": "No partner recorded"} if name == "partner" else dict(UNRECORDED)
    return [*facet_terms(casebook, name, vocabulary), unrecorded]


def finder_ids(casebook: Casebook, name: str, case: Case) -> list[str]:
    """The case's options of the facet ``name`` in the finder: its terms, or "not recorded"."""
    return facet_ids(casebook, name, case) or [UNRECORDED["id"]]


def search_filters(casebook: Casebook, case: Case) -> dict[str, list[str]]:
    """The Pagefind filters on a case's page (macros/search.py): ``kind: case``, so
    that the finder's searches find only cases, the case's id, which the finder's counts
    and downloads are made of, and its facets' term ids."""
    return {"kind": ["case"], "case": [case.id]} | {name: finder_ids(casebook, name, case) for name, _, _ in FACETS}


def facets(casebook: Casebook) -> dict[str, Any]:
    """Every facet's terms and labels, and the CSV header: independent of the cases."""
    out = [
        {"name": name, "label": casebook.vocab(vocabulary).label, "terms": finder_terms(casebook, name, vocabulary)}
        for name, vocabulary, _ in FACETS
    ]
    return {"facets": out, "columns": [c.name for c in columns(casebook.case_schema)]}


def in_sentence(words: list[str]) -> list[str]:
    """Vocabulary labels as they read inside a sentence or after a list's first item:
    "Grant funding" -> "grant funding"; an acronym ("NHS") keeps its capitals."""
    return [w if w[1:2].isupper() else w[:1].lower() + w[1:] for w in words]


def _labels(casebook: Casebook, vocabulary: str, term_ids) -> str:
    """The terms' labels as a list in sentence case ("Grant funding, service contracts")."""
    if not term_ids:
        return NOT_RECORDED
    words = [casebook.vocab(vocabulary)[i].label for i in term_ids]
    return ", ".join(words[:1] + in_sentence(words[1:]))


def comparison(casebook: Casebook, case: Case) -> list[list[str]]:
    """The case's values for the side-by-side view, as (field, text) pairs."""
    years = "–".join(str(case[k]["year"]) for k in ("started", "ended") if case.get(k)) or NOT_RECORDED
    measurement = (case.get("measurement") or {}).get("approach")
    return [
        ["Summary", case["summary"]],
        ["Model", _labels(casebook, "models", [case.model])],
        ["Place", place_text(casebook, case)],
        ["Status", status_label(casebook, case) or NOT_RECORDED],
        ["Years", years],
        ["Funding", _labels(casebook, "funding_types", case.get("funding"))],
        ["Partner types", partner_types_text(casebook, case)],
        [
            "Engagement in the 2019 study",
            _labels(casebook, "engagement_types", [case["engagement"]] if case.get("engagement") else []),
        ],
        ["Scope", case["scope"]],
        ["Drivers recorded", _labels(casebook, "drivers", casebook.drivers_recorded(case))],
        ["Enablers", _labels(casebook, "enablers", [e["enabler"] for e in case.get("enablers", ())])],
        ["Measurement approach", _labels(casebook, "measurement_approaches", [measurement] if measurement else [])],
        ["Last reviewed", case["last_reviewed"]],
        *[[name, text or NOT_RECORDED] for _, name, text in further(casebook.case_schema, case, casebook.label)],
    ]


def status_label(casebook: Casebook, case: Case) -> str | None:
    """The status as every list shows it: "Ended", or "Ended (inferred)" where no source
    states it and the editors inferred it (the case page says from what)."""
    status = case.get("status")
    if not status:
        return None
    label = casebook.vocab("statuses")[status["value"]].label
    return f"{label} (inferred)" if status.get("inferred") else label


def partner_types_text(casebook: Casebook, case: Case) -> str:
    """The partner types recorded, and how many partners have none: "Local government,
    Housing; 6 partners of unrecorded type"."""
    untyped = case.untyped_partners
    if not case.partner_types:
        return f"{untyped} partner{'s' if untyped != 1 else ''} of unrecorded type" if untyped else NOT_RECORDED
    typed = _labels(casebook, "partner_types", case.partner_types)
    return typed + (f"; {untyped} partner{'s' if untyped != 1 else ''} of unrecorded type" if untyped else "")


def csv_row(data: Mapping[str, Any], site_url: str, coder: Coder, header: tuple[Column, ...]) -> list[str]:
    """A case's row of data/cases.csv, from its plain data and the CSV's columns."""
    return [cell(column_value(data, c, site_url, coder), c) for c in header]


def place_text(casebook: Casebook, case: Case) -> str:
    """The case's areas and region in one line: "City of Bristol (South West)"."""
    place = case["place"]
    return ", ".join(place["areas"]) + f" ({casebook.vocab('regions')[place['region']].label})"


def card(casebook: Casebook, case: Case, base: str = "") -> dict[str, Any]:
    """What a list of cases shows of each (the finder, its first page, the letter
    pages); links relative to ``base``."""
    return {
        "id": case.id,
        "name": case.name,
        "url": urls.case_url(base, case.id),
        "model": casebook.vocab("models")[case.model].label,
        "model_url": urls.model_url(base, case.model),
        "place": place_text(casebook, case),
        "status": status_label(casebook, case),
        "summary": case["summary"],
    }


def case_record(casebook: Casebook, case: Case, data: Mapping[str, Any], site_url: str) -> dict[str, Any]:
    """The case's file for the finder: its card (links from the site's root), its CSV
    row and its comparison values."""
    return {
        **card(casebook, case),
        "row": csv_row(data, site_url, casebook, columns(casebook.case_schema)),
        "compare": comparison(casebook, case),
    }


def letter_of(name: str) -> str:
    """The browse page a case's name files under: its first letter, or "0-9" for the rest."""
    first = name.strip()[:1].casefold()
    return first if "a" <= first <= "z" else "0-9"


def letters(casebook: Casebook) -> dict[str, int]:
    """How many cases file under each first letter, in letter order."""
    counts = Counter(letter_of(c.name) for c in casebook.cases)
    return dict(sorted(counts.items()))


def term_counts(casebook: Casebook) -> Counter[tuple[str, str]]:
    """(facet, term) -> how many cases have it, for every term in use."""
    return Counter(
        (name, term) for case in casebook.cases for name, _, _ in FACETS for term in finder_ids(casebook, name, case)
    )


def name_pages(casebook: Casebook) -> list[list[str]]:
    """The case ids, by name, PAGE_SIZE to a page."""
    ordered = [c.id for c in sorted_cases(casebook.cases)]
    return [ordered[i : i + PAGE_SIZE] for i in range(0, len(ordered), PAGE_SIZE)]
