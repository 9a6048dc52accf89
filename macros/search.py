"""Site search with Pagefind: which pages are indexed, and the index itself.

Pagefind indexes the finished site offline and the browser loads only the index
fragments a query needs, so a search costs about the same at ten cases as at
thousands. Only the case pages and the study's own pages are indexed (their
<article> gets ``data-pagefind-body``); the generated comparison tables, the finder
and the reference pages would otherwise rank for every case's name.
"""

from __future__ import annotations

import re
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
# list of pages; the numbered source references; and whose reading a link is.
EXCLUDED = (
    ".headerlink, .cb-table-wrap, pre, .cb-breadcrumb, .cb-chips, .cb-unrecorded, .cb-related, .cb-pager, "
    ".cb-boilerplate, .cb-refs, .cb-basis"
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


def index(site: Path) -> None:
    """Write the search index into ``site/pagefind/``."""
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--exclude-selectors", EXCLUDED, "--silent"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind could not index {site}:\n{result.stdout}{result.stderr}")
