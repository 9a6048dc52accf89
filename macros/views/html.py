"""Escaping and small HTML building blocks shared by every view."""

from __future__ import annotations

import html as _html
import re
from typing import Iterable, Sequence
from urllib.parse import urlsplit

NOT_RECORDED = "not recorded"
_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})


def esc(value: object) -> str:
    """Text -> HTML text, quotes included. Braces become character references so that
    nothing from the data can ever read as a Jinja expression, even by mistake."""
    return _html.escape(str(value), quote=True).translate(_BRACES)


def href(url: str) -> str | None:
    """An external URL ready for an href attribute, or None unless it is http(s)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"[\s<>\"']", url):
        return None
    return esc(url.strip())


def external_link(url: str, text: str | None = None) -> str:
    target = href(url)
    label = esc(text if text is not None else url)
    if target is None:
        return label
    return f'<a href="{target}" rel="noopener nofollow">{label}</a>'


def link(url: str, text: str) -> str:
    """A link within the site; ``url`` is built by the views, never taken from data."""
    return f'<a href="{esc(url)}">{esc(text)}</a>'


def not_recorded(what: str = "") -> str:
    about = f" ({esc(what)})" if what else ""
    return f'<span class="cb-not-recorded">{NOT_RECORDED}{about}</span>'


def caveat(text: str | None) -> str:
    if not text:
        return ""
    return f' <span class="cb-caveat"><strong>Uncertain:</strong> {esc(text)}</span>'


def ul(items: Iterable[str], cls: str = "") -> str:
    """A list of already-rendered items."""
    items = list(items)
    if not items:
        return ""
    attr = f' class="{cls}"' if cls else ""
    return f"<ul{attr}>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[str]], *,
          sortable: bool = True, row_headers: bool = True, cls: str = "",
          row_ids: Sequence[str] | None = None,
          table_id: str = "") -> str:
    """An accessible table: caption, column header cells, and the first cell of each
    row as a row header. Cells are already-rendered HTML. A sortable table gets sort
    buttons from docs/javascripts/tables.js; without JavaScript it is a plain table."""
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    body = []
    for index, row in enumerate(rows):
        cells = []
        for column, cell in enumerate(row):
            if column == 0 and row_headers:
                cells.append(f'<th scope="row">{cell}</th>')
            else:
                cells.append(f"<td>{cell}</td>")
        row_attr = f' data-case="{esc(row_ids[index])}"' if row_ids is not None else ""
        body.append(f"<tr{row_attr}>" + "".join(cells) + "</tr>")
    classes = " ".join(c for c in ("cb-table", cls) if c)
    sort_attr = " data-sortable" if sortable else ""
    id_attr = f' id="{esc(table_id)}"' if table_id else ""
    return (f'<div class="cb-table-wrap" role="region" aria-label="{esc(_strip(caption))}" tabindex="0">'
            f'<table class="{classes}"{sort_attr}{id_attr}><caption>{caption}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")


def _strip(markup: str) -> str:
    return _html.unescape(re.sub(r"<[^>]+>", "", markup))


BLOCK_START = '<div class="cb-block">'
BLOCK_END = "</div><!--/cb-block-->"


def block(markup: str) -> str:
    """Wrap rendered HTML as one raw block. Markdown would pass it through untouched;
    the site glue goes further and sets it aside while Markdown runs (pages.stash_blocks),
    which keeps big tables fast and data out of the Markdown parser altogether."""
    return f"\n\n{BLOCK_START}{markup}{BLOCK_END}\n\n"


def md_heading(level: int, text: str, anchor: str | None = None) -> str:
    """A Markdown heading (so it reaches the table of contents and search). The text
    is escaped for HTML, then for Markdown; braces last, as character references."""
    safe = _html.escape(str(text).replace("\n", " "), quote=False)
    safe = re.sub(r"([\\`*_\[\]#])", r"\\\1", safe).translate(_BRACES)
    attr = f" {{ #{anchor} }}" if anchor else ""
    return f"\n\n{'#' * level} {safe}{attr}\n\n"
