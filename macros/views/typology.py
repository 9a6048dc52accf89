"""The typology: an overview of the models with a diagram, and one page per model
(plus one for the unclassified cases)."""

from __future__ import annotations

from .. import urls
from ..model import UNCLASSIFIED, Casebook, Term, sorted_cases
from .cases import front_matter
from .common import case_refs, engagement, labels
from .markdown import block, md_heading
from .render import part
from .study import study_credit

BASE = urls.GENERATED_BASE


def model_terms(casebook: Casebook) -> list[Term]:
    """The study's models, then 'unclassified'."""
    models = casebook.vocab("models")
    return [*models.terms, models[UNCLASSIFIED]]


def typology_diagram(casebook: Casebook, base: str) -> str:
    """The models side by side, each with its cases and typical partners: a figure
    built from HTML lists, so it reads in order without its layout."""
    models = [
        {
            "url": urls.model_url(base, t.id),
            "label": t.label,
            "description": t.description,
            "cases": case_refs(base, casebook.cases_where("model", t.id)),
            "partners": labels(casebook, "partner_types", t["typical_partners"]),
        }
        for t in casebook.vocab("models")
    ]
    unclassified = casebook.cases_where("model", UNCLASSIFIED)
    study_unplaced = len([c for c in unclassified if c.get("engagement")])
    return part(
        "typology.html",
        "diagram",
        models,
        len(casebook.cases) - len(unclassified),
        case_refs(base, unclassified),
        study_unplaced,
    )


def typology_table(casebook: Casebook, base: str) -> str:
    rows = [
        {
            "url": urls.model_url(base, t.id),
            "label": t.label,
            "description": t.description,
            "cases": case_refs(base, casebook.cases_where("model", t.id)),
        }
        for t in model_terms(casebook)
    ]
    return part("typology.html", "overview", rows)


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
        for c in cases
    ]
    parts.append(block(part("typology.html", "cases", None if unplaced else term.label, rows)))
    others = [{"url": urls.model_url(BASE, t.id), "name": t.label} for t in model_terms(casebook) if t.id != term.id]
    parts.append(block(part("typology.html", "others", others, urls.page_url(BASE, "typology/"))))
    parts.append(block(study_credit(casebook)))
    return "".join(parts)
