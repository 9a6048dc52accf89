"""The typology: an overview of the four models with a diagram, and one page per model
(plus one for the unclassified cases)."""

from __future__ import annotations

from ..model import UNCLASSIFIED, Casebook, Term, sorted_cases
from . import links
from .cases import front_matter
from .common import case_link, case_links, engagement, label, labels
from .html import block, esc, link, md_heading, not_recorded, table, ul

BASE = links.GENERATED_BASE


def model_terms(casebook: Casebook) -> list[Term]:
    """The four models, then 'unclassified'."""
    models = casebook.vocab("models")
    return [*models.terms, models[UNCLASSIFIED]]


def typology_diagram(casebook: Casebook, base: str) -> str:
    """The four models side by side, each with its cases and typical partners: a
    figure built from HTML lists, so it reads in order without its layout."""
    cards = []
    for term in casebook.vocab("models"):
        cases = sorted_cases(casebook.cases_where("model", term.id))
        partners = labels(casebook, "partner_types", term["typical_partners"])
        cards.append(
            f'<li class="cb-model-card"><h3>{link(links.model_url(base, term.id), term.label)}</h3>'
            f"<p>{esc(term.description)}</p>"
            f'<p class="cb-card-label">Cases ({len(cases)})</p>'
            + (ul(case_link(base, c) for c in cases) or f"<p>{not_recorded('no case yet')}</p>")
            + f'<p class="cb-card-label">Typical partners</p><p>{partners}</p></li>')
    unclassified = casebook.cases_where("model", UNCLASSIFIED)
    caption = (f"The study's four models of collaboration, with the {len(casebook.cases) - len(unclassified)} "
               f"cases placed in them. {len(unclassified)} case{'s' if len(unclassified) != 1 else ''} "
               f"the sources place in no model: {case_links(base, unclassified)}" if unclassified else "")
    return (f'<figure class="cb-typology"><ul class="cb-model-grid">{"".join(cards)}</ul>'
            f"<figcaption>{caption or 'The four models of collaboration.'}</figcaption></figure>")


def typology_table(casebook: Casebook, base: str) -> str:
    rows = []
    for term in model_terms(casebook):
        cases = casebook.cases_where("model", term.id)
        rows.append((link(links.model_url(base, term.id), term.label), esc(term.description),
                     str(len(cases)), case_links(base, cases)))
    return table("Models and their cases", ["Model", "In short", "Cases", "Which"], rows)


def model_page(casebook: Casebook, term: Term) -> str:
    cases = sorted_cases(casebook.cases_where("model", term.id))
    parts = [front_matter(term.label, term.description or term.label)]
    if term.id == UNCLASSIFIED:
        parts.append(block(f"<p>{esc(term.description)}</p>"))
    else:
        parts.append(block(
            f"<p>{esc(term.description)}</p>"
            '<figure class="cb-quote"><blockquote><p>' + esc(term["characteristics"]) + "</p></blockquote>"
            "<figcaption>The study's characterisation of the model.</figcaption></figure>"))
        parts.append(md_heading(2, "Typical partners", "typical-partners"))
        parts.append(block(ul(label(casebook, "partner_types", p) for p in term["typical_partners"])))
    parts.append(md_heading(2, "Cases", "cases"))
    if cases:
        rows = [(case_link(BASE, c),
                 engagement(casebook, c),
                 esc(c["scope"]), labels(casebook, "funding_types", c.get("funding")))
                for c in cases]
        parts.append(block(table(f"Cases following the model “{esc(term.label)}” ({len(cases)})",
                                 ["Case", "Engagement", "Scope", "Funding"], rows)))
    else:
        parts.append(block(f"<p>{not_recorded('no case in the casebook follows this model yet')}</p>"))
    others = [link(links.model_url(BASE, t.id), t.label) for t in model_terms(casebook) if t.id != term.id]
    parts.append(block(f'<p>Other models: {", ".join(others)}. <a href="{BASE}typology/">The typology</a>.</p>'))
    return "".join(parts)
