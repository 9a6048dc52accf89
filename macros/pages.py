"""The pages generated from the data: one per case, one per model, and one per first
letter of the cases' names (plain links to every case).

``generated_pages`` returns (path below docs/, Markdown) pairs. The MkDocs hook adds
them to the build in memory; for a generator without hooks, ``steps`` writes them out.
"""

from __future__ import annotations

import re
import zlib

from . import urls
from .model import Casebook
from .views.cases import browse_page, browse_pages, case_page, former_page, unbuilt_page
from .views.related import relations
from .views.markdown import BLOCK_END, BLOCK_START
from .views.typology import model_page, model_terms


def generated_pages(casebook: Casebook, site_url: str, repo_url: str = "") -> list[tuple[str, str]]:
    related = relations(casebook)
    pages = [(urls.case_src(c.id), case_page(casebook, c, site_url, repo_url, related)) for c in casebook.cases]
    pages += [(urls.model_src(t.id), model_page(casebook, t)) for t in model_terms(casebook)]
    pages += [(urls.browse_src(k, n), browse_page(casebook, k, n)) for k, n in browse_pages(casebook)]
    pages += [(urls.case_src(i), former_page(casebook, entry)) for i, entry in casebook.former_entries.items()]
    return pages


def unbuilt_pages(casebook: Casebook, left_out: tuple[str, ...]) -> list[tuple[str, str]]:
    """The preview's pages at the addresses of case files it left out for their problems
    (an address a valid case or a former id holds keeps its page)."""
    taken = {c.id for c in casebook.cases} | set(casebook.former_entries)
    return [(urls.case_src(i), unbuilt_page(i)) for i in left_out if i not in taken and urls.is_case_id(i)]


_BLOCK = re.compile(re.escape(BLOCK_START) + ".*?" + re.escape(BLOCK_END), re.S)
_PLACEHOLDER = re.compile(r"<!-- cb-block (\d+) -->")


def problems_banner(html: str, problems: list, left_out: bool = False) -> str:
    """The page with the data's problems at the top of its content: what a preview shows
    while a saved file is invalid, in place of the page it would otherwise leave hanging.
    ``left_out``: the preview left the files with problems out (else it shows the last
    valid version of the data)."""
    from .problems import InvalidData
    from .views.render import render

    banner = render("banner.html", report=InvalidData(problems).report(), left_out=left_out)
    from .search import CONTENT

    # At the top of the page's content, or of its body on a page without (the 404 page).
    marker = re.search(rf"<[a-z]+ {CONTENT}[^>]*>", html) or re.search(r"<body[^>]*>", html)
    at = marker.end() if marker else 0
    return html[:at] + banner + html[at:]


def stash_blocks(markdown: str) -> tuple[str, list[str]]:
    """Markdown with each rendered HTML block replaced by a comment, and the blocks.
    Data inside a block is escaped, so it cannot hold a block's end marker."""
    blocks: list[str] = []

    def keep(match: re.Match) -> str:
        blocks.append(match.group())
        return f"<!-- cb-block {len(blocks) - 1} -->"

    return _BLOCK.sub(keep, markdown), blocks


def restore_blocks(html: str, blocks: list[str]) -> str:
    return _PLACEHOLDER.sub(lambda m: blocks[int(m.group(1))], html)


# MkDocs 1.6 renders every page's content before it writes any page, and holds it all
# meanwhile: at thousands of cases the contents are most of a build's memory. A page's
# content waits compressed (about a fifth of its size) behind this marker, and goes
# back into the page as it is written. The theme looks into the content for one thing,
# whether it has its own <h1> (else it adds the title as one): the marker says so too.
SHELF_MARK = "<!-- cb-shelved-content -->"
SHELF_MARK_H1 = "<!-- cb-shelved-content, with its <h1 -->"
_H1 = re.compile(r"<h1[\s>]")


def shelve(html: str) -> tuple[str, bytes]:
    """The marker that stands for the content while it waits, and the content, compressed."""
    return SHELF_MARK_H1 if _H1.search(html) else SHELF_MARK, zlib.compress(html.encode("utf-8"), 1)


def unshelve(output: str, shelved: bytes | None) -> str:
    """The written page with its content back in place of the marker."""
    if shelved is None:
        return output
    mark = SHELF_MARK_H1 if SHELF_MARK_H1 in output else SHELF_MARK
    return output.replace(mark, zlib.decompress(shelved).decode("utf-8"), 1)
