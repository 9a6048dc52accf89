"""Site search with Pagefind: which pages are indexed, what a case page tells the
index, and the index itself.

Pagefind (a kept library: the ``pagefind[bin]`` package) indexes the finished site
offline, so that both generators get the same search; the browser loads the pieces a
query needs. It stems words ("partnerships" finds "partnership"), answers a search of
several words with every page that has them all (search.js's casebookSearch makes
sure of it: Pagefind alone drops a word that no page has), and finds headings inside a page.

Every page a reader may look for is indexed: the cases, the study's pages, the
comparisons, the Data page and the field reference. Left out: the finder and the
letter pages (lists of every case, which would answer every name), the search page,
the 404 page and a former case's address. A case page also carries Pagefind filters
(its finder facets and its id: finder.search_filters), which the cases finder
combines with a query; docs/javascripts/search.js drives both.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

# Page paths (as in their URL, no leading slash) that are not indexed.
_NOT_INDEXED = re.compile(r"^(cases/$|browse/|search/|404\.html)")
# Left out of the index: headings' permalink signs; code examples (the citation's
# BibTeX and RIS, the Data page's commands); tables' column headings (Pagefind runs
# header cells together, and "Partner Type Role" answers nothing); a case page's links to other cases and its
# "not yet recorded" line, which would make it match other cases' names; the text every
# case page repeats (the drivers' introduction, the coding note, the way to report an
# error), whose words would point at every case; the numbered source references;
# whose reading a link is; and the study's credit on every page built from it (else
# "Oxford" or "school" would match them all).
EXCLUDED = (
    ".headerlink, pre, thead, .cb-breadcrumb, .cb-chips, .cb-unrecorded, .cb-related, .cb-pager, "
    ".cb-boilerplate, .cb-refs, .cb-basis, .cb-case-links, .cb-credit, .cb-propose-form, .cb-propose-result"
)
# The attribute that marks a page's own content in the site's template
# (overrides/main.html): the glossary and the preview's banner find it by this too.
CONTENT = "data-cb-content"
# Where Pagefind writes the index, below the site's root.
FOLDER = "pagefind"


def indexed(page_path: str) -> bool:
    """Whether the page at this URL path ('cases/wigan-council/', '') is searchable."""
    return not _NOT_INDEXED.match(page_path)


def mark(html: str, page_path: str) -> str:
    """The page with its content marked as Pagefind's body, if it is indexed (a page
    that asks search engines not to index it, such as a former case's address, is not)."""
    if not indexed(page_path) or 'name="robots" content="noindex"' in html:
        return html
    return html.replace(f" {CONTENT}>", f" {CONTENT} data-pagefind-body>", 1)


def index(site: Path) -> None:
    """Write the search index into ``site/pagefind/``."""
    site = Path(site).resolve()
    command = [
        sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(site / FOLDER),
        "--exclude-selectors", EXCLUDED, "--silent",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind could not index {site}:\n{result.stdout}{result.stderr}")
