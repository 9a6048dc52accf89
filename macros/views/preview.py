"""A case's facts as a reviewer of its pull request reads them: Markdown for a GitHub
Actions job summary, with every coded value shown by its label.

``case_preview(casebook, case, site_url)`` returns the Markdown for one case. Case
text is untrusted: each cell is escaped so that it stays text in its table cell, with
no HTML, images or Markdown links. (GitHub still turns a bare web address in the text
into a link, as in any comment.)
"""

from __future__ import annotations

import re

from .. import urls
from ..model import Case, Casebook
from ..schema import further

# Enough to keep text as text in a table cell: with [ and ] escaped no link or image
# can form, and < is an entity, so no HTML.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]|~])")


def md(value: object) -> str:
    """Plain text for a Markdown table cell: markup characters escaped, one line."""
    text = " ".join(str(value).split())
    return _MARKDOWN.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))


def _labels(casebook: Casebook, vocabulary: str, ids) -> str:
    return ", ".join(md(casebook.vocab(vocabulary)[i].label) for i in ids) if ids else "*not recorded*"


def _refs(case: Case, ids) -> str:
    numbers = {src["id"]: n for n, src in enumerate(case["sources"], start=1)}
    return f" (source{'s' if len(ids) > 1 else ''} {', '.join(str(numbers[i]) for i in ids)})"


def _note(case: Case, entry, text_key: str = "text") -> str:
    caveat = f" *Uncertain: {md(entry['caveat'])}*" if entry.get("caveat") else ""
    return md(entry[text_key]) + caveat + _refs(case, entry["sources"])


def case_preview(casebook: Casebook, case: Case, site_url: str) -> str:
    """One case as Markdown: its facts in a table, its notes, facts and sources in lists."""
    place, vocab = case["place"], casebook.vocab
    rows = [
        ("Summary", md(case["summary"])),
        ("Also known as", "; ".join(md(n) for n in case.get("also_known_as", ())) or "*not recorded*"),
        (
            "Organisation type",
            _labels(casebook, "organisation_types", [case["organisation_type"]])
            if case.get("organisation_type")
            else "*not recorded*",
        ),
        ("Website", f"`{case['website']}`" if case.get("website") else "*not recorded*"),
        ("Model", md(vocab("models")[case.model].label)),
        (
            "Engagement in the 2019 study",
            _labels(casebook, "engagement_types", [case["engagement"]])
            if case.get("engagement")
            else "*not in the 2019 study*",
        ),
        ("Scope", md(case["scope"])),
        (
            "Place",
            "; ".join(md(a) for a in place["areas"])
            + (f", focus: {md(place['locality'])}" if place.get("locality") else "")
            + f" ({md(vocab('regions')[place['region']].label)}, {md(vocab('nations')[place['nation']].label)})",
        ),
        ("Funding", _labels(casebook, "funding_types", case.get("funding"))),
        (
            "Partners",
            "; ".join(
                md(p.get("name") or "(unnamed)")
                + (f" ({md(vocab('partner_types')[p['type']].label)})" if p.get("type") else "")
                for p in case.get("partners", ())
            )
            or "*not recorded*",
        ),
        (
            "Official identifiers",
            "; ".join(
                f"{md(i['of']) + ': ' if i.get('of') else ''}{md(vocab('identifier_schemes')[i['scheme']].label)} "
                f"`{md(i['value'])}`"
                + (f" (until {md(i['until'])})" if i.get("until") else "")
                + _refs(case, i["sources"])
                for i in case.get("identifiers", ())
            )
            or "*not recorded*",
        ),
        ("Last reviewed", md(case["last_reviewed"])),
        *[
            (md(name), md(text) if text else "*not recorded*")
            for _, name, text in further(casebook.case_schema, case, casebook.label)
        ],
    ]
    out = [
        f"### {md(case.name)}",
        "",
        f"{md(case.source_file)}, to be published at {urls.case_url(site_url, case.id)}",
        "",
        "| Field | As readers will see it |",
        "|---|---|",
        *[f"| {name} | {value} |" for name, value in rows],
    ]
    lists = []
    for field, entries in casebook.entry_lists.items():
        if field in ("facts", "identifiers") or not case.get(field):
            continue
        items = [
            f"- {md(vocab(entries.vocabulary)[e[entries.key]].label)}: "
            + _note(case, e, "note" if field == "drivers" else "text")
            + ("" if casebook.applies(e) or field != "drivers" else " *(does not apply)*")
            for e in case[field]
        ]
        lists.append((field.capitalize(), items))
    measurement = case.get("measurement")
    if measurement:
        approach = (
            vocab("measurement_approaches")[measurement["approach"]].label if measurement.get("approach") else None
        )
        lists.append(
            (
                "Measuring success",
                [f"- Approach: {md(approach) if approach else '*not recorded*'}" + _refs(case, measurement["sources"])]
                + [f"- {_note(case, h)}" for h in measurement.get("highlights", ())],
            )
        )
    if case.get("quotes"):
        lists.append(
            (
                "Quotes",
                [f"- “{md(q['text'])}”, {md(q['attribution'])}" + _refs(case, q["sources"]) for q in case["quotes"]],
            )
        )
    if case.get("facts"):
        lists.append(
            (
                "Public facts",
                [f"- {md(vocab('fact_topics')[f['topic']].label)}: {_note(case, f)}" for f in case["facts"]],
            )
        )
    # Source URLs match the schema's ASCII pattern (no spaces or backticks): safe in code.
    lists.append(
        (
            "Sources",
            [
                f"{n}. {md(src['title'])}"
                + (f" ({src['year']})" if src.get("year") else "")
                + f", {md(src['publisher'])}: `{src['url']}`"
                for n, src in enumerate(case["sources"], start=1)
            ],
        )
    )
    for title, items in lists:
        out += ["", f"**{title}**", "", *items]
    return "\n".join(out) + "\n"
