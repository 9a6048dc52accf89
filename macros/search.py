"""Site search: which pages are indexed, and the index the browser reads a piece at a time.

What one search costs the reader must not grow with the casebook. So each word lists
its best ``LIMIT`` pages (and how many pages use it), and the words are cut, in
alphabetical order, into chunks of equal size, at most about ``CHUNK_BYTES``. A search
fetches the list of chunks (``search-index/index.json``: each chunk's first word), the
chunk of each word asked (and the next, where the word's continuations run on: a word
of three letters or more also finds the words it begins), and one small record per
result shown (``search-index/pages/<path>index.json``). Pages must have every word
asked. The rest of a long list waits in ``search-index/more/<word>/<n>.json``
(``MORE`` pages each), fetched only when the reader asks for every match: a search of
two common words otherwise answers from each word's best pages, and says so.

Each page's score for a word weighs where the word is (title, headings, text) and how
often, saturating; the browser multiplies it by the word's rarity. Only the case pages
and the study's own pages are indexed (their <article> gets ``data-search-body``); the
generated comparison tables, the finder and the reference pages would otherwise rank
for every case's name. docs/javascripts/search.js reads the index.
"""

from __future__ import annotations

import json
import re
import shutil
from array import array
from collections import Counter
from pathlib import Path

from . import page_text

# Page paths (as in their URL, no leading slash) that are not indexed.
_NOT_INDEXED = re.compile(r"^(cases/|comparisons/|browse/|data/|field-reference/|search/|404\.html)")
# Left out of the index: code examples; headings' permalink signs; a case page's links to
# other cases and its "not yet recorded" line, which would make it match other cases'
# names; the text every case page repeats (the drivers' introduction, the coding note,
# the way to report an error); the numbered source references; whose reading a link is;
# and the study pages' lists and tables of cases, so that a case's name finds the case's
# own page. Tables are indexed (a case's partners, the study's tables): page_text puts a
# space between cells, so they do not run together.
EXCLUDED_TAGS = {"pre", "script", "style", "svg"}
EXCLUDED_CLASSES = {
    "headerlink", "cb-breadcrumb", "cb-chips", "cb-unrecorded", "cb-related", "cb-pager",
    "cb-boilerplate", "cb-refs", "cb-basis", "cb-case-links",
}  # fmt: skip
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')

FOLDER = "search-index"
LIMIT = 40  # pages a word lists in its chunk, the best first
MORE = 1000  # pages in each further file of a word's list (search-index/more/<word>/<n>.json)
CHUNK_BYTES = 48_000  # a chunk's size as written (about a quarter of that compressed)
EXCERPT_WORDS = 40
TEXT_CHARS = 8000  # the start of a page's text in its record, for passages around a match
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
    """What a result shows: its address, title, an excerpt (a case's summary, else the
    page's first words), a case's facts, and the start of the page's text, from which
    the browser shows the passage with the words asked when the excerpt lacks them."""
    meta = dict(text.meta)
    body = " ".join("".join(text.flow).split())
    excerpt = meta.pop("summary", "") or " ".join("".join(text.body).split()[:EXCERPT_WORDS])
    out = {"url": path, "title": text.title or meta.get("title") or path or "Home", "excerpt": excerpt}
    out |= {k: v for k, v in sorted(meta.items()) if k in ("case_id", "model", "place", "status")}
    return out | {"text": body if len(body) <= TEXT_CHARS else body[: body.rfind(" ", 0, TEXT_CHARS)]}


def pages(site: Path):
    """(URL path, searchable text) of each indexed page of a built site, by path."""
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        path = relative.removesuffix("index.html")
        text = page_text.read(file.read_text(encoding="utf-8"), EXCLUDED_TAGS, EXCLUDED_CLASSES)
        if text is not None:
            yield path, text


def index(site: Path) -> int:
    """Write the search index into ``site/search-index/``; returns the number of pages
    in it. Each word's pages are held as two numbers each (score, page) until written."""
    site = Path(site)
    out = site / FOLDER
    for part in ("chunks", "pages", "more"):
        shutil.rmtree(out / part, ignore_errors=True)
    postings: dict[str, array] = {}  # word -> score, page number, score, page number, ...
    paths: list[str] = []
    for number, (path, text) in enumerate(pages(site)):
        paths.append(path)
        target = out / "pages" / f"{path}index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(record(path, text), ensure_ascii=False), encoding="utf-8")
        for word, score in scores(text).items():
            postings.setdefault(word, array("l")).extend((round(score * 100), number))
    lists = {}
    for word in sorted(postings):
        numbers = postings.pop(word)
        ranked = sorted(zip(numbers[0::2], numbers[1::2], strict=True), key=lambda e: (-e[0], e[1]))
        flat = [x for score, number in ranked for x in (paths[number], score)]
        lists[word] = [len(ranked), *flat[: 2 * LIMIT]]
        for n, start in enumerate(range(2 * LIMIT, len(flat), 2 * MORE), start=1):
            target = out / "more" / word / f"{n}.json"  # a word is letters and digits: a safe name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(flat[start : start + 2 * MORE], ensure_ascii=False), encoding="utf-8")
    firsts = _write_chunks(out / "chunks", lists)
    manifest = {"version": 1, "pages": len(paths), "limit": LIMIT, "more": MORE, "chunks": firsts}
    (out / "index.json").write_text(json.dumps(manifest, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(paths)


def _write_chunks(folder: Path, lists: dict[str, list]) -> list[str]:
    """The words, each as [pages that use it, path, score, path, score, ...] (its best
    ``LIMIT`` pages), in chunks of equal size cut in alphabetical order (none larger
    than ``CHUNK_BYTES`` but by one word, and no small last chunk, so that a word's
    chunk weighs about the same whatever the casebook's size); returns each chunk's
    first word."""
    folder.mkdir(parents=True, exist_ok=True)
    sizes = {word: len(json.dumps(entries, ensure_ascii=False)) + len(word) + 4 for word, entries in lists.items()}
    total = sum(sizes.values())
    count = max(1, -(-total // CHUNK_BYTES))  # the fewest chunks, of equal size
    chunks: list[dict[str, list]] = []
    before = 0
    for word, entries in lists.items():
        if min(int(before // (total / count)), count - 1) >= len(chunks):
            chunks.append({})
        chunks[-1][word] = entries
        before += sizes[word]
    for number, chunk in enumerate(chunks):
        (folder / f"{number}.json").write_text(json.dumps(chunk, ensure_ascii=False), encoding="utf-8")
    return [next(iter(chunk)) for chunk in chunks]
