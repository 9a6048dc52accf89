"""Site search: which pages are indexed, and the index the browser reads a piece at a time.

What one search costs the reader must not grow with the casebook, so each word keeps
only its best pages (``LIMIT``) and the words are cut, in alphabetical order, into
chunks of about ``CHUNK_BYTES``. A search fetches the list of chunks (``search/index.json``:
one first word per chunk), the chunk of each word it asks for (and the next, where a
word's continuations run on: a word also finds the words it begins), and then one small
record per result shown (``search/pages/<path>index.json``). A word that more than
``LIMIT`` pages use answers with its best ``LIMIT``, and says how many use it; the
finder's filters list every case with a property.

Each page's score for a word weighs where the word is (title, headings, text) and how
often, saturating; the browser multiplies it by the word's rarity. Only the case pages
and the study's own pages are indexed (their <article> gets ``data-search-body``); the
generated comparison tables, the finder and the reference pages would otherwise rank for
every case's name. docs/javascripts/search.js reads the index.
"""

from __future__ import annotations

import heapq
import json
import re
import shutil
from collections import Counter
from pathlib import Path

from . import page_text

# Page paths (as in their URL, no leading slash) that are not indexed.
_NOT_INDEXED = re.compile(r"^(cases/|comparisons/|browse/|data/|field-reference/|search/|404\.html)")
# Left out of the index: code examples; headings' permalink signs; tables (what they hold
# is on the pages of the cases they list); a case page's links to other cases and its
# "not yet recorded" line, which would make it match other cases' names; the text every
# case page repeats (the drivers' introduction, the coding note, the way to report an
# error), whose words would point at every case; the numbered source references; whose
# reading a link is; and the study pages' lists of cases, so that a case's name finds the
# case's own page.
EXCLUDED_TAGS = {"pre", "script", "style", "svg"}
EXCLUDED_CLASSES = {
    "headerlink", "cb-table-wrap", "cb-breadcrumb", "cb-chips", "cb-unrecorded", "cb-related", "cb-pager",
    "cb-boilerplate", "cb-refs", "cb-basis", "cb-case-links",
}  # fmt: skip
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')

FOLDER = "search-index"
LIMIT = 40  # pages kept per word
CHUNK_BYTES = 48_000  # a chunk's size as written (about a quarter of that compressed)
EXCERPT_WORDS = 40
# A word in the title counts most, then in a heading, then in the text; each part's
# count saturates (n / (n + 1)), so that repeating a word does not outrank naming it.
WEIGHTS = {"title": 6.0, "headings": 2.0, "body": 1.0}


def indexed(page_path: str) -> bool:
    """Whether the page at this URL path ('cases/wigan-council/', '') is searchable."""
    if page_path.startswith("cases/") and page_path.count("/") == 2:
        return True  # a case page; cases/ itself is the finder
    return not _NOT_INDEXED.match(page_path)


def mark(html: str, page_path: str) -> str:
    """The page with its article marked as searchable, if it is indexed (a page that asks
    search engines not to index it, such as a former case's address, is not)."""
    if not indexed(page_path) or 'name="robots" content="noindex"' in html:
        return html
    return _ARTICLE.sub(rf"\g<0> {page_text.BODY}", html, count=1)


def scores(text: page_text.PageText) -> dict[str, float]:
    """Each word of a page and how well the page answers it."""
    counts = {
        "title": Counter(page_text.words(text.title)),
        "headings": Counter(page_text.words(" ".join(text.headings))),
        "body": Counter(page_text.words("".join(text.body))),
    }
    out: dict[str, float] = {}
    for part, counter in counts.items():
        for word, n in counter.items():
            out[word] = out.get(word, 0.0) + WEIGHTS[part] * n / (n + 1)
    return out


def record(path: str, text: page_text.PageText) -> dict:
    """What a result shows: its address, title and an excerpt (and a case's facts)."""
    meta = dict(text.meta)
    excerpt = meta.pop("summary", "") or " ".join("".join(text.body).split()[:EXCERPT_WORDS])
    out = {"url": path, "title": text.title or meta.get("title") or path or "Home", "excerpt": excerpt}
    return out | {k: v for k, v in sorted(meta.items()) if k in ("case_id", "model", "place", "status")}


def pages(site: Path):
    """(URL path, searchable text) of each indexed page of a built site, by path."""
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        path = relative.removesuffix("index.html")
        text = page_text.read(file.read_text(encoding="utf-8"), EXCLUDED_TAGS, EXCLUDED_CLASSES)
        if text is not None:
            yield path, text


def index(site: Path) -> int:
    """Write the search index into ``site/search/``; returns the number of pages in it.
    Memory stays at ``LIMIT`` entries a word, whatever the number of pages."""
    site = Path(site)
    out = site / FOLDER
    shutil.rmtree(out / "chunks", ignore_errors=True)
    shutil.rmtree(out / "pages", ignore_errors=True)
    best: dict[str, list[tuple[int, int]]] = {}  # word -> heap of (score, -page number)
    used: Counter[str] = Counter()  # word -> pages that have it
    paths: list[str] = []
    for number, (path, text) in enumerate(pages(site)):
        paths.append(path)
        target = out / "pages" / f"{path}index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(record(path, text), ensure_ascii=False), encoding="utf-8")
        for word, score in scores(text).items():
            used[word] += 1
            heap = best.setdefault(word, [])
            entry = (round(score * 100), -number)
            if len(heap) < LIMIT:
                heapq.heappush(heap, entry)
            elif entry > heap[0]:
                heapq.heapreplace(heap, entry)
    firsts = _write_chunks(out / "chunks", best, used, paths)
    manifest = {"version": 1, "pages": len(paths), "limit": LIMIT, "chunks": firsts}
    (out / "index.json").write_text(json.dumps(manifest, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(paths)


def _write_chunks(folder: Path, best, used, paths) -> list[str]:
    """Each word as [pages that use it, path, score, path, score, ...], best first, in
    chunks of equal size cut in alphabetical order (none larger than ``CHUNK_BYTES``
    but by one word, and no small last chunk, so that a word's chunk weighs about
    the same whatever the casebook's size); returns each chunk's first word."""
    folder.mkdir(parents=True, exist_ok=True)
    lists = {}
    for word in sorted(best):
        entries = [used[word]]
        for score, number in sorted(best[word], key=lambda e: (-e[0], -e[1])):
            entries += [paths[-number], score]
        lists[word] = entries
    sizes = {word: len(json.dumps(entries, ensure_ascii=False)) + len(word) + 4 for word, entries in lists.items()}
    total = sum(sizes.values())
    share = total / max(1, -(-total // CHUNK_BYTES))  # the fewest chunks, of equal size
    chunks: list[dict[str, list]] = []
    before = 0
    for word, entries in lists.items():
        number = min(int(before // share), -(-total // CHUNK_BYTES) - 1)
        if number >= len(chunks):
            chunks.append({})
        chunks[-1][word] = entries
        before += sizes[word]
    for number, chunk in enumerate(chunks):
        (folder / f"{number}.json").write_text(json.dumps(chunk, ensure_ascii=False), encoding="utf-8")
    return [next(iter(chunk)) for chunk in chunks]
