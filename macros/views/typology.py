"""The typology: an overview comparing the models, and one page per model
(plus one for the unclassified cases)."""

from __future__ import annotations

from typing import Sequence

from .. import finder, urls
from ..model import UNCLASSIFIED, Case, Casebook, Term, sorted_cases
from .cases import front_matter
from .cases import PAGE_ROWS
from .common import case_refs, engagement, labels
from .markdown import block, md_heading
from .render import part
from .study import study_credit

BASE = urls.GENERATED_BASE


def model_terms(casebook: Casebook) -> list[Term]:
    """The study's models, then 'unclassified'."""
    models = casebook.vocab("models")
    return [*models.terms, models[UNCLASSIFIED]]


# A model's cell lists at most this many cases and links onward for the rest: with
# thousands of cases the overview summarises (design.md, "Pages that scale").
CASES_SHOWN = 12


def funding_counts(casebook: Casebook, cases: Sequence[Case]) -> list[dict[str, object]]:
    """How many of ``cases`` each funding type funds, in the vocabulary's order, then
    those with no funding recorded; types funding none of them are left out."""
    counts = [
        {"label": t.label, "count": sum(1 for c in cases if t.id in (c.get("funding") or ())), "recorded": True}
        for t in casebook.vocab("funding_types")
    ]
    counts.append({"label": "not recorded", "count": sum(1 for c in cases if not c.get("funding")), "recorded": False})
    return [c for c in counts if c["count"]]


def typology_diagram(casebook: Casebook, base: str) -> str:
    """The study's four models compared in one table: what the study says of each
    (its vocabulary entry), and what the data says (its cases and their funding). The
    cases in no model are a note below it: "unclassified" is not one of the models."""
    models = []
    for t in casebook.vocab("models"):
        members = sorted_cases(casebook.cases_where("model", t.id))
        models.append(
            {
                "url": urls.model_url(base, t.id),
                "label": t.label,
                "description": t.description,
                "characteristics": t.get("characteristics"),
                "partners": labels(casebook, "partner_types", t.get("typical_partners")),
                "count": len(members),
                "cases": case_refs(base, members[:CASES_SHOWN]),
                "funding": funding_counts(casebook, members),
            }
        )
    unclassified = casebook.cases_where("model", UNCLASSIFIED)
    study_unplaced = len([c for c in unclassified if c.get("engagement")])
    return part(
        "typology.html",
        "comparison",
        models,
        case_refs(base, sorted_cases(unclassified)[:CASES_SHOWN]),
        len(unclassified),
        study_unplaced,
        urls.model_url(base, UNCLASSIFIED),
    )


def model_page(casebook: Casebook, term: Term) -> str:
    cases = sorted_cases(casebook.cases_where("model", term.id))
    unplaced = term.id == UNCLASSIFIED
    # "Unclassified" is no model: its page is about the cases that have none.
    title = "Cases in no model" if unplaced else term.label
    parts = [
        front_matter(title, term.description or term.label),
        block(
            part(
                "typology.html",
                "model_intro",
                {
                    "description": term.description,
                    "characteristics": term.get("characteristics"),
                    "study_note": term.get("study_note") if unplaced else None,
                },
            )
        ),
    ]
    if term.id != UNCLASSIFIED:
        parts.append(md_heading(2, "Typical partners", "typical-partners"))
        parts.append(
            block(part("typology.html", "partners", labels(casebook, "partner_types", term["typical_partners"])))
        )
    parts.append(md_heading(2, "Cases", "cases"))
    rows = [
        {
            "url": urls.case_url(BASE, c.id),
            "name": c.name,
            "engagement": engagement(casebook, c),
            "scope": c["scope"],
            "funding": labels(casebook, "funding_types", c.get("funding")),
        }
        for c in cases[:PAGE_ROWS]
    ]
    more = {
        "total": len(cases),
        "finder": finder.address(BASE, model=term.id),
        "browse": urls.page_url(BASE, "cases/#browse"),
    }
    parts.append(block(part("typology.html", "cases", None if unplaced else term.label, rows, more)))
    others = [{"url": urls.model_url(BASE, t.id), "name": t.label} for t in model_terms(casebook) if t.id != term.id]
    parts.append(block(part("typology.html", "others", others, urls.page_url(BASE, "typology/"))))
    parts.append(block(study_credit(casebook)))
    return "".join(parts)
