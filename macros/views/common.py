"""Rendering pieces that several pages share: labels, source references, case links."""

from __future__ import annotations

from typing import Iterable, Sequence

from ..model import Case, Casebook, sorted_cases
from . import links
from .html import caveat, esc, link, not_recorded


def label(casebook: Casebook, vocabulary: str, term_id: str) -> str:
    return esc(casebook.vocab(vocabulary)[term_id].label)


def labels(casebook: Casebook, vocabulary: str, term_ids: Iterable[str] | None) -> str:
    if not term_ids:
        return not_recorded()
    return ", ".join(label(casebook, vocabulary, t) for t in term_ids)


def engagement(casebook: Casebook, case: Case) -> str:
    """How the 2019 study engaged with the case. Its ten cases all record this, so a case
    without it is a later one: say so, rather than "not recorded", which reads as a gap."""
    if case.get("engagement"):
        return label(casebook, "engagement_types", case["engagement"])
    return '<span class="cb-not-recorded">not in the 2019 study</span>'


def model_link(casebook: Casebook, base: str, model_id: str) -> str:
    return link(links.model_url(base, model_id), casebook.vocab("models")[model_id].label)


def case_link(base: str, case: Case) -> str:
    return link(links.case_url(base, case.id), case.name)


def case_links(base: str, cases: Iterable[Case], none: str = "") -> str:
    cases = sorted_cases(cases)
    if not cases:
        return not_recorded(none)
    return ", ".join(case_link(base, c) for c in cases)


def source_refs(case: Case, ids: Sequence[str], base: str = "", page_is_case: bool = True) -> str:
    """Numbered references to the case's sources, linked to its source list."""
    numbers = {s["id"]: n for n, s in enumerate(case["sources"], start=1)}
    target = "" if page_is_case else links.case_url(base, case.id)
    parts = [f'<a href="{esc(target)}#source-{esc(i)}" title="{esc(case.source(i)["title"])}">{numbers[i]}</a>'
             for i in ids]
    return f' <span class="cb-refs">(source{"s" if len(parts) > 1 else ""} {", ".join(parts)})</span>'


def note(case: Case, entry, text_key: str = "text", **kw) -> str:
    """A text with its caveat and source references."""
    return esc(entry[text_key]) + caveat(entry.get("caveat")) + source_refs(case, entry["sources"], **kw)
