"""How to cite a case, and the study: plain text and BibTeX."""

from __future__ import annotations

import re

from ..model import Case, Casebook

_LATEX = {
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\\": r"\textbackslash{}",
}


def bibtex_escape(text: str) -> str:
    return re.sub(r"[&%#_${}~^\\]", lambda m: _LATEX[m.group()], " ".join(text.split()))


def citation_text(casebook: Casebook) -> str:
    s = casebook.study
    authors = s["authors"][0] if len(s["authors"]) == 1 else ", ".join(s["authors"][:-1]) + " and " + s["authors"][-1]
    return f"{authors} ({s['published'][:4]}). {s['title']}. {s['publisher']}."


def case_citation(casebook: Casebook, case: Case, url: str) -> tuple[str, str]:
    """(plain text, BibTeX) for one case."""
    reviewed = case["last_reviewed"]
    plain = f"{case.name}. In: Collaboration Casebook (last reviewed {reviewed}). {url}"
    if case.get("engagement"):
        plain += f" Based on: {citation_text(casebook)}"
    bibtex = "\n".join(
        [
            f"@misc{{casebook-{case.id},",
            f"  title = {{{{{bibtex_escape(case.name)}}}}},",
            "  author = {{Collaboration Casebook contributors}},",
            "  howpublished = {Collaboration Casebook},",
            f"  year = {{{reviewed[:4]}}},",
            f"  note = {{Last reviewed {reviewed}}},",
            f"  url = {{{url}}}",
            "}",
        ]
    )
    return plain, bibtex
