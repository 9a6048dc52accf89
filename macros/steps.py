"""The build steps around any site generator: before it, the generated pages; after
it, the open data, each page's tags for machines, search marking and
Content-Security-Policy, then the search index. The MkDocs hook runs them page by
page, in memory; for a generator without hooks (Zensical) the command line runs them
on files:

    python -m macros prepare-docs .zensical/docs   # docs/ plus the generated pages
    zensical build -f .zensical.yml                  # reads .zensical/docs
    python -m macros finish-site site-zensical      # open data, pages finished, search
"""

from __future__ import annotations

import gzip
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from . import export, glossary, meta, page_head, search, security, urls
from .model import Casebook
from .pages import generated_pages


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
    html: str,
    path: str,
    casebook: Casebook,
    site_url: str,
    terms: list[glossary.Term],
    serving: bool = False,
) -> str:
    """One built page made final: its tags for machines (macros/meta.py) put at the end
    of its <head>, the first use of each glossary term marked, its body marked for
    search if it is indexed, then its Content-Security-Policy. ``path`` is the page's
    URL path below the site root ('cases/wigan-council/'). ``serving``: the page is for
    `mkdocs serve`, whose policy lets its reload script run. (A generated page's "Edit
    this page" link is the theme's, from the page's front matter: overrides/partials/actions.html.)"""
    head = page_head.read(html)
    html = html[: head.end] + meta.head_tags(casebook, site_url, path, head) + html[head.end :]
    # Every change from here on is in the body, after the head: the place read for the
    # policy (inside the head, before its end) still holds.
    html = search.mark(glossary.mark_first_uses(html, terms, urls.base_for(path)), path)
    return security.add_csp(html, serving=serving, at=head.policy_at)


def finish_site(casebook: Casebook, site_url: str, root: Path, site: Path) -> int:
    """The built site made final, on disk: open data written, every page finished,
    the search index written. Returns the number of pages finished."""
    export.write(export.exports(casebook, site_url, export.schema_files(root)), site)
    terms = glossary.terms_from(casebook.vocab("glossary"))
    pages = 0
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix().removesuffix("index.html")
        html = path.read_text(encoding="utf-8")
        path.write_text(finish_page(html, page, casebook, site_url, terms), encoding="utf-8")
        pages += 1
    sitemap_dates(casebook, site)
    search.index(site)
    return pages


_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_dates(casebook: Casebook, site: Path) -> None:
    """The sitemap's lastmod: a case page's is when its file last changed; a page the
    data does not date has none (the generator writes the build date, which says nothing).
    A former case address (moved.yaml) is left out. Read and written with ElementTree,
    so that whatever else the generator writes there is kept, escaped."""
    sitemap = site / "sitemap.xml"
    if not sitemap.exists():
        return
    former = casebook.former_entries
    urlset = ET.parse(sitemap).getroot()
    for url in list(urlset):
        loc = url.findtext(f"{{{_SITEMAP}}}loc", "")
        for lastmod in url.findall(f"{{{_SITEMAP}}}lastmod"):
            url.remove(lastmod)
        case_id = loc.rstrip("/").rsplit("/", 1)[-1] if "/cases/" in loc else None
        if case_id in former:
            urlset.remove(url)  # a former address: it points on, and asks not to be indexed
        elif case_id and casebook.has_case(case_id) and case_id in casebook.changed:
            lastmod = ET.Element(f"{{{_SITEMAP}}}lastmod")
            lastmod.text = casebook.changed[case_id][:10]
            url.insert(1, lastmod)
    ET.indent(urlset, space="  ")
    text = ET.tostring(urlset, encoding="UTF-8", xml_declaration=True, default_namespace=_SITEMAP) + b"\n"
    sitemap.write_bytes(text)
    packed = site / "sitemap.xml.gz"
    if packed.exists():
        packed.write_bytes(gzip.compress(text, mtime=0))
