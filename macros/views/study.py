"""Study-wide pages: home, about, enablers, measurement and accountability, learning."""

from __future__ import annotations

from ..model import Casebook
from . import links
from .common import case_links
from .html import caveat, esc, external_link, link, not_recorded, table, ul


def citation_text(casebook: Casebook) -> str:
    s = casebook.study
    authors = ", ".join(s["authors"][:-1]) + " and " + s["authors"][-1]
    return f"{authors} ({s['published'][:4]}). {s['title']}. {s['publisher']}."


def home_findings(casebook: Casebook, base: str) -> str:
    study = casebook.study
    in_study = [c for c in casebook.cases if c.get("engagement")]
    vocab = casebook.vocab
    points = [
        f"It looked at {len(in_study)} local collaborations between local government and the voluntary sector.",
        f"It sorted them into {len(vocab('models'))} models of collaboration: "
        + ", ".join(link(links.model_url(base, t.id), t.label) for t in vocab("models")) + ".",
        f"It named {len(vocab('drivers'))} <a href=\"{base}comparisons/drivers/\">drivers</a> for collaborating "
        f"and {len(vocab('enablers'))} <a href=\"{base}enablers/\">enablers</a> that ingrain it.",
        f"It compared how the collaborations <a href=\"{base}measurement/\">measure success and stay accountable</a>, "
        f"and closed on <a href=\"{base}learning/\">learning questions</a>.",
    ]
    return (f"<p>{esc(study['publisher'])} published “{external_link(study['url'], study['title'])}” in "
            f"{_month(study['published'])}.</p>" + ul(points)
            + "<p>The report groups the reasons for collaborating in four:</p>"
            + ul(esc(r) for r in study["reasons_to_collaborate"]))


def _month(published: str) -> str:
    import calendar
    year, month = published.split("-")
    return f"{calendar.month_name[int(month)]} {year}"


def models_at_a_glance(casebook: Casebook, base: str) -> str:
    cards = []
    for term in casebook.vocab("models"):
        count = len(casebook.cases_where("model", term.id))
        cards.append(f"<li>{link(links.model_url(base, term.id), term.label)}: {esc(term.description)} "
                     f"<span class=\"cb-count\">({count} case{'s' if count != 1 else ''})</span></li>")
    return f'<ul class="cb-glance">{"".join(cards)}</ul>'


def about_scope(casebook: Casebook) -> str:
    return ul(esc(s) for s in casebook.study["scope"])


def about_aims(casebook: Casebook) -> str:
    rows = [(esc(a["theme"]), esc(a["aim"])) for a in casebook.study["aims"]]
    return table("The study's five research aims", ["Theme", "Aim"], rows, sortable=False)


def about_method(casebook: Casebook, base: str) -> str:
    items = []
    for term in casebook.vocab("engagement_types"):
        cases = casebook.cases_where("engagement", term.id)
        items.append(f"<strong>{esc(term.label)}</strong>: {esc(term.description)} "
                     f"{len(cases)} case{'s' if len(cases) != 1 else ''}: {case_links(base, cases)}.")
    return f"<p>{esc(casebook.study['fieldwork'])}</p>" + ul(items)


def about_citation(casebook: Casebook) -> str:
    study = casebook.study
    summary = ""
    if study.get("executive_summary_url"):
        summary = f" Read the {external_link(study['executive_summary_url'], 'executive summary')}."
    return (f'<p class="cb-citation">{esc(citation_text(casebook))} '
            f"{external_link(study['url'])}</p><p>Published {_month(study['published'])}.{summary}</p>")


