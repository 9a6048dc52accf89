"""A case's facts as a reviewer of its pull request reads them: Markdown for a GitHub
Actions job summary, with every coded value shown by its label.

``case_preview(casebook, case, site_url)`` returns the Markdown for one case. Case
text is untrusted: each cell is escaped so that it stays text in its table cell
(no HTML, no links or images that the data did not give as a source URL).
"""

from __future__ import annotations

import re

from ..model import Case, Casebook
from . import links

# Enough to keep text as text in a table cell: with [ and ] escaped no link or image
# can form, and < is an entity, so no HTML.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]|~])")


def md(value: object) -> str:
    """Plain text for a Markdown table cell: markup characters escaped, one line."""
    text = " ".join(str(value).split())
    return _MARKDOWN.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))


def _labels(casebook: Casebook, vocabulary: str, ids) -> str:
    return ", ".join(md(casebook.vocab(vocabulary)[i].label) for i in ids) if ids else "*not recorded*"


def case_preview(casebook: Casebook, case: Case, site_url: str) -> str:
    place = case["place"]
    rows = [
        ("Summary", md(case["summary"])),
        ("Model", md(casebook.vocab("models")[case.model].label)),
        ("Engagement in the 2019 study", _labels(casebook, "engagement_types", [case["engagement"]])
         if case.get("engagement") else "*not in the 2019 study*"),
        ("Scope", md(case["scope"])),
        ("Place", "; ".join(md(a) for a in place["areas"]) + f" ({md(casebook.vocab('regions')[place['region']].label)}, "
                  f"{md(casebook.vocab('nations')[place['nation']].label)})"),
        ("Funding", _labels(casebook, "funding_types", case.get("funding"))),
        ("Partners", "; ".join(md(p.get("name") or "(unnamed)") + (f" ({md(casebook.vocab('partner_types')[p['type']].label)})"
                                                               if p.get("type") else "")
                               for p in case.get("partners", ())) or "*not recorded*"),
    ]
    for field, key, vocabulary in (("drivers", "driver", "drivers"), ("enablers", "enabler", "enablers"),
                                   ("learning", "question", "learning_questions")):
        entries = case.get(field) or ()
        rows.append((field.capitalize(), _labels(casebook, vocabulary, [e[key] for e in entries])))
    rows.append(("Public facts", str(len(case.get("facts", ()))) + " recorded"))
    # Source URLs match the schema's ASCII pattern (no spaces or backticks): safe in code.
    rows.append(("Sources", "<br>".join(f"{n}. {md(s['title'])}, {md(s['publisher'])}: `{s['url']}`"
                                        for n, s in enumerate(case["sources"], start=1))))
    rows.append(("Last reviewed", md(case["last_reviewed"])))
    out = [f"### {md(case.name)}", "",
           f"{md(case.source_file)}, to be published at {links.case_url(site_url, case.id)}", "",
           "| Field | As readers will see it |", "|---|---|"]
    out += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(out) + "\n"
