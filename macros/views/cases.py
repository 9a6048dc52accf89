"""The case pages and the cases overview.

``case_page(casebook, case, site_url)`` returns the whole Markdown source of a case's
page: front matter (title, description, ``render_macros: false`` so that
mkdocs-macros never reads it as a template), then Markdown headings, each followed by
an HTML block rendered from html/case.html. Every recorded field appears; what
the data leaves out is named once, in one line that asks the reader to add it.
"""

from __future__ import annotations

import json
import re
from typing import Any, Mapping
from urllib.parse import urlencode

from .. import finder, urls
from ..schema import further
from ..model import UNCLASSIFIED, Case, Casebook, sorted_cases
from ..citation import case_ris
from .cite import case_citation
from .common import engagement, model_ref, note, source_refs
from .markdown import block, md_heading
from .related import Relations, relations
from .render import esc, part, render
from .study import study_credit

BASE = urls.GENERATED_BASE
# A section's page in the study, named in a line under its heading (a heading that is
# itself a link to elsewhere would read as a link to the section).
STUDY_PAGES = {
    "drivers": ("the study's drivers, across every case", "comparisons/drivers/"),
    "enablers": ("the study's enablers", "enablers/"),
    "measurement": ("measurement and accountability in the study", "measurement/"),
    "accountability": ("accountability in the study", "measurement/#accountability-in-collaborations"),
    "learning": ("the study's learning questions", "learning/"),
}


def front_matter(title: str, description: str, edit_source: str = "") -> str:
    """``edit_source``: the data file the page is made from, which its "Edit this page"
    link opens (overrides/partials/actions.html); "" for a page made from many files or
    none, which has no such link."""
    # JSON strings are valid YAML scalars, so no value can break out of its field.
    # Titles are HTML-escaped because the theme prints them unescaped.
    lines = [
        "---",
        f"title: {json.dumps(str(esc(title)))}",
        f"description: {json.dumps(str(esc(_first_sentence(description))))}",
        f"edit_source: {json.dumps(edit_source)}",
        "render_macros: false",
    ]
    return "\n".join(lines + ["---", ""])


