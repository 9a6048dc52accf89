"""The internal link check of a built site (offline, for every pull request). The cases'
external web addresses are checked by lychee, on a schedule (.github/workflows/weekly.yml).

``internal_problems(site_dir, prefix)`` reads every HTML file and returns a line per
link that does not resolve to a file in the site, or to an anchor in that file.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


_LINKING = {"a": "href", "link": "href", "script": "src", "img": "src"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        wanted = _LINKING.get(tag)
        if wanted and attrs.get(wanted):
            self.links.append(attrs[wanted])


def _read(path: Path, cache: dict) -> _Collector:
    if path not in cache:
        collector = _Collector()
        collector.feed(path.read_text(encoding="utf-8", errors="replace"))
        cache[path] = collector
    return cache[path]


def resolve(site: Path, html_file: Path, link: str, prefix: str = "/") -> tuple[Path | None, str]:
    """The file an internal link points to (None for an external link) and its fragment.
    ``prefix`` is the path of the site's URL, which absolute links (404.html) start with."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None, ""
    if not parts.path:
        return html_file, parts.fragment
    if parts.path.startswith("/"):
        if not parts.path.startswith(prefix):
            return site / "__outside_the_site__", ""
        target = site / unquote(parts.path[len(prefix) :])
    else:
        target = html_file.parent / unquote(parts.path)
    target = target.resolve()
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def internal_problems(site: Path, prefix: str = "/") -> list[str]:
    site = site.resolve()
    cache: dict = {}
    problems = []
    for html_file in sorted(site.rglob("*.html")):
        for link in _read(html_file, cache).links:
            target, fragment = resolve(site, html_file, link, prefix)
            if target is None:
                continue
            where = f"{html_file.relative_to(site).as_posix()}: {link}"
            if not target.exists():
                problems.append(f"{where}: no such page or file")
            elif fragment and target.suffix == ".html" and fragment not in _read(target, cache).ids:
                problems.append(f"{where}: no anchor '{fragment}' on that page")
    return problems
