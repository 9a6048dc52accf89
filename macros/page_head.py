"""What a finished page's <head> holds, read with the standard library's HTML parser
rather than patterns over the markup: its title and description as text (entities
decoded, attributes in any order or quoting), and the two places the build writes
into: right after <meta charset> (the Content-Security-Policy, which covers only what
comes after it) and right before the head ends (the tags for machines, macros/meta.py).

Only the head is parsed: the parser stops where the head ends, so a page costs the
same whatever its length.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass(frozen=True)
class Head:
    title: str | None
    description: str | None
    # Where the policy goes: after <meta charset>, else after <head>; None if the page has neither.
    policy_at: int | None
    # Where the head ends: its end tag, or the first tag that belongs in the body.
    end: int


def read(html: str) -> Head:
    parser = _HeadParser(html)
    try:
        parser.feed(html)
        parser.close()
    except _HeadEnded:
        pass
    title = "".join(parser.title).strip() if parser.title is not None else None
    end = parser.end if parser.end is not None else len(html)
    return Head(title, parser.description, parser.charset_end or parser.head_end, end)


class _HeadEnded(Exception):
    pass


# Elements that may sit in a <head>: any other start tag means the body has begun.
_IN_HEAD = {"html", "head", "title", "meta", "link", "script", "style", "base", "noscript", "template"}


class _HeadParser(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        # Where each line starts, to turn the parser's (line, column) into an index: found
        # as the parser reaches each line, so that the body is never scanned.
        self.html, self.lines = html, [0]
        self.title: list[str] | None = None
        self.in_title = False
        self.description: str | None = None
        self.charset_end: int | None = None
        self.head_end: int | None = None
        self.end: int | None = None

    def _here(self) -> int:
        line, column = self.getpos()
        while len(self.lines) < line:
            self.lines.append(self.html.index("\n", self.lines[-1]) + 1)
        return self.lines[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag not in _IN_HEAD:
            self.end = self._here()
            raise _HeadEnded
        values = dict(attrs)
        after = self._here() + len(self.get_starttag_text() or "")
        if tag == "head" and self.head_end is None:
            self.head_end = after
        elif tag == "meta" and "charset" in values and self.charset_end is None:
            self.charset_end = after
        elif tag == "meta" and (values.get("name") or "").lower() == "description" and self.description is None:
            self.description = values.get("content") or ""
        elif tag == "title" and self.title is None:
            self.title, self.in_title = [], True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self.in_title and self.title is not None:
            self.title.append(data)

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag in ("head", "html"):
            self.end = self._here()
            raise _HeadEnded