def enablers(casebook: Casebook, base: str) -> str:
    out = []
    for term in casebook.vocab("enablers"):
        cases = casebook.cases_with_item("enablers", "enabler", term.id)
        part = [f'<section class="cb-enabler" aria-labelledby="enabler-{esc(term.id)}">'
                f'<h2 id="enabler-{esc(term.id)}">{esc(term.label)}</h2>',
                f"<p>{esc(term.description)}</p>"]
        if term.caveat:
            part.append(f"<p>{caveat(term.caveat).strip()}</p>")
        part.append("<h3>Key features</h3>" + ul(esc(f) for f in term["key_features"]))
        part.append("<h3>Key strategies</h3>" + ul(esc(s) for s in term["strategies"]))
        if term.get("quote"):
            q = term["quote"]
            lead = f"{esc(q['context'])} " if q.get("context") else ""
            part.append(f'<figure class="cb-quote"><blockquote><p>{lead}“{esc(q["text"])}”</p></blockquote>'
                        f"<figcaption>{esc(q['attribution'])}</figcaption></figure>")
        if term.get("flipside_questions"):
            part.append("<h3>Is there a flipside?</h3>" + ul(esc(q) for q in term["flipside_questions"]))
        part.append(f"<p><strong>Cases that draw on it:</strong> {case_links(base, cases)}</p></section>")
        out.append("".join(part))
    return "".join(out)


def measurement_traditional(casebook: Casebook) -> str:
    m = casebook.measurement
    groups = "".join(f"<h3>{esc(g['title'])}</h3>" + ul(esc(p) for p in g["points"]) for g in m["traditional"])
    return groups + "<h3>Observations</h3>" + ul(esc(o) for o in m["traditional_observations"])


def measurement_changing(casebook: Casebook) -> str:
    return ul(esc(c) for c in casebook.measurement["changing"])


def measurement_difficulty(casebook: Casebook) -> str:
    return "".join(f"<h3>{esc(g['title'])}</h3>" + ul(esc(p) for p in g["points"])
                   for g in casebook.measurement["why_difficult"])


def outcomes_framework(casebook: Casebook, base: str) -> str:
    framework = casebook.measurement["outcomes_framework"]
    case = casebook.case(framework["case"])
    rows = [(esc(a["area"]) + (f"<br><q>{esc(a['statement'])}</q>" if a.get("statement") else ""),
             ul(esc(x) for x in a["measures"])) for a in framework["areas"]]
    return (f"<p>The outcomes framework of {link(links.case_url(base, case.id), case.name)}: "
            f"{len(rows)} outcome areas and the measures named for each.</p>"
            + (f"<p>{caveat(framework['caveat']).strip()}</p>" if framework.get("caveat") else "")
            + table(esc(framework["title"]), ["Outcome area", "Measures named"], rows, sortable=False))


def accountability(casebook: Casebook, base: str) -> str:
    vocab = casebook.vocab("accountability")
    rows = []
    for term in vocab:
        cases = casebook.cases_with_item("accountability", "point", term.id)
        rows.append((esc(term.label), esc(term.description), case_links(base, cases)))
    return (f"<p>{esc(vocab.data['introduction'])}</p>"
            + table("The study's points on accountability, with the cases that illustrate them",
                    ["Point", "What the study says", "Cases"], rows, sortable=False))


def learning_questions(casebook: Casebook, base: str) -> str:
    out = []
    for term in casebook.vocab("learning_questions"):
        cases = casebook.cases_with_item("learning", "question", term.id)
        speaking = []
        for case in cases:
            for entry in case["learning"]:
                if entry["question"] == term.id:
                    speaking.append(f"{link(links.case_url(base, case.id), case.name)}: {esc(entry['text'])}")
        out.append(f'<section class="cb-question" aria-labelledby="q-{esc(term.id)}">'
                   f'<h2 id="q-{esc(term.id)}">{esc(term.label)}</h2>'
                   "<h3>Strategies the study names</h3>" + ul(esc(s) for s in term["strategies"])
                   + (f"<p>{caveat(term.caveat).strip()}</p>" if term.caveat else "")
                   + "<h3>Cases that speak to it</h3>"
                   + (ul(speaking) if speaking else
                      f'<p class="cb-gap">{not_recorded("no case in the casebook speaks to this question yet")}</p>')
                   + "</section>")
    return "".join(out)


def flipside_questions(casebook: Casebook) -> str:
    questions = [q for t in casebook.vocab("enablers") for q in t.get("flipside_questions", ())]
    return ul(esc(q) for q in questions)


def closing_questions(casebook: Casebook) -> str:
    return ul(esc(q) for q in casebook.study["closing_questions"])
