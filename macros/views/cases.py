"""The case pages and the cases overview.

``case_page(casebook, case, site_url)`` returns the whole Markdown source of a case's
page: front matter (title, description, tags, ``render_macros: false`` so that
mkdocs-macros never reads it as a template), then Markdown headings, each followed by
an HTML block rendered from templates/case.html. Every field of the case appears; a
field the data leaves out reads "not recorded".
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

from .. import urls
from ..model import UNCLASSIFIED, Case, Casebook, sorted_cases
from .cite import case_citation
from .common import engagement, labels, model_ref, note, source_refs
from .markdown import block, md_heading
from .render import esc, part, render
from .study import study_credit

BASE = urls.GENERATED_BASE
# A case page's headings that name a study concept link to the study's page on it
# (Markdown links to the pages' sources, which every generator resolves).
STUDY_PAGES = {
    "drivers": BASE + "comparisons/drivers/index.md",
    "enablers": BASE + "enablers/index.md",
    "measurement": BASE + "measurement/index.md",
    "accountability": BASE + "measurement/index.md#accountability-in-collaborations",
    "learning": BASE + "learning/index.md",
}


def front_matter(title: str, description: str, tags: list[str] | None = None) -> str:
    # JSON strings are valid YAML scalars, so no value can break out of its field.
    # Titles are HTML-escaped because the theme prints them unescaped.
    lines = [
        "---",
        f"title: {json.dumps(str(esc(title)))}",
        f"description: {json.dumps(str(esc(_first_sentence(description))))}",
        "render_macros: false",
    ]
    if tags:
        lines.append("tags:")
        lines += [f"  - {json.dumps(str(esc(t)))}" for t in tags]  # the theme prints tags unescaped too
    return "\n".join(lines + ["---", ""])


def _first_sentence(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def case_tags(casebook: Casebook, case: Case) -> list[str]:
    """Facets a reader can move along: model, funding, engagement, region."""
    tags = [casebook.vocab("models")[case.model].label, *labels(casebook, "funding_types", case.get("funding"))]
    if case.get("engagement"):
        tags.append(casebook.vocab("engagement_types")[case["engagement"]].label)
    tags.append(casebook.vocab("regions")[case["place"]["region"]].label)
    return tags


def case_page(casebook: Casebook, case: Case, site_url: str, repo_url: str = "") -> str:
    parts = [
        front_matter(case.name, case["summary"], case_tags(casebook, case)),
        block(part("case.html", "summary", summary_data(casebook, case))),
    ]
    for heading, anchor, section in _sections(casebook, case, repo_url):
        parts.append(md_heading(2, heading, anchor, STUDY_PAGES.get(anchor)))
        parts.append(block(section))
    plain, bibtex = case_citation(casebook, case, urls.case_url(site_url.rstrip("/") + "/", case.id))
    parts.append(md_heading(2, "Cite this case", "cite"))
    parts.append(block(part("case.html", "cite", plain, bibtex)))
    if case.get("engagement"):
        parts.append(block(study_credit(casebook)))
    return "".join(parts)


def _dated(case: Case, entry, value: str) -> dict | None:
    """A status, start, end or successor: its value, what the source says, caveat, refs."""
    if not entry:
        return None
    return {
        "value": value,
        "text": entry.get("text"),
        "caveat": entry.get("caveat"),
        "refs": source_refs(case, entry.get("sources", ())),
    }


def basis(casebook: Casebook, entry) -> dict:
    return {"id": entry["basis"], "label": casebook.vocab("bases")[entry["basis"]].label}


def summary_data(casebook: Casebook, case: Case) -> dict:
    place = case["place"]
    status = case.get("status")
    status_value = None
    if status:
        status_value = casebook.vocab("statuses")[status["value"]].label
        status_value += f" (as of {status['as_of']})" if status.get("as_of") else ""
    model_note = None
    if case.model == UNCLASSIFIED:
        # Only the study's own cases were placed (or not) by the study itself.
        term = casebook.vocab("models")[UNCLASSIFIED]
        model_note = term["study_note"] if case.get("engagement") else term.description
    return {
        "id": case.id,
        "name": case.name,
        "summary": case["summary"],
        "caveats": case.get("caveats", ()),
        "also_known_as": case.get("also_known_as", ()),
        "organisation_type": casebook.vocab("organisation_types")[case["organisation_type"]].label
        if case.get("organisation_type")
        else None,
        "place": {
            "areas": place["areas"],
            "locality": place.get("locality"),
            "region": casebook.vocab("regions")[place["region"]].label,
            "nation": casebook.vocab("nations")[place["nation"]].label,
            "refs": source_refs(case, place["sources"]),
        },
        "website": case.get("website"),
        "engagement": engagement(casebook, case),
        "classification": source_refs(case, case["classification_sources"]),
        "scope": case["scope"],
        "model": model_ref(casebook, BASE, case.model),
        "model_note": model_note,
        "funding": labels(casebook, "funding_types", case.get("funding")),
        "last_reviewed": case["last_reviewed"],
        "status": _dated(case, status, status_value),
        "started": _dated(case, case.get("started"), str(case["started"]["year"]) if case.get("started") else ""),
        "ended": _dated(case, case.get("ended"), str(case["ended"]["year"]) if case.get("ended") else ""),
        "successor": _dated(case, case.get("successor"), case["successor"]["name"] if case.get("successor") else ""),
    }


def report_url(repo_url: str, case: Case) -> str | None:
    """The issue form for reporting an error in the case, with its id filled in."""
    if not repo_url:
        return None
    query = urlencode({"template": "report-an-error.yml", "case": case.id, "title": f"Error in a case: {case.name}"})
    return f"{repo_url.rstrip('/')}/issues/new?{query}"


def _sections(casebook: Casebook, case: Case, repo_url: str = "") -> list[tuple[str, str, str]]:
    def themed(field: str) -> list[dict]:
        entries = casebook.entry_lists[field]
        return [
            {
                "label": casebook.vocab(entries.vocabulary)[e[entries.key]].label,
                "note": note(case, e),
                "basis": basis(casebook, e),
            }
            for e in case.get(field, ())
        ]

    partners = [
        {
            "name": x.get("name"),
            "role": x.get("role"),
            "refs": source_refs(case, x["sources"]),
            "type": casebook.vocab("partner_types")[x["type"]].label if x.get("type") else None,
        }
        for x in case.get("partners", ())
    ]
    drivers = [
        {
            "label": casebook.vocab("drivers")[d["driver"]].label,
            "applies": casebook.applies(d),
            "note": note(case, d, "note"),
            "basis": basis(casebook, d),
        }
        for d in case.get("drivers", ())
    ]
    quotes = [
        {
            "text": q["text"],
            "attribution": q["attribution"],
            "context": q.get("context"),
            "refs": source_refs(case, q["sources"]),
        }
        for q in case.get("quotes", ())
    ]
    facts = [
        {"topic": t.label, "facts": [_fact(case, f) for f in case.get("facts", ()) if f["topic"] == t.id]}
        for t in casebook.vocab("fact_topics")
    ]
    return [
        ("Partners", "partners", part("case.html", "partners", {"name": case.name, "partners": partners})),
        (
            "Drivers",
            "drivers",
            part(
                "case.html",
                "drivers",
                {"drivers": drivers, "coded": (case.get("coding") or {}).get("drivers")},
                len(casebook.vocab("drivers")),
                urls.page_url(BASE, "comparisons/drivers/"),
                urls.page_url(BASE, "contributing/#linking-a-case-to-the-studys-categories"),
            ),
        ),
        ("Enablers", "enablers", part("case.html", "themed", themed("enablers"))),
        ("Measuring success", "measurement", part("case.html", "measurement", _measurement(casebook, case))),
        ("Accountability", "accountability", part("case.html", "themed", themed("accountability"))),
        ("Learning", "learning", part("case.html", "themed", themed("learning"))),
        ("Quotes", "quotes", part("case.html", "quotes", quotes)),
        ("Public facts", "facts", part("case.html", "facts", [g for g in facts if g["facts"]])),
        (
            "Sources",
            "sources",
            part(
                "case.html",
                "sources",
                case["sources"],
                case.source_file,
                urls.page_url(BASE, "contributing/"),
                report_url(repo_url, case),
                urls.page_url(BASE, "corrections/"),
            ),
        ),
    ]


_YEAR = re.compile(r"\b(1[89]\d{2}|20\d{2})\b")
_FIGURE = re.compile(r"£\s?\d|\d\s?%|\b\d{1,3}(,\d{3})+\b|\b\d+(\.\d+)?\s?(m|bn|k|million|billion)\b|\b\d{3,}\b")


def _fact(case: Case, fact) -> dict:
    """A fact with its note; a figure with no year anywhere in it says "date not given"."""
    shown = note(case, fact)
    said = fact["text"] + " " + (fact.get("caveat") or "")
    shown["undated"] = bool(_FIGURE.search(_YEAR.sub("", fact["text"]))) and not _YEAR.search(said)
    return shown


def _measurement(casebook: Casebook, case: Case) -> dict | None:
    measurement = case.get("measurement")
    if not measurement:
        return None
    framework = casebook.measurement["outcomes_framework"]
    return {
        "approach": casebook.vocab("measurement_approaches")[measurement["approach"]].label
        if measurement.get("approach")
        else None,
        "refs": source_refs(case, measurement["sources"]),
        "basis": basis(casebook, measurement),
        "highlights": [note(case, h) for h in measurement.get("highlights", ())],
        "framework": {"url": urls.page_url(BASE, "measurement/#outcomes-framework"), "title": framework["title"]}
        if framework["case"] == case.id
        else None,
    }


def cases_overview(casebook: Casebook, base: str) -> str:
    """The table of every case: name, model, engagement, funding, place."""
    rows = [
        {
            "id": c.id,
            "url": urls.case_url(base, c.id),
            "name": c.name,
            "model": model_ref(casebook, base, c.model),
            "engagement": engagement(casebook, c),
            "funding": labels(casebook, "funding_types", c.get("funding")),
            "areas": c["place"]["areas"],
            "region": casebook.vocab("regions")[c["place"]["region"]].label,
            "summary": c["summary"],
        }
        for c in sorted_cases(casebook.cases)
    ]
    return render("cases_overview.html", rows=rows, base=base)
