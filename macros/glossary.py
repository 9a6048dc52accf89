"""Marking the first use of each glossary term on a finished page.

Input: a page's HTML, the glossary's terms and the path from the page to the site
root. Output: the page with the first use of each term in its article marked: an
abbreviation as ``<abbr title="expansion">``, a phrase as a link to its entry on the
Glossary page. Text inside links, code, headings and pictures is left alone.
"""

from __future__ import annotations

import re
from html import escape
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .search import CONTENT
from .views.render import part

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


def terms_from(vocabulary: Iterable) -> list[Term]:
    """The glossary's terms, from its vocabulary (study/glossary.yaml)."""
    return [
        Term(t.id, t.label, t.get("expansion"), t.description, tuple(t.get("match") or (t.label,))) for t in vocabulary
    ]


@lru_cache(maxsize=8)
def _pattern(terms: tuple[Term, ...]) -> re.Pattern:
    """One pattern for every form of every term, each in a group named after its term.
    Abbreviations match as written, phrases in any case; whole words only."""
    alternatives = []
    for index, term in enumerate(terms):
        # The forms are text; the article is HTML ("A&E" is written "A&amp;E").
        words = "|".join(re.escape(escape(f, quote=False)) for f in sorted(term.forms, key=len, reverse=True))
        alternatives.append(f"(?P<t{index}>{words})" if term.expansion else f"(?i:(?P<t{index}>{words}))")
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")


def mark_first_uses(html: str, terms: list[Term], base: str) -> str:
    start = html.find(f" {CONTENT}")
    start = html.find(">", start) + 1 if start >= 0 else -1
    end = html.rfind("</article>")
    if start <= 0 or end < start or not terms:
        return html  # no article, or no glossary
    article = html[start:end]
    lowered = article.lower()
    # Plain substring tests first (fast): most pages at scale hold no term at all.
    if 'id="glossary-terms"' in article or not any(
        escape(f, quote=False).lower() in lowered for t in terms for f in t.forms
    ):
        return html
    marked = _mark(article, terms, _pattern(tuple(terms)), base + GLOSSARY_PAGE)
    return html[:start] + marked + html[end:]


def _mark(article: str, terms: list[Term], pattern: re.Pattern, glossary: str) -> str:
    done: set[int] = set()
    skipping: list[str] = []
    out = []
    for token in _TOKEN.split(article):
        if token.startswith("<"):
            _follow(token, skipping)
        elif not skipping and len(done) < len(terms) and token.strip():
            token = _mark_text(token, terms, pattern, done, glossary)
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


@lru_cache(maxsize=1024)
def _marked(term: Term, shown: str, glossary: str) -> str:
    """A term's mark, rendered once for each form and page depth it meets."""
    return part("parts.html", "term", term, shown, glossary)


def _mark_text(text: str, terms: list[Term], pattern: re.Pattern, done: set[int], glossary: str) -> str:
    """Mark, in this text, the first use of each term not yet marked on the page."""
    pieces, last = [], 0
    for hit in pattern.finditer(text):
        index = int(hit.lastgroup[1:])
        if index in done:
            continue
        done.add(index)
        pieces += [text[last : hit.start()], _marked(terms[index], hit.group(), glossary)]
        last = hit.end()
    return "".join(pieces) + text[last:] if pieces else text
