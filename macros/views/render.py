"""The one Jinja2 environment every view renders through: template files in
macros/html/, autoescaping on, undefined names an error.

Data reaches a template only as variables, never as template source. Every value a
template prints is escaped for HTML, and braces become character references, so that
nothing from the data can ever read as a Jinja expression later (mkdocs-macros renders
the hand-written pages that call the views).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from markupsafe import escape as markupsafe_escape

TEMPLATES = Path(__file__).resolve().parent.parent / "html"
_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})


def esc(value: object) -> Markup:
    """Text -> HTML text, quotes included, braces as character references."""
    if isinstance(value, Markup):
        return value
    escaped = markupsafe_escape(value)  # MarkupSafe's compiled escape: this runs for every value
    if "{" in escaped or "}" in escaped:
        return Markup(str(escaped).translate(_BRACES))
    return escaped


def href(url: str) -> str:
    """An external URL fit for an href, or "" unless it is a plain http(s) address."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"[\s<>\"'`]", url):
        return ""
    return url


_WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
)


def words(count: int) -> str:
    """A count as prose writes it: 14 -> "fourteen"."""
    return _WORDS[count] if 0 <= count < len(_WORDS) else str(count)


ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
ENV.filters["href"] = href
ENV.filters["words"] = words
ENV.filters["plural"] = lambda count, word, plural=None: f"{count} {word if count == 1 else plural or word + 's'}"


def render(template: str, **data: object) -> str:
    """A whole template file, rendered with ``data``. Braces in the output (the templates
    write none of their own) become character references, once for the whole output."""
    return ENV.get_template(template).render(**data).translate(_BRACES)


_modules: dict[str, object] = {}


def part(template: str, macro: str, *args: object, **kwargs: object) -> str:
    """One macro of a template file: the files group a page's parts, one macro each.
    A template's module is made once: its macros keep no state between calls."""
    return finished_part(template, macro, *args, **kwargs).translate(_BRACES)


def finished_part(template: str, macro: str, *args: object, **kwargs: object) -> str:
    """A part for a finished page (its <head>, after mkdocs-macros has run), where a
    brace is only a brace: JSON-LD keeps its own."""
    module = _modules.get(template)
    if module is None:
        module = _modules[template] = ENV.get_template(template).module
    return str(getattr(module, macro)(*args, **kwargs))
