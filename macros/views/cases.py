"""The case pages and the cases overview.

``case_page(casebook, case)`` returns the whole Markdown source of ``cases/<id>.md``:
front matter (title, description, tags, ``render_macros: false`` so that
mkdocs-macros never reads it as a template), then fixed headings and HTML blocks.
Every field of the case appears; a field the data leaves out reads "not recorded".
"""

from __future__ import annotations

import json

from ..model import UNCLASSIFIED, Case, Casebook, sorted_cases
from . import links
from .common import case_link, engagement, label, labels, model_link, note, source_refs
from .cite import citation_block
from .html import block, esc, external_link, md_heading, not_recorded, table, ul

BASE = links.GENERATED_BASE


def front_matter(title: str, description: str, tags: list[str] | None = None) -> str:
    # JSON strings are valid YAML scalars, so no value can break out of its field.
    # Titles are HTML-escaped because the theme prints them unescaped.
    lines = ["---", f"title: {json.dumps(esc(title))}", f"description: {json.dumps(esc(_first_sentence(description)))}",
             "render_macros: false"]
    if tags:
        lines.append("tags:")
        lines += [f"  - {json.dumps(t)}" for t in tags]
    return "\n".join(lines + ["---", ""])


def _first_sentence(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def case_tags(casebook: Casebook, case: Case) -> list[str]:
    """Facets a reader can move along: model, funding, engagement, region."""
    tags = [casebook.vocab("models")[case.model].label]
    tags += [casebook.vocab("funding_types")[f].label for f in case.get("funding") or ()]
    if case.get("engagement"):
        tags.append(casebook.vocab("engagement_types")[case["engagement"]].label)
    tags.append(casebook.vocab("regions")[case["place"]["region"]].label)
    return tags


def case_page(casebook: Casebook, case: Case, site_url: str) -> str:
    parts = [front_matter(case.name, case["summary"], case_tags(casebook, case))]
    parts.append(block(_summary(casebook, case)))
    for heading, anchor, render in _SECTIONS:
        parts.append(md_heading(2, heading, anchor))
        parts.append(block(render(casebook, case)))
    parts.append(md_heading(2, "Cite this case", "cite"))
    parts.append(block(citation_block(casebook, case, links.case_url(site_url.rstrip("/") + "/", case.id))))
    return "".join(parts)


def _summary(casebook: Casebook, case: Case) -> str:
    out = [f'<p class="cb-summary">{esc(case["summary"])}</p>']
    if case.get("caveats"):
        out.append('<div class="admonition warning"><p class="admonition-title">What the sources leave uncertain</p>'
                   + ul(esc(c) for c in case["caveats"]) + "</div>")
    place = case["place"]
    model = case.model
    model_text = model_link(casebook, BASE, model)
    if model == UNCLASSIFIED:
        # Only the study's own cases were placed (or not) by the study itself.
        term = casebook.vocab("models")[UNCLASSIFIED]
        meaning = term["study_note"] if case.get("engagement") else term.description
        model_text += f' <span class="cb-caveat">{esc(meaning)}</span>'
    classification = source_refs(case, case["classification_sources"])
    rows = [
        ("Also known as", ", ".join(esc(n) for n in case.get("also_known_as", ())) or not_recorded()),
        ("Organisation type", label(casebook, "organisation_types", case["organisation_type"])
         if case.get("organisation_type") else not_recorded()),
        ("Place", ", ".join(esc(a) for a in place["areas"])
         + (f" (focus: {esc(place['locality'])})" if place.get("locality") else "")
         + f"; {label(casebook, 'regions', place['region'])}, {label(casebook, 'nations', place['nation'])}"
         + source_refs(case, place["sources"])),
        ("Website", external_link(case["website"]) if case.get("website") else not_recorded()),
        ("Engagement in the 2019 study", engagement(casebook, case) + (classification if case.get("engagement") else "")),
        ("Scope of collaborative working", esc(case["scope"]) + classification),
        ("Model", model_text + classification),
        ("Funding", (labels(casebook, "funding_types", case.get("funding")) + classification)
         if case.get("funding") else not_recorded()),
        ("Last reviewed", f'<time datetime="{esc(case["last_reviewed"])}">{esc(case["last_reviewed"])}</time>'),
        ("Case id", f"<code>{esc(case.id)}</code>"),
    ]
    out.append('<dl class="cb-facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>")
    return "".join(out)


def _partners(casebook: Casebook, case: Case) -> str:
    partners = case.get("partners")
    if not partners:
        return f"<p>{not_recorded()}</p>"
    rows = [(esc(p["name"]) if p.get("name") else not_recorded("name"),
             label(casebook, "partner_types", p["type"]) if p.get("type") else not_recorded(),
             (esc(p["role"]) if p.get("role") else not_recorded()) + source_refs(case, p["sources"]))
            for p in partners]
    return table(f"Partners of {esc(case.name)}", ["Partner", "Type", "Role"], rows, sortable=False)


def _drivers(casebook: Casebook, case: Case) -> str:
    intro = (f'<p>The 2019 study names {len(casebook.vocab("drivers"))} drivers of collaboration but does not say '
             f'which of its own cases has which. A driver is recorded for a case only where a cited source shows '
             f'it; see the <a href="{BASE}comparisons/drivers/">drivers comparison</a>.</p>')
    entries = case.get("drivers")
    if not entries:
        return intro + f"<p>{not_recorded()}</p>"
    items = []
    for entry in entries:
        status = "applies" if entry.get("applies", True) else "does not apply"
        items.append(f"<strong>{label(casebook, 'drivers', entry['driver'])}</strong> ({status}): "
                     + note(case, entry, "note"))
    return intro + ul(items)


def _themed(field: str, key: str, vocabulary: str):
    def render(casebook: Casebook, case: Case) -> str:
        entries = case.get(field)
        if not entries:
            return f"<p>{not_recorded()}</p>"
        return ul(f"<strong>{label(casebook, vocabulary, e[key])}</strong>: {note(case, e)}" for e in entries)
    return render


def _measurement(casebook: Casebook, case: Case) -> str:
    measurement = case.get("measurement")
    if not measurement:
        return f"<p>{not_recorded()}</p>"
    approach = (label(casebook, "measurement_approaches", measurement["approach"])
                if measurement.get("approach") else not_recorded())
    out = f"<p><strong>Approach:</strong> {approach}{source_refs(case, measurement['sources'])}</p>"
    highlights = measurement.get("highlights")
    out += ("<p><strong>Highlights:</strong></p>" + ul(note(case, h) for h in highlights)) if highlights \
        else f"<p><strong>Highlights:</strong> {not_recorded()}</p>"
    if casebook.measurement["outcomes_framework"]["case"] == case.id:
        out += (f'<p>See the <a href="{BASE}measurement/#outcomes-framework">'
                f'{esc(casebook.measurement["outcomes_framework"]["title"])}</a>.</p>')
    return out


def _quotes(casebook: Casebook, case: Case) -> str:
    quotes = case.get("quotes")
    if not quotes:
        return f"<p>{not_recorded()}</p>"
    out = []
    for q in quotes:
        lead = f"{esc(q['context'])} " if q.get("context") else ""
        out.append(f"<figure class=\"cb-quote\"><blockquote><p>{lead}“{esc(q['text'])}”</p></blockquote>"
                   f"<figcaption>{esc(q['attribution'])}{source_refs(case, q['sources'])}</figcaption></figure>")
    return "".join(out)


def _facts(casebook: Casebook, case: Case) -> str:
    facts = case.get("facts")
    if not facts:
        return f"<p>{not_recorded()}</p>"
    out = []
    for topic in casebook.vocab("fact_topics"):
        items = [f for f in facts if f["topic"] == topic.id]
        if items:
            out.append(f"<h3>{esc(topic.label)}</h3>" + ul(note(case, f) for f in items))
    return "".join(out)


def _sources(casebook: Casebook, case: Case) -> str:
    items = []
    for source in case["sources"]:
        year = f" ({esc(source['year'])})" if source.get("year") else ""
        items.append(f'<li id="source-{esc(source["id"])}">{external_link(source["url"], source["title"])}'
                     f"{year}. {esc(source['publisher'])}.</li>")
    edit = (f'<p>Something wrong or missing? Every fact here comes from the case file '
            f'<code>{esc(case.source_file)}</code>; see how to <a href="{BASE}contributing/">correct or add to a case</a>.</p>')
    return '<ol class="cb-sources">' + "".join(items) + "</ol>" + edit


_SECTIONS = (
    ("Partners", "partners", _partners),
    ("Drivers", "drivers", _drivers),
    ("Enablers", "enablers", _themed("enablers", "enabler", "enablers")),
    ("Measuring success", "measurement", _measurement),
    ("Accountability", "accountability", _themed("accountability", "point", "accountability")),
    ("Learning", "learning", _themed("learning", "question", "learning_questions")),
    ("Quotes", "quotes", _quotes),
    ("Public facts", "facts", _facts),
    ("Sources", "sources", _sources),
)


def cases_overview(casebook: Casebook, base: str) -> str:
    """The table of every case: name, model, engagement, funding, place."""
    cases = sorted_cases(casebook.cases)
    rows = []
    for case in cases:
        place = case["place"]
        rows.append((
            case_link(base, case),
            model_link(casebook, base, case.model),
            engagement(casebook, case),
            labels(casebook, "funding_types", case.get("funding")),
            ", ".join(esc(a) for a in place["areas"]) + f" ({label(casebook, 'regions', place['region'])})",
            esc(case["summary"]),
        ))
    caption = f"All {len(rows)} cases, by name. Select a column heading to sort."
    explorer = (f'<div id="cb-explorer" class="cb-explorer" data-src="{esc(base)}api/explorer.json" '
                f'data-base="{esc(base)}" hidden></div>')
    return explorer + table(caption, ["Case", "Model", "Engagement", "Funding", "Place", "Summary"], rows,
                            cls="cb-cases", row_ids=[c.id for c in cases], table_id="cb-cases-table")
