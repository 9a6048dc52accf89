"""The two pieces of page Markdown the views write around their HTML: headings (so
that they reach the table of contents and search) and the wrapper that marks an
HTML block."""

from __future__ import annotations

import html
import re

_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})
BLOCK_START = '<div class="cb-block">'
BLOCK_END = "</div><!--/cb-block-->"


def block(markup: str) -> str:
    """Rendered HTML as one raw block. Markdown passes it through untouched; the MkDocs
    hook goes further and sets it aside while Markdown runs (pages.stash_blocks), which
    keeps big tables fast and data out of the Markdown parser altogether."""
    return f"\n\n{BLOCK_START}{markup.strip()}{BLOCK_END}\n\n"


def md_heading(level: int, text: str, anchor: str | None = None) -> str:
    """A Markdown heading. The text is escaped for HTML, then for Markdown; braces
    last, as character references, so that no heading can read as a template expression."""
    safe = html.escape(str(text).replace("\n", " "), quote=False)
    safe = re.sub(r"([\\`*_\[\]#])", r"\\\1", safe).translate(_BRACES)
    attr = f" {{ #{anchor} }}" if anchor else ""
    return f"\n\n{'#' * level} {safe}{attr}\n\n"
