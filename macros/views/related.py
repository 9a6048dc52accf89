"""Each case's neighbours in its model and its related cases, chosen by the rule its
page states: the same model first, then shared funding and partner types."""

from __future__ import annotations

from typing import Any, Iterable

from .. import finder, urls
from ..model import UNCLASSIFIED, Case, Casebook, sorted_cases
from .common import labels

BASE = urls.GENERATED_BASE


# Case id -> {"previous", "next": the neighbours by name within the model, "related":
# at most five cases, each with why}.
Relations = dict[str, dict[str, Any]]
MAX_RELATED = 5


# A case's related cases are chosen among at most this many others of its model (the
# ones after it by name, wrapping round), so that finding them stays linear however
# large a model grows; below this size every case of the model is weighed.
WEIGHED = 200


def relations(casebook: Casebook, cases: Iterable[Case] | None = None) -> Relations:
    """Each case's neighbours in its model and its related cases: the same model first,
    then shared funding and partner types."""
    in_model: dict[str, list[Case]] = {}
    for c in sorted_cases(casebook.cases):
        in_model.setdefault(c.model, []).append(c)
    everyone = sorted_cases(casebook.cases)
    # Each case's place in its model's list and in the list of all cases.
    place = {c.id: i for members in in_model.values() for i, c in enumerate(members)}
    overall = {c.id: i for i, c in enumerate(everyone)}
    funding = {c.id: set(c.get("funding") or ()) - {"none"} for c in casebook.cases}
    partners = {c.id: set(c.partner_types) for c in casebook.cases}
    out: Relations = {}
    for case in cases if cases is not None else casebook.cases:
        siblings = in_model[case.model]
        at = place[case.id]
        # An unclassified case shares no model: it is weighed against every case.
        pool, start = (siblings, at) if case.model != UNCLASSIFIED else (everyone, overall[case.id])
        others = [pool[(start + k) % len(pool)] for k in range(1, min(len(pool), WEIGHED + 1))]
        scored = []
        for other in others:
            shared_funding = funding[case.id] & funding[other.id]
            shared_partners = partners[case.id] & partners[other.id]
            same = other.model == case.model and case.model != UNCLASSIFIED
            score = 4 * same + 2 * len(shared_funding) + len(shared_partners)
            if score:
                scored.append((-score, other.name.casefold(), other, same, shared_funding, shared_partners))
        scored.sort(key=lambda t: t[:2])
        out[case.id] = {
            "previous": _ref(siblings[at - 1]) if at > 0 else None,
            "next": _ref(siblings[at + 1]) if at + 1 < len(siblings) else None,
            "related": [
                {**_ref(other), "why": _why(casebook, same, f, p)} for _, _, other, same, f, p in scored[:MAX_RELATED]
            ],
        }
    return out


def _ref(case: Case) -> dict[str, str]:
    return {"url": urls.case_url(BASE, case.id), "name": case.name}


def _why(casebook: Casebook, same_model: bool, funding: set[str], partners: set[str]) -> str:
    reasons = ["same model"] if same_model else []
    if funding:
        reasons.append(
            "funding in common: " + _and(finder.in_sentence(labels(casebook, "funding_types", sorted(funding))))
        )
    if partners:
        reasons.append(
            "partners of the same type: "
            + _and(finder.in_sentence(labels(casebook, "partner_types", sorted(partners))))
        )
    why = "; ".join(reasons)
    return why[:1].upper() + why[1:]


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
