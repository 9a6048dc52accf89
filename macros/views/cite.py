"""How to cite a case, and the study: plain text and BibTeX (RIS: macros/citation.py)."""

from __future__ import annotations

import re

from ..citation import edition_of
from ..dataset import AUTHOR, PUBLISHER
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
    """(plain text, BibTeX) for one case, naming the dataset's version (and DOI, once
    a release has one)."""
    reviewed = case["last_reviewed"]
    version, doi = edition_of(casebook)
    edition = f", version {version}" if version else ""
    plain = f"{case.name}. In: {PUBLISHER}{edition} (last reviewed {reviewed}). {url}"
    if doi:
        plain += f" https://doi.org/{doi}"
    if case.get("engagement"):
        plain += f" Based on: {citation_text(casebook)}"
    lines = [
        f"@misc{{casebook-{case.id},",
        f"  title = {{{{{bibtex_escape(case.name)}}}}},",
        # Double braces: a group, not a person ("C. C. contributors" otherwise).
        f"  author = {{{{{AUTHOR}}}}},",
        f"  howpublished = {{{PUBLISHER}}},",
        f"  year = {{{reviewed[:4]}}},",
    ]
    if version:
        lines.append(f"  version = {{{bibtex_escape(version)}}},")
    if doi:
        lines.append(f"  doi = {{{bibtex_escape(doi)}}},")
    lines += [f"  note = {{Last reviewed {reviewed}}},", f"  url = {{{url}}}", "}"]
    return plain, "\n".join(lines)
