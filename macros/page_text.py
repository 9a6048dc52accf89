"""The searchable text of a built page, and the words in it.

The search index (macros/search.py) reads the finished HTML, so it indexes what either
generator wrote. A page is searchable when its <article> carries ``data-search-body``
(search.mark adds it); inside it, text under an element with ``data-search-ignore``, or
of a class or tag in ``search.EXCLUDED``, is left out, while ``data-search-meta``
values are read wherever they are: ``data-search-meta="place"`` takes the element's
text, ``data-search-meta="case_id:wigan-council"`` a value of its own.

``words`` is the one reading of text as words; docs/javascripts/search.js splits a
query the same way (a browser test compares the two).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

BODY = "data-search-body"
IGNORE = "data-search-ignore"
META = "data-search-meta"

_WORD = re.compile(r"[^\W_]+")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Tags whose text is a block of its own: a space is put between them, so that a list's
# items or a definition's term and value never run together into one word.
_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "section", "summary", "table", "td", "th", "tr", "ul",
}  # fmt: skip


_ENDS_SENTENCE = {"dd", "li", "td", "th", "p", "h2", "h3", "h4", "h5", "h6", "figcaption", "summary"}


def words(text: str) -> list[str]:
    """Lower-case words without accents, as the index holds them: letters and digits,
    split at anything else ("Lyon's" -> lyon); a word of one letter is dropped, a
    digit kept (case names end in numbers: "Partnership 7")."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.category(c).startswith("M"))
    return [w for w in _WORD.findall(folded) if len(w) > 1 or unicodedata.category(w).startswith("N")]


@dataclass
class PageText:
    title: str = ""
    headings: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    flow: list[str] = field(default_factory=list)  # headings and text in reading order


class _Reader(HTMLParser):
    def __init__(self, excluded_tags: set[str], excluded_classes: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.text = PageText()
        self._tags = excluded_tags
        self._classes = excluded_classes
        self._stack: list[str] = []
        self._skip_at: int | None = None  # depth of the ignored element we are inside
        self._field: list[tuple[int, str]] = []  # (depth, "title" | "heading") open
        self._meta: list[tuple[int, str, list[str]]] = []  # (depth, name, text) open
        self._last_text = -1  # where in the flow the last words are (a stop goes after them)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in _BLOCK:
            self._space()
        if tag in _VOID:
            return
        self._stack.append(tag)
        depth = len(self._stack)
        classes = set((attributes.get("class") or "").split())
        if self._skip_at is None and (IGNORE in attributes or tag in self._tags or classes & self._classes):
            self._skip_at = depth
        if tag == "h1":
            self._field.append((depth, "title"))
        elif tag in ("h2", "h3", "h4", "h5", "h6"):
            self._field.append((depth, "heading"))
        meta = attributes.get(META)
        if meta:
            name, has_value, value = meta.partition(":")
            if has_value:
                self.text.meta[name] = value
            else:
                self._meta.append((depth, name, []))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag not in self._stack:
            return  # a stray end tag
        while self._stack:
            depth = len(self._stack)
            if self._skip_at == depth:
                self._skip_at = None
            if self._field and self._field[-1][0] == depth:
                self._field.pop()
            if self._meta and self._meta[-1][0] == depth:
                _, name, parts = self._meta.pop()
                self.text.meta[name] = " ".join("".join(parts).split())
            if self._stack.pop() == tag:
                break
        if tag in _BLOCK:
            self._space(tag)

    def handle_data(self, data):
        for _, _, parts in self._meta:
            parts.append(data)
        if self._skip_at is not None:
            return
        where = self._field[-1][1] if self._field else "body"
        if where == "title":
            self.text.title += data
        elif where == "heading":
            self.text.headings.append(data)
            self.text.flow.append(data)
        else:
            self.text.body.append(data)
            self.text.flow.append(data)
        if where != "title" and data.strip():
            self._last_text = len(self.text.flow) - 1

    def _space(self, ended: str = ""):
        for _, _, parts in self._meta:
            parts.append(" ")
        self.text.body.append(" ")
        # A passage read from the flow keeps a list's, a table's or a definition's
        # parts apart: "Place: Renfrewshire. Model: ...".
        mark = ":" if ended == "dt" else "." if ended in _ENDS_SENTENCE else ""
        at = self._last_text
        if mark and at >= 0 and self.text.flow[at].rstrip()[-1] not in ".:;!?…":
            self.text.flow[at] = self.text.flow[at].rstrip() + mark
        self.text.flow.append(" ")


def read(html: str, excluded_tags: set[str], excluded_classes: set[str]) -> PageText | None:
    """The searchable text of a page, or None if the page is not searchable."""
    start = html.find(BODY)
    if start < 0:
        return None
    start = html.rfind("<article", 0, start)
    end = html.find("</article>", start)
    if start < 0 or end < 0:
        return None
    reader = _Reader(excluded_tags, excluded_classes)
    reader.feed(html[start : end + len("</article>")])
    reader.close()
    text = reader.text
    text.title = " ".join(text.title.split())
    return text
