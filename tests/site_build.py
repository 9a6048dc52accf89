"""Build the site with mkdocs into a folder, for tests that read the HTML back."""

from __future__ import annotations

import base64
import hashlib
import html.parser
import os
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup


def build(project: Path, out: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(out)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


def page(site: Path, url_path: str) -> BeautifulSoup:
    path = site / url_path / "index.html" if not url_path.endswith(".html") else site / url_path
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(soup: BeautifulSoup, marks: bool = False):
    """A page's content (its article's). The glossary's marks on first uses are unwrapped (their text
    kept) unless ``marks``, so that the text reads as the data wrote it."""
    node = soup.select_one("[data-cb-content]")  # overrides/main.html marks it
    if node is not None and not marks:
        for mark in node.select("a.cb-term, abbr"):
            mark.unwrap()
        node.smooth()
    return node


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


class PageLinks(html.parser.HTMLParser):
    WANTED = {"a": "href", "link": "href", "script": "src", "img": "src"}

    def __init__(self):
        super().__init__()
        self.links, self.scripts, self.csp, self._in_script = [], [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get(self.WANTED.get(tag, "")):
            self.links.append(attrs[self.WANTED[tag]])
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy":
            self.csp = attrs["content"]
        self._in_script = (
            [] if tag == "script" and not attrs.get("src") and attrs.get("type", "") in ("", "module") else None
        )

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script is not None:
            self.scripts.append("".join(self._in_script))
            self._in_script = None


def parse_page(path: Path) -> PageLinks:
    parser = PageLinks()
    parser.convert_charrefs = False  # script bodies hashed as written
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def csp_mismatches(site: Path) -> list[str]:
    """Pages whose policy does not allow exactly the scripts they hold, hashed here."""
    wrong = []
    for name in sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")):
        parsed = parse_page(site / name)
        hashes = {
            "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in parsed.scripts
        }
        policy = dict(p.strip().split(" ", 1) for p in (parsed.csp or "none x").split(";"))
        allowed = set(policy.get("script-src", "").split()) - {"'self'", "'wasm-unsafe-eval'"}
        if parsed.csp is None or allowed != hashes or "unsafe-inline" in parsed.csp:
            wrong.append(name)
    return wrong


def search_records(site: Path) -> dict[str, dict]:
    """What Pagefind indexed, read back from its own files: page URL ('/cases/x/', below
    the site's root) -> its record (url, content, meta, filters). Pagefind writes each
    page's record gzipped, after a signature."""
    import gzip
    import json

    records = {}
    for file in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(file.read_bytes())
        record = json.loads(data[len(b"pagefind_dcd") :])
        records[record["url"]] = record
    return records


# The elements Pagefind never indexes (its fossick/parser.rs, REMOVE_SELECTORS).
PAGEFIND_REMOVES = (
    "head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe", "template",
)  # fmt: skip


def searchable_texts(site: Path) -> dict[str, str]:
    """A second reading of what search should see, with BeautifulSoup: page URL ->
    the lower-case text of its searchable article, without what search leaves out."""
    from bs4 import BeautifulSoup

    from macros import search

    # What the casebook leaves out (search.EXCLUDED), and what Pagefind always does.
    skipped = ", ".join(["[data-pagefind-ignore]", search.EXCLUDED, *PAGEFIND_REMOVES])
    texts = {}
    for file in site.rglob("*.html"):
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        body = soup.find(attrs={"data-pagefind-body": True})
        if body is not None:
            for node in body.select(skipped):
                node.decompose()
            texts["/" + file.relative_to(site).as_posix().removesuffix("index.html")] = body.get_text(" ").lower()
    return texts
