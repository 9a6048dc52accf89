"""Marking the first use of each glossary term on a finished page.

Input: a page's HTML, the glossary's terms and the path from the page to the site
root. Output: the page with the first use of each term in its article marked: an
abbreviation as ``<abbr title="expansion">``, a phrase as a link to its entry on the
Glossary page. Text inside links, code, headings and pictures is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .views.render import part

_ARTICLE = re.compile(r'(<article class="md-content__inner[^"]*">)(.*?)(</article>)', re.S)
_TOKEN = re.compile(r"(<[^>]+>)")
_SKIP = {
    "a",
    "abbr",
    "code",
    "pre",
    "script",
    "style",
    "svg",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "button",
    "textarea",
    "label",
    "select",
    "dt",
}
GLOSSARY_PAGE = "glossary/"


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    expansion: str | None
    description: str
    forms: tuple[str, ...]

    @property
    def pattern(self) -> re.Pattern:
        # Abbreviations match as written; phrases in any case. Whole words only.
        words = "|".join(re.escape(f) for f in sorted(self.forms, key=len, reverse=True))
        return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", 0 if self.expansion else re.I)


def terms_from(vocabulary: Iterable) -> list[Term]:
    """The glossary's terms, from its vocabulary (study/glossary.yaml)."""
    return [
        Term(t.id, t.label, t.get("expansion"), t.description, tuple(t.get("match") or (t.label,))) for t in vocabulary
    ]


def mark_first_uses(html: str, terms: list[Term], base: str) -> str:
    match = _ARTICLE.search(html)
    if match is None or 'id="glossary-terms"' in match.group(2):
        return html  # no article, or the Glossary page itself
    marked = _mark(match.group(2), terms, base + GLOSSARY_PAGE)
    return html[: match.start(2)] + marked + html[match.end(2) :]


def _mark(article: str, terms: list[Term], glossary: str) -> str:
    pending = list(terms)
    skipping: list[str] = []
    out = []
    for token in _TOKEN.split(article):
        if token.startswith("<"):
            _follow(token, skipping)
            out.append(token)
        elif not skipping and pending and token.strip():
            token, pending = _mark_text(token, pending, glossary)
            out.append(token)
        else:
            out.append(token)
    return "".join(out)


def _follow(tag: str, skipping: list[str]) -> None:
    """Keep count of the elements whose text is left alone."""
    name = re.match(r"</?\s*([a-zA-Z0-9]+)", tag)
    if not name or tag.endswith("/>"):
        return
    element = name.group(1).lower()
    if element not in _SKIP:
        return
    if tag.startswith("</"):
        if element in skipping:
            skipping.remove(element)
    else:
        skipping.append(element)


def _mark_text(text: str, pending: list[Term], glossary: str) -> tuple[str, list[Term]]:
    """Mark the first use, in this text, of each term not yet marked on the page."""
    found = []
    for term in pending:
        hit = term.pattern.search(text)
        if hit:
            found.append((hit.start(), hit.end(), term))
    # Earliest first, and no two marks overlapping.
    chosen, end = [], -1
    for start, stop, term in sorted(found, key=lambda f: (f[0], -f[1])):
        if start >= end:
            chosen.append((start, stop, term))
            end = stop
    for start, stop, term in reversed(chosen):
        text = text[:start] + part("parts.html", "term", term, text[start:stop], glossary) + text[stop:]
    done = {t.id for _, _, t in chosen}
    return text, [t for t in pending if t.id not in done]
