"""Search and the cases finder in a real browser, at 10 and at 1,000 cases: every match
counted, word forms found, several words answered together, downloads that hold what
the finder says it shows.

The expectations come from a second route, not from the index: the built pages read
with BeautifulSoup (site_build.searchable_texts) and the raw case files. Pagefind
stems words, so a search for a word finds at least the pages with that exact word and
at most the pages with a word that begins with its stem."""

from __future__ import annotations

import csv
import datetime
import io
import re
from pathlib import Path

import pytest

from conftest import copy_project
from site_build import build, searchable_texts

pytestmark = [pytest.mark.site, pytest.mark.browser]

LARGE = 1000


@pytest.fixture(scope="module", params=[0, LARGE], ids=["10-cases", "1000-cases"])
def searched(request, chromium, tmp_path_factory):
    """(site, served base address, a page in chromium, the site's searchable texts):
    the casebook's own cases, then with LARGE synthetic cases added."""
    from browser import serve
    from macros.cli import main

    project = copy_project(tmp_path_factory.mktemp("search") / "project")
    if request.param:
        assert main(["synth", "--count", str(request.param), "--out", str(project / "cases")]) == 0
    site = project.parent / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr
    with serve(site) as base:
        context = chromium.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
        yield site, base, context.new_page(), searchable_texts(site)
        context.close()


def _pages(texts: dict[str, str], *patterns: str) -> set[str]:
    return {path for path, body in texts.items() if all(re.search(p, body) for p in patterns)}


def _cases(paths: set[str]) -> set[str]:
    return {m[1] for p in paths if (m := re.fullmatch(r"/cases/([^/]+)/", p))}


def _exact(word: str) -> str:
    return rf"\b{word}\b"


def _stem(stem: str) -> str:
    return rf"\b{stem}\w*"


def _finder(page, base: str, query: str) -> tuple[int, set[str], str]:
    """The finder's count for the words, and the ids in its CSV download and the file's name."""
    page.goto(base + "cases/?q=" + query.replace(" ", "+"), wait_until="networkidle")
    status = page.locator("#cb-status")
    status.filter(has_not_text="Finding").filter(has_text=re.compile("match")).wait_for(timeout=60_000)
    said = status.inner_text()
    if said.startswith("No case"):
        return 0, set(), ""
    count = int(re.search(r"(?:of|all|the) (\d+) cases? that match", said)[1])
    with page.expect_download(timeout=120_000) as download:
        page.locator("#cb-downloads").get_by_role("button", name="CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    return count, {r["id"] for r in rows}, download.value.suggested_filename


def _search_count(page, base: str, query: str) -> int:
    page.goto(base + "search/?q=" + query.replace(" ", "+"), wait_until="networkidle")
    status = page.locator("#cb-search-status")
    status.filter(has_text=re.compile("match")).wait_for(timeout=60_000)
    said = status.inner_text()
    return 0 if said.startswith("Nothing") else int(re.match(r"(\d+) pages? match", said)[1])


# word: its stem as Pagefind's English stemmer cuts it (an upper bound for the forms found)
WORDS = {"council": "council", "partnership": "partnership", "youth": "youth", "housing": "hous"}


@pytest.mark.parametrize("word", sorted(WORDS))
def test_every_case_page_with_a_word_is_counted_and_downloaded(searched, word):
    site, base, page, texts = searched
    least = _pages(texts, _exact(word))
    most = _pages(texts, _stem(WORDS[word]))
    count, ids, name = _finder(page, base, word)
    assert count == len(ids), (word, count, len(ids))  # the download holds what it says it shows
    assert _cases(least) <= ids <= _cases(most), word
    if ids:
        assert name == f"cases-{word}-{datetime.date.today().isoformat()}.csv"
    # The search page counts every page with the word, the study's pages too.
    assert len(least) <= _search_count(page, base, word) <= len(most), word


FORMS = [("partnerships", "partnership"), ("councils", "council"), ("funded", "fund")]


@pytest.mark.parametrize(("form", "stem"), FORMS)
def test_a_plural_or_past_form_finds_at_least_what_its_stem_finds(searched, form, stem):
    site, base, page, texts = searched
    _, by_form, _ = _finder(page, base, form)
    _, by_stem, _ = _finder(page, base, stem)
    assert by_stem <= by_form, (form, sorted(by_stem - by_form)[:5])
    assert _cases(_pages(texts, _exact(form))) <= by_form


def test_a_word_no_page_has_leaves_a_search_of_several_words_empty(searched):
    """Every word must be on a page: a made-up word beside a common one finds nothing,
    in the finder (no download offered) and on the search page (Pagefind alone would
    drop the unknown word and answer for the common one)."""
    site, base, page, texts = searched
    made_up = "zqxjvw"
    assert not _pages(texts, _stem(made_up))  # the second route: no page has it
    assert _pages(texts, _exact("council"))
    for query in (f"council {made_up}", f"{made_up} council"):
        assert _finder(page, base, query) == (0, set(), ""), query
        assert _search_count(page, base, query) == 0, query


def test_two_words_find_the_pages_that_have_both(searched):
    site, base, page, texts = searched
    words = ("youth", "housing") if len(texts) > 100 else ("council", "residents")
    least = _pages(texts, *(_exact(w) for w in words))
    most = _pages(texts, *(_stem(WORDS.get(w, w)) for w in words))
    assert least, words  # the words are chosen so that some pages have both
    assert len(least) > 40 or len(texts) < 100  # at 1,000 cases: more than a word's top 40 pages
    count, ids, _ = _finder(page, base, " ".join(words))
    assert count == len(ids) and _cases(least) <= ids <= _cases(most), words
    assert len(least) <= _search_count(page, base, " ".join(words)) <= len(most)
