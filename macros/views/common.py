"""Plain data that several views prepare for their templates: labels, links, notes
with their source references. No markup here: the templates write it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping, Sequence

from .. import finder, urls
from ..model import Case, Casebook, sorted_cases


def labels(casebook: Casebook, vocabulary: str, term_ids: Iterable[str] | None) -> list[str]:
    """The terms' labels in the vocabulary's order, as a list reads in sentence case
    ("Local government, housing"), so that every page lists them alike."""
    vocab = casebook.vocab(vocabulary)
    wanted = set(term_ids or ())
    words = [t.label for t in (*vocab.terms, *vocab.extra) if t.id in wanted]
    return words[:1] + finder.in_sentence(words[1:])


def case_ref(base: str, case: Case) -> dict[str, str]:
    return {"url": urls.case_url(base, case.id), "name": case.name}


# A cell or a sentence names at most this many cases; it counts the rest and links to
# them in the cases finder, so that no page grows with the casebook.
CASES_NAMED = 12


@dataclass(frozen=True)
class Named:
    """Cases named in a cell: iterating gives the first CASES_NAMED, ``len()`` says how
    many there are in all, and ``url`` (if any) opens the finder on every one."""

    shown: list[dict[str, Any]]
    total: int
    url: str | None = None

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.shown)

    def __len__(self) -> int:
        return self.total

    @property
    def more(self) -> int:
        return self.total - len(self.shown)


def named(refs: Sequence[dict[str, Any]], url: str | None = None) -> Named:
    return Named(list(refs[:CASES_NAMED]), len(refs), url)


def case_refs(base: str, cases: Iterable[Case], url: str | None = None) -> Named:
    ordered = sorted_cases(cases)
    return Named([case_ref(base, c) for c in ordered[:CASES_NAMED]], len(ordered), url)


def linked_case_refs(casebook: Casebook, base: str, field_name: str, term_id: str, url: str | None = None) -> Named:
    """The cases linked to a study category, each with whose reading the link is."""
    refs = []
    for case in sorted_cases(casebook.cases_with_entry(field_name, term_id)):
        for entry in casebook.entries(case, field_name, term_id):
            basis = casebook.vocab("bases")[entry["basis"]]
            refs.append({**case_ref(base, case), "basis": {"id": basis.id, "label": basis.label}})
    return named(refs, url)


def model_ref(casebook: Casebook, base: str, model_id: str) -> dict[str, str]:
    return {"url": urls.model_url(base, model_id), "name": casebook.vocab("models")[model_id].label}


def source_refs(case: Case, ids: Sequence[str], page: str = "") -> list[dict[str, Any]]:
    """Numbered references to the case's sources; ``page`` is the case page's URL when
    the references sit on another page ("" on the case's own page)."""
    numbers = {s["id"]: n for n, s in enumerate(case["sources"], start=1)}
    return [{"n": numbers[i], "id": i, "title": case.source(i)["title"], "page": page} for i in ids]


def note(case: Case, entry: Mapping[str, Any], text_key: str = "text", page: str = "") -> dict[str, Any]:
    """A text with its caveat and source references."""
    return {"text": entry[text_key], "caveat": entry.get("caveat"), "refs": source_refs(case, entry["sources"], page)}


def engagement(casebook: Casebook, case: Case) -> str | None:
    """The study's engagement with the case, or None for a case the study did not cover
    (its ten cases all record it)."""
    return casebook.vocab("engagement_types")[case["engagement"]].label if case.get("engagement") else None
