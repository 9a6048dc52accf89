"""Site search with Pagefind: which pages are indexed, and the index itself.

Pagefind indexes the finished site offline and the browser loads only the index
fragments a query needs (a metadata file that lists every page, and the chunk that
holds the query's words). Only the case pages and the study's own pages are indexed (their
<article> gets ``data-pagefind-body``); the generated comparison tables, the finder
and the reference pages would otherwise rank for every case's name.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# Page paths (as in their URL, no leading slash) that are not indexed.
_NOT_INDEXED = re.compile(r"^(cases/|comparisons/|browse/|data/|field-reference/|search/|404\.html)")
# Left out of the index: headings' permalink signs; tables, whose cells Pagefind
# would run together into one word ("CaseModelFunding"), and what they hold is on
# the pages of the cases they list; code examples; and a case page's links to other
# cases and its "not yet recorded" line, which would make it match other cases' names.
# Also the text every case page repeats (the drivers' introduction, the coding note, the
# way to report an error), whose words would point at every case and swell each word's
# list of pages; the numbered source references; whose reading a link is; and the
# study pages' lists of cases, so that a case's name finds the case's own page.
EXCLUDED = (
    ".headerlink, .cb-table-wrap, pre, .cb-breadcrumb, .cb-chips, .cb-unrecorded, .cb-related, .cb-pager, "
    ".cb-boilerplate, .cb-refs, .cb-basis, .cb-case-links"
)
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')


def indexed(page_path: str) -> bool:
    """Whether the page at this URL path ('cases/wigan-council/', '') is searchable."""
    if page_path.startswith("cases/") and page_path.count("/") == 2:
        return True  # a case page; cases/ itself is the finder
    return not _NOT_INDEXED.match(page_path)


def mark(html: str, page_path: str) -> str:
    """The page with its article marked as Pagefind's body, if it is indexed (a page
    that asks search engines not to index it, such as a former case's address, is not)."""
    if not indexed(page_path) or 'name="robots" content="noindex"' in html:
        return html
    return _ARTICLE.sub(r"\g<0> data-pagefind-body", html, count=1)


# Pagefind holds every page it indexes in memory until it writes the index (about
# 0.15 MB a case page). Above this many pages the index is written in equal parts, each
# by a Pagefind run of its own, and the browser merges them (search.js reads
# PARTS_FILE), so that no run outgrows 1 GB. Up to it, one index: a search's requests
# stay as few as they can be.
PART_PAGES = int(os.environ.get("CASEBOOK_SEARCH_PART_PAGES", "6000"))
PARTS_FILE = "pagefind/parts.json"


def index(site: Path, part_pages: int | None = None) -> None:
    """Write the search index into ``site/pagefind/``, in parts above ``part_pages``
    indexed pages (the other parts in ``pagefind/part-<n>/``), and the list of parts."""
    part_pages = part_pages or PART_PAGES
    site = Path(site).resolve()
    pages = sorted(p for p in site.rglob("*.html") if "data-pagefind-body" in p.read_text(encoding="utf-8"))
    size = -(-len(pages) // max(1, -(-len(pages) // part_pages)))  # the fewest parts, of equal size
    groups = [pages[i : i + size] for i in range(0, len(pages), size)] if pages else []
    if len(groups) <= 1:
        _pagefind(site, site / "pagefind")
    else:
        stage = site.parent / f".{site.name}-search-part"
        for number, group in enumerate(groups):
            shutil.rmtree(stage, ignore_errors=True)
            for page in group:  # the part's pages at their own paths, so their URLs stay
                target = stage / page.relative_to(site)
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(page, target)
                except OSError:  # a file system without hard links
                    shutil.copyfile(page, target)
            _pagefind(stage, site / "pagefind" / (f"part-{number}" if number else ""))
        shutil.rmtree(stage, ignore_errors=True)
    parts = [f"part-{n}/" for n in range(1, len(groups))]
    (site / PARTS_FILE).write_text(json.dumps({"parts": parts}) + "\n", encoding="utf-8")


def _pagefind(site: Path, output: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site),
            "--output-path",
            str(output),
            "--exclude-selectors",
            EXCLUDED,
            "--silent",
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind could not index {site}:\n{result.stdout}{result.stderr}")
