"""Study-wide pages: home, about, enablers, measurement and accountability, learning."""

from __future__ import annotations

import calendar

from .. import urls
from ..model import Casebook, sorted_cases
from .cite import citation_text
from .common import case_ref, case_refs, linked_case_refs, named
from .markdown import block, md_heading
from .render import part, words


def count_in_words(casebook: Casebook, vocabulary: str) -> str:
    """How many terms a vocabulary holds, as prose writes it: "fourteen"."""
    return words(len(casebook.vocab(vocabulary)))


def _month(published: str) -> str:
    year, month = published.split("-")
    return f"{calendar.month_name[int(month)]} {year}"


def credit_data(casebook: Casebook) -> dict:
    study = casebook.study
    names = study["authors"]
    authors = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return {
        "url": study["url"],
        "title": study["title"],
        "authors": authors,
        "publisher": study["publisher"],
        "month": _month(study["published"]),
    }


def study_credit(casebook: Casebook) -> str:
    """The study's credit, for every page built from it: authors, publisher, date, link."""
    return part("study.html", "credit", credit_data(casebook))


def home_findings(casebook: Casebook, base: str) -> str:
    study, vocab = casebook.study, casebook.vocab
    return part(
        "study.html",
        "home_findings",
        {
            "publisher": study["publisher"],
            "url": study["url"],
            "title": study["title"],
            "month": _month(study["published"]),
            "base": base,
            "cases": len([c for c in casebook.cases if c.get("engagement")]),
            "unplaced": [
                case_ref(base, c)
                for c in sorted_cases(casebook.cases)
                if c.get("engagement") and c.model == "unclassified"
            ],
            "models": [{"url": urls.model_url(base, t.id), "name": t.label} for t in vocab("models")],
            "drivers": len(vocab("drivers")),
            "first_driver": vocab("drivers").terms[0].label,
            "last_driver": vocab("drivers").terms[-1].label,
            "enablers": [t.label for t in vocab("enablers")],
            "approaches": [t.label for t in vocab("measurement_approaches")],
            "reasons": study["reasons_to_collaborate"],
        },
    )


def models_at_a_glance(casebook: Casebook, base: str) -> str:
    models = [
        {
            "url": urls.model_url(base, t.id),
            "label": t.label,
            "description": t.description,
            "count": len(casebook.cases_where("model", t.id)),
        }
        for t in casebook.vocab("models")
    ]
    return part("study.html", "models_at_a_glance", models)


def about_scope(casebook: Casebook) -> str:
    return part("study.html", "list", casebook.study["scope"])


def about_aims(casebook: Casebook) -> str:
    return part("study.html", "aims", casebook.study["aims"])


def about_method(casebook: Casebook, base: str) -> str:
    kinds = [
        {
            "label": t.label,
            "description": t.description,
            "cases": case_refs(base, casebook.cases_where("engagement", t.id)),
        }
        for t in casebook.vocab("engagement_types")
    ]
    return part("study.html", "method", casebook.study["fieldwork"], kinds)


def about_citation(casebook: Casebook) -> str:
    study = casebook.study
    return part(
        "study.html",
        "citation",
        citation_text(casebook),
        study["url"],
        _month(study["published"]),
        study.get("executive_summary_url"),
    )


def enablers(casebook: Casebook, base: str) -> str:
    """One section per enabler, each under a Markdown heading (so the page's contents list them)."""
    out = []
    for term in casebook.vocab("enablers"):
        out.append(md_heading(2, term.label, f"enabler-{term.id}"))
        out.append(
            block(
                part(
                    "study.html",
                    "enabler",
                    {
                        "description": term.description,
                        "caveat": term.caveat,
                        "key_features": term["key_features"],
                        "strategies": term["strategies"],
                        "quote": term.get("quote"),
                        "flipside": term.get("flipside_questions", ()),
                        "cases": linked_case_refs(casebook, base, "enablers", term.id),
                    },
                )
            )
        )
    return "".join(out)


def measurement_traditional(casebook: Casebook) -> str:
    m = casebook.measurement
    return part("study.html", "groups", m["traditional"], m["traditional_observations"])


def measurement_changing(casebook: Casebook) -> str:
    return part("study.html", "list", casebook.measurement["changing"])


def measurement_difficulty(casebook: Casebook) -> str:
    return part("study.html", "groups", casebook.measurement["why_difficult"])


def outcomes_framework(casebook: Casebook, base: str) -> str:
    framework = casebook.measurement["outcomes_framework"]
    return part(
        "study.html",
        "outcomes_framework",
        {
            "case": case_ref(base, casebook.case(framework["case"])),
            "title": framework["title"],
            "caveat": framework.get("caveat"),
            "areas": framework["areas"],
        },
    )


def accountability(casebook: Casebook, base: str) -> str:
    vocab = casebook.vocab("accountability")
    rows = [
        {
            "label": t.label,
            "description": t.description,
            "cases": linked_case_refs(casebook, base, "accountability", t.id),
        }
        for t in vocab
    ]
    return part("study.html", "accountability", vocab.data["introduction"], rows)


def learning_questions(casebook: Casebook, base: str) -> str:
    """One section per question, each under a Markdown heading."""
    out = []
    for term in casebook.vocab("learning_questions"):
        speaking = named(
            [
                {"case": case_ref(base, c), "text": e["text"], "basis": casebook.vocab("bases")[e["basis"]]}
                for c in sorted_cases(casebook.cases_with_entry("learning", term.id))
                for e in casebook.entries(c, "learning", term.id)
            ]
        )
        out.append(md_heading(2, term.label, f"q-{term.id}"))
        out.append(
            block(
                part(
                    "study.html",
                    "learning_question",
                    {"strategies": term["strategies"], "caveat": term.caveat, "speaking": speaking},
                )
            )
        )
    return "".join(out)


def flipside_questions(casebook: Casebook) -> str:
    return part("study.html", "list", [q for t in casebook.vocab("enablers") for q in t.get("flipside_questions", ())])


def closing_questions(casebook: Casebook) -> str:
    return part("study.html", "list", casebook.study["closing_questions"])


def glossary(casebook: Casebook) -> str:
    terms = [
        {
            "id": t.id,
            "label": t.label,
            "expansion": t.get("expansion"),
            "description": t.description,
            "sources": t.get("sources", ()),
        }
        for t in casebook.vocab("glossary")
    ]
    return part("study.html", "glossary", terms)


def search_box(casebook: Casebook, base: str) -> str:
    """A search form and the way into the cases, for the home page."""
    return part(
        "search.html", "box", urls.page_url(base, "search/"), len(casebook.cases), urls.page_url(base, "cases/")
    )


def search_page(base: str) -> str:
    return part("search.html", "page", base, urls.page_url(base, "cases/"))
