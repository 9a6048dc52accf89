"""The build steps around any site generator: before it, the generated pages; after
it, the open data, each page's search marking, Content-Security-Policy and (for a
generated page) edit link, then the search index. The MkDocs hook runs them page by
page, in memory; for a generator without hooks (Zensical) the command line runs them
on files:

    python -m macros prepare-docs .zensical/docs   # docs/ plus the generated pages
    zensical build -f .zensical.yml                  # reads .zensical/docs
    python -m macros finish-site site-zensical      # open data, pages finished, search
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from . import export, glossary, search, security, urls
from .model import Casebook
from .pages import generated_pages, source_files


def prepare_docs(casebook: Casebook, site_url: str, docs: Path, target: Path, repo_url: str = "") -> list[Path]:
    """A copy of ``docs`` with the generated pages written into it: the hand-written
    pages are never touched, and a removed case leaves no page behind."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(docs, target)
    written = []
    for uri, content in generated_pages(casebook, site_url, repo_url):
        path = target / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def finish_page(
    html: str, path: str, terms: list[glossary.Term], edit_from: str | None = None, edit_to: str | None = None
) -> str:
    """One built page made final: the first use of each glossary term marked, its body
    marked for search if it is indexed, its edit link pointed at the data file it is
    made from (a generated page), then its Content-Security-Policy. ``path`` is the
    page's URL path below the site root ('cases/wigan-council/')."""
    html = search.mark(glossary.mark_first_uses(html, terms, urls.base_for(path)), path)
    if edit_from and edit_to:
        html = re.sub(r'(href="[^"]*/edit/[^"/]+/)docs/' + re.escape(edit_from) + '"', r"\g<1>" + edit_to + '"', html)
    return security.add_csp(html)


def finish_site(casebook: Casebook, site_url: str, root: Path, site: Path) -> int:
    """The built site made final, on disk: open data written, every page finished,
    the search index written. Returns the number of pages finished."""
    export.write(export.exports(casebook, site_url, export.schema_files(root)), site)
    sources = source_files(casebook)
    terms = glossary.terms_from(casebook.vocab("glossary"))
    pages = 0
    for path in sorted(site.rglob("*.html")):
        folder = path.relative_to(site).parent.as_posix()
        uri = ("" if folder == "." else folder + "/") + "index.md"
        page = path.relative_to(site).as_posix().removesuffix("index.html")
        html = path.read_text(encoding="utf-8")
        path.write_text(finish_page(html, page, terms, uri, sources.get(uri)), encoding="utf-8")
        pages += 1
    search.index(site)
    return pages