def _first_sentence(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def case_chips(casebook: Casebook, case: Case) -> list[dict[str, str]]:
    """What a reader can move along from the case: its model, funding, region and
    status, each named with its group and opening the cases finder on the cases that
    share it."""
    chosen = [("model", "models", case.model)]
    chosen += [("funding", "funding_types", f) for f in case.get("funding") or ()]
    chosen.append(("region", "regions", case["place"]["region"]))
    if case.get("status"):
        chosen.append(("status", "statuses", case["status"]["value"]))
    return [
        {
            "group": casebook.vocab(vocabulary).label,  # what the chip is: "Status: Not known"
            "label": finder.status_label(casebook, case)
            if name == "status"
            else casebook.vocab(vocabulary)[term].label,
            "url": finder.address(BASE, **{name: term}),
        }
        for name, vocabulary, term in chosen
    ]


def case_page(
    casebook: Casebook, case: Case, site_url: str, repo_url: str = "", related: Relations | None = None
) -> str:
    """The case's page: breadcrumb, title, summary and an at-a-glance panel, then only
    the sections that hold something, with one line naming what is not yet recorded."""
    related = related or relations(casebook, [case])
    glance, missing = summary_data(casebook, case)
    crumbs = {"cases": urls.page_url(BASE, "cases/"), "model": model_ref(casebook, BASE, case.model)}
    parts = [
        front_matter(case.name, case["summary"], case.source_file),
        block(part("case.html", "breadcrumb", crumbs, case.name)),
        md_heading(1, case.name),
        block(part("case.html", "summary", glance, case_chips(casebook, case), finder.search_filters(casebook, case))),
    ]
    for heading, anchor, section in _sections(casebook, case, repo_url):
        if section is None:
            missing.append(heading.lower())
            continue
        parts.append(md_heading(2, heading, anchor))
        if anchor in STUDY_PAGES:
            label, path = STUDY_PAGES[anchor]
            section = part("case.html", "see_also", label, urls.page_url(BASE, path)) + section
        parts.append(block(section))
    parts.append(md_heading(2, "Details", "details"))
    parts.append(block(part("case.html", "details", glance)))
    parts.append(
        block(part("case.html", "unrecorded", missing, urls.propose_url(BASE, case.id), report_url(repo_url, case)))
    )
    parts.append(md_heading(2, "Related cases", "related"))
    parts.append(block(part("case.html", "related", related[case.id], crumbs["model"])))
    url = urls.case_url(site_url.rstrip("/") + "/", case.id)
    plain, bibtex = case_citation(casebook, case, url)
    parts.append(md_heading(2, "Cite this case", "cite"))
    parts.append(block(part("case.html", "cite", plain, bibtex, case_ris(casebook, case, url).replace("\r\n", "\n"))))
    if case.get("engagement"):
        parts.append(block(study_credit(casebook)))
    return "".join(parts)


def former_page(casebook: Casebook, entry: Mapping[str, Any]) -> str:
    """The page at a former case's address: where a renamed case went, or why a
    removed case was taken out. Kept out of search (the page itself says why)."""
    if "moved_to" in entry:
        case = casebook.case(entry["moved_to"])
        title = f"{case.name} has moved"
        body = part("case.html", "moved", entry, {"name": case.name, "url": urls.case_url(BASE, case.id)})
    else:
        title = f"{entry['name']} was removed"
        body = part("case.html", "removed", entry, urls.page_url(BASE, "cases/"), urls.page_url(BASE, "corrections/"))
    return "".join([front_matter(title, title + "."), md_heading(1, title), block(body)])


def unbuilt_page(case_id: str) -> str:
    """The preview's page at the address of a case whose file has problems: the problems
    show above it (every page of the preview lists them), and it says what to do."""
    title = f"cases/{case_id}.yaml is not in the preview yet"
    body = part("case.html", "unbuilt", f"cases/{case_id}.yaml")
    return "".join([front_matter(title, title + "."), md_heading(1, title), block(body)])


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


def identifiers(casebook: Casebook, case: Case, owner) -> list[dict]:
    """An organisation's or area's official identifiers, each linked to its register;
    those in force first."""
    given = owner.get("identifiers", ())
    # Where two codes name one area (Somerset's county and its unitary council), each
    # says what kind of area it is.
    shared = {i.get("of") for i in given if sum(1 for j in given if j.get("of") == i.get("of")) > 1}
    found = [
        {
            "scheme": casebook.vocab("identifier_schemes")[i["scheme"]].label,
            "value": i["value"],
            "url": casebook.identifier_url(i["scheme"], i["value"]),
            "of": i.get("of"),
            "kind": _kind(casebook, i) if i.get("of") in shared else None,
            "until": i.get("until"),
            "refs": source_refs(case, i["sources"]),
        }
        for i in given
    ]
    return sorted(found, key=lambda i: i["until"] is not None)


def _kind(casebook: Casebook, identifier) -> str | None:
    """What kind of area or body the value names ("county" for E10...), where its scheme says."""
    kinds = casebook.vocab("identifier_schemes")[identifier["scheme"]].get("kinds") or {}
    return next((k for prefix, k in kinds.items() if identifier["value"].startswith(prefix)), None)


def summary_data(casebook: Casebook, case: Case) -> tuple[dict, list[str]]:
    """The at-a-glance panel's values, and the names of the fields it leaves out
    because the data does not record them."""
    place = case["place"]
    status = case.get("status")
    status_value = None
    if status:
        status_value = finder.status_label(casebook, case)
        status_value += f", as of {status['as_of']}" if status.get("as_of") else ""
    model_note = None
    if case.model == UNCLASSIFIED:
        # Only the study's own cases were placed (or not) by the study itself.
        term = casebook.vocab("models")[UNCLASSIFIED]
        model_note = term["study_note"] if case.get("engagement") else term.description
    funding_terms = [casebook.vocab("funding_types")[f] for f in case.get("funding") or ()]
    partner_types = case.partner_types
    beyond = further(casebook.case_schema, case, casebook.label)
    glance = {
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
        "identifiers": identifiers(casebook, case, case.data),
        "engagement": engagement(casebook, case),
        "engagement_page": urls.page_url(BASE, "about/#method"),
        "classification": source_refs(case, case["classification_sources"]),
        "scope": case["scope"],
        "model": model_ref(casebook, BASE, case.model),
        "model_note": model_note,
        # A list in sentence case: "Grant funding, service contracts".
        "funding": [
            {"label": t.label if i == 0 else finder.in_sentence([t.label])[0]} for i, t in enumerate(funding_terms)
        ],
        "partner_types": [
            {
                "label": t.label if i == 0 else finder.in_sentence([t.label])[0],
                "count": sum(1 for x in case.get("partners", ()) if x.get("type") == t.id),
            }
            for i, t in enumerate(t for t in casebook.vocab("partner_types") if t.id in partner_types)
        ],
        "untyped_partners": case.untyped_partners,
        "last_reviewed": case["last_reviewed"],
        "status": _dated(case, status, status_value),
        "started": _dated(case, case.get("started"), str(case["started"]["year"]) if case.get("started") else ""),
        "ended": _dated(case, case.get("ended"), str(case["ended"]["year"]) if case.get("ended") else ""),
        "successor": _dated(case, case.get("successor"), case["successor"]["name"] if case.get("successor") else ""),
        "further": [
            {"label": name, "text": text}
            for _, name, text in further(casebook.case_schema, case, casebook.label)
            if text
        ],
    }
    missing = [
        name
        for name, value in (
            ("status", glance["status"]),
            ("start year", glance["started"]),
            ("funding", glance["funding"]),
            ("partner types", glance["partner_types"] or glance["untyped_partners"]),
            ("other names", glance["also_known_as"]),
            ("organisation type", glance["organisation_type"]),
            ("website", glance["website"]),
        )
        if not value
    ] + [name.lower() for _, name, text in beyond if not text]
    return glance, missing


def report_url(repo_url: str, case: Case) -> str | None:
    """The issue form for reporting an error in the case, with its id filled in."""
    if not repo_url:
        return None
    query = urlencode({"template": "report-an-error.yml", "case": case.id, "title": f"Error in a case: {case.name}"})
    return f"{repo_url.rstrip('/')}/issues/new?{query}"


def _sections(casebook: Casebook, case: Case, repo_url: str = "") -> list[tuple[str, str, str | None]]:
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
            "caveat": x.get("caveat"),
            "refs": source_refs(case, x["sources"]),
            "type": casebook.vocab("partner_types")[x["type"]].label if x.get("type") else None,
            "identifiers": identifiers(casebook, case, x),
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
    facts = [g for g in facts if g["facts"]]
    coded = (case.get("coding") or {}).get("drivers")
    enablers, accountability, learning = themed("enablers"), themed("accountability"), themed("learning")
    measurement = _measurement(casebook, case)
    # (heading, anchor, HTML or None when nothing is recorded)
    return [
        (
            "Partners",
            "partners",
            part("case.html", "partners", {"name": case.name, "partners": partners}) if partners else None,
        ),
        (
            "Drivers",
            "drivers",
            part(
                "case.html",
                "drivers",
                {"drivers": drivers, "coded": coded},
                len(casebook.vocab("drivers")),
                urls.page_url(BASE, "comparisons/drivers/"),
                urls.page_url(BASE, "contributing/#linking-a-case-to-the-studys-categories"),
            )
            if drivers or coded
            else None,
        ),
        ("Enablers", "enablers", part("case.html", "themed", enablers) if enablers else None),
        ("Measuring success", "measurement", part("case.html", "measurement", measurement) if measurement else None),
        ("Accountability", "accountability", part("case.html", "themed", accountability) if accountability else None),
        ("Learning", "learning", part("case.html", "themed", learning) if learning else None),
        ("Quotes", "quotes", part("case.html", "quotes", quotes) if quotes else None),
        ("Public facts", "facts", part("case.html", "facts", facts) if facts else None),
        (
            "Sources",
            "sources",
            part(
                "case.html",
                "sources",
                case["sources"],
                case.source_file,
                urls.propose_url(BASE, case.id),
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


# The finder's first page, without JavaScript too; the script pages through the rest.
PAGE_SIZE = finder.PAGE_SIZE
# The most case rows a generated list page holds (a letter's page, a model's page):
# beyond it, a letter's cases go on over numbered pages.
PAGE_ROWS = 200


def cases_overview(casebook: Casebook, base: str) -> str:
    """The cases finder: the first page of cases by name, the filters (with each
    option's count), and plain links to every case by model and by first letter.
    Its size does not grow with the casebook beyond the vocabularies."""
    ordered = sorted_cases(casebook.cases)
    counts = finder.term_counts(casebook)
    facets = []
    for name, vocabulary, _ in finder.FACETS:
        terms = [
            {**t, "count": counts[(name, t["id"])]}
            for t in finder.finder_terms(casebook, name, vocabulary)
            if counts[(name, t["id"])]
        ]
        if terms:
            facets.append({"name": name, "label": casebook.vocab(vocabulary).label, "terms": terms})
    models = [
        {**model_ref(casebook, base, t.id), "count": len(casebook.cases_where("model", t.id))}
        for t in (*casebook.vocab("models").terms, *casebook.vocab("models").extra)
    ]
    return render(
        "cases_overview.html",
        rows=[finder.card(casebook, c, base) for c in ordered[:PAGE_SIZE]],
        total=len(ordered),
        page_size=PAGE_SIZE,
        facets=facets,
        base=base,
        models=[m for m in models if m["count"]],
        letters=[
            {"letter": k, "url": urls.browse_url(base, k), "count": n} for k, n in finder.letters(casebook).items()
        ],
    )


def browse_page(casebook: Casebook, letter: str, number: int = 1) -> str:
    """One page of the cases whose names file under ``letter``: the finder's plain-link
    route to every case. Page ``number`` holds PAGE_ROWS of them at most."""
    cases = [c for c in sorted_cases(casebook.cases) if finder.letter_of(c.name) == letter]
    count = max(1, -(-len(cases) // PAGE_ROWS))
    here = cases[(number - 1) * PAGE_ROWS : number * PAGE_ROWS]
    base = "../../../" if number > 1 else BASE
    title = f"Cases: {letter.upper()}" + (f" (page {number} of {count})" if count > 1 else "")
    pager = [
        {"number": n, "url": urls.browse_url(base, letter, n), "current": n == number} for n in range(1, count + 1)
    ]
    return "".join(
        [
            front_matter(title, f"The casebook's cases whose names begin with {letter.upper()}."),
            md_heading(1, title),
            block(
                render(
                    "browse.html",
                    rows=[finder.card(casebook, c, base) for c in here],
                    total=len(cases),
                    letter=letter.upper(),
                    cases=urls.page_url(base, "cases/"),
                    pager=pager if count > 1 else [],
                )
            ),
        ]
    )


def browse_pages(casebook: Casebook) -> list[tuple[str, int]]:
    """(letter, page number) for every letter page."""
    return [(k, n) for k, count in finder.letters(casebook).items() for n in range(1, -(-count // PAGE_ROWS) + 1)]
