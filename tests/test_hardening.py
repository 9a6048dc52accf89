"""Hostile and broken contributions never break, deface or silently change the site."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, ROOT, copy_project, run_cli
from macros.loader import validate_project
from site_build import article, build, csp_mismatches, page, search_records, text

HOSTILE = FIXTURES / "hostile"
DANGEROUS_URL = re.compile(r"^\s*(javascript|data|vbscript)\s*:", re.I)


# ---- Rejected: located messages -------------------------------------------------


@pytest.mark.parametrize("path", sorted((HOSTILE / "rejected").glob("*.yaml")), ids=lambda p: p.stem)
def test_hostile_file_is_rejected_with_a_located_message(capsys, path):
    code, out, _ = run_cli(capsys, "validate", path)
    assert code == 1
    expect = re.match(r"# expect: (\d+):(\d+) (\S+)", path.read_text().splitlines()[0])
    assert f"{path.name}:{expect[1]}:{expect[2]}: {expect[3]}:" in out, out


# ---- Inert: built, and shown as text --------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    for path in (HOSTILE / "inert").glob("*.yaml"):
        shutil.copy(path, project / "cases" / path.name)
    out = project.parent / "site"
    result = build(project, out)
    assert result.returncode == 0, result.stderr
    return out


def scripts(soup) -> list[str]:
    """The scripts a browser runs (a JSON-LD block is data, checked on its own)."""
    return [s.get("src") or s.get_text() for s in soup.find_all("script") if s.get("type") != "application/ld+json"]


def test_hostile_text_is_inert_on_its_page(hostile_site):
    soup = page(hostile_site, "cases/hostile-text")
    reference = page(hostile_site, "cases/golden-key")
    # The same scripts as any other case page: none added by the data.
    assert scripts(soup) == scripts(reference)
    # Its JSON-LD holds the text as data: parsed, it is the summary; no "<" can close the block.
    (block,) = [s for s in soup.find_all("script") if s.get("type") == "application/ld+json"]
    assert "<" not in block.string
    assert json.loads(block.string)["description"].startswith("<script>alert('summary')</script>")
    body = article(soup)
    for node in body.find_all(True):
        for name, value in node.attrs.items():
            assert not name.lower().startswith("on"), f"event handler {name} on <{node.name}>"
            values = value if isinstance(value, list) else [value]
            for v in values:
                if name.lower() in ("href", "src", "action", "data", "formaction", "xlink:href"):
                    assert not DANGEROUS_URL.match(v), f"{name}={v!r}"
    assert not body.find_all(["iframe", "object", "embed", "form", "input", "style", "link", "base", "meta"])
    assert all(
        a.get("href", "").startswith(("http://", "https://", "#", "../", "./")) or a.get("href") == ""
        for a in body.find_all("a")
    ), [a.get("href") for a in body.find_all("a")]


def test_hostile_text_is_shown_literally(hostile_site):
    shown = text(article(page(hostile_site, "cases/hostile-text")))
    for payload in (
        "<script>alert('summary')</script>",
        "{{ config }}",
        "{% include 'mkdocs.yml' %}",
        "{{ ''.__class__.__mro__ }}",
        "{{ cases_overview() }}",
        "[click me](javascript:alert('scope'))",
        "&#106;avascript:alert('entity')",
        "&lt;script&gt;alert('escaped')&lt;/script&gt;",
        "| a | table | break |",
        "`backtick`",
        "{{ macros_info() }}",
        "</blockquote><script>alert('quote')</script>",
        'Robert\'); DROP TABLE cases; -- & "quotes" %s &amp; &#60;b&#62;',
    ):
        assert " ".join(payload.split()) in shown, payload
    # Nothing was evaluated: no configuration, file content or environment leaked.
    assert "markdown_extensions" not in shown and "repo_url" not in shown  # mkdocs.yml, included
    assert "<class" not in shown and "PATH=" not in shown  # Python objects, the environment


def test_hostile_text_does_not_break_tables_or_other_pages(hostile_site):
    body = article(page(hostile_site, "cases/hostile-text"))
    assert len(body.find_all("table")) == 1  # the partners table, whole
    overview = article(page(hostile_site, "cases")).select_one("table")
    rows = overview.select("tbody tr")
    assert all(len(r.find_all(["td", "th"])) == 6 for r in rows)
    assert any("DROP TABLE" in text(r) for r in rows)
    # Each page carries the same scripts as an untouched page at the same depth.
    for path, reference in (
        ("comparisons/drivers", "comparisons/partners"),
        ("comparisons/funding", "comparisons/partners"),
        ("typology/agents-of-change", "typology/collaborative-councils"),
    ):
        soup = page(hostile_site, path)
        assert scripts(soup) == scripts(page(hostile_site, reference)), path
        assert not article(soup).find_all(["iframe", "object", "embed", "form"])
        assert not any(n.name == "script" for n in article(soup).find_all(True))


def test_search_index_holds_data_as_text_the_way_the_page_shows_it(hostile_site):
    """The index keeps a page's text, not its markup: the hostile summary is the
    result's summary as the characters a reader sees, and in the indexed text, and the
    search page writes results as text (docs/javascripts/search.js)."""
    record = search_records(hostile_site)["/cases/hostile-text/"]
    shown = text(article(page(hostile_site, "cases/hostile-text")).select_one(".cb-summary"))
    assert " ".join(record["meta"]["summary"].split()) == " ".join(shown.split())
    assert "<script>alert('summary')</script>" in shown  # the words, on the page as text
    assert "<script>alert('summary')</script>" in record["content"]
    script = (ROOT / "docs" / "javascripts" / "search.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script


def test_every_page_carries_a_csp_that_allows_only_its_own_scripts(hostile_site):
    mismatched = set(csp_mismatches(hostile_site))  # read once, not once per page
    for html_file in sorted(hostile_site.rglob("*.html")):
        html = html_file.read_text()
        soup = BeautifulSoup(html, "html.parser")
        meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None, html_file
        policy = dict(p.strip().split(" ", 1) for p in meta["content"].split(";"))
        assert policy["default-src"] == "'self'" and policy["style-src"] == "'self'"
        assert "'unsafe-inline'" not in meta["content"] and "'unsafe-eval'" not in meta["content"]
        # WebAssembly (Pagefind) only on the two pages that run it: the search page and the finder.
        runs_pagefind = html_file.relative_to(hostile_site).as_posix() in ("search/index.html", "cases/index.html")
        assert ("'wasm-unsafe-eval'" in policy["script-src"]) == runs_pagefind, html_file
        assert html_file.relative_to(hostile_site).as_posix() not in mismatched
        first_script = html.find("<script")
        assert first_script == -1 or html.find("Content-Security-Policy") < first_script


def test_no_page_requests_a_third_party(hostile_site):
    for html_file in sorted(hostile_site.rglob("*.html")):
        soup = BeautifulSoup(html_file.read_text(), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
            for node in soup.find_all(tag):
                value = node.get(attr, "")
                if tag == "link" and "canonical" in node.get("rel", []) or not value:
                    continue
                assert not re.match(r"^(https?:)?//", value), f"{html_file}: <{tag} {attr}={value}>"


# ---- Failing closed ------------------------------------------------------------


@pytest.mark.site
def test_an_undefined_macro_variable_fails_the_build(project_copy, tmp_path):
    project = project_copy
    page_path = project / "docs" / "about" / "index.md"
    page_path.write_text(page_path.read_text() + "\n{{ no_such_variable }}\n")
    result = build(project, tmp_path / "out")
    assert result.returncode != 0
    assert "no_such_variable" in result.stderr


@pytest.mark.site
def test_an_invalid_case_stops_the_build_before_any_page_is_written(project_copy, tmp_path):
    project = project_copy
    shutil.copy(FIXTURES / "invalid" / "duplicate-key" / "duplicate-key.yaml", project / "cases")
    out = tmp_path / "out"
    result = build(project, out)
    assert result.returncode != 0
    assert "cases/duplicate-key.yaml:12:1: model: the field `model` appears twice" in result.stderr
    assert not out.exists()


# ---- Property-based: mutations of valid files ----------------------------------

VALID = sorted((ROOT / "cases").glob("*.yaml"))


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, prefix + (index,))


def _get(value, path):
    for part in path:
        value = value[part]
    return value


odd_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.lists(st.text(max_size=10), max_size=3),
    st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=2),
)


@st.composite
def mutated_case(draw):
    source = draw(st.sampled_from(VALID))
    data = yaml.safe_load(source.read_text())
    paths = [p for p in _paths(data) if p]
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        path = draw(st.sampled_from(paths))
        parent = _get(data, path[:-1])
        op = draw(st.sampled_from(["delete", "rename", "retype", "unicode"]))
        key = path[-1]
        if op == "delete":
            del parent[key]
        elif op == "rename" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=12))] = parent.pop(key)
        elif op == "retype":
            parent[key] = draw(odd_values)
        elif op == "unicode":
            parent[key] = draw(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    text_op = draw(st.sampled_from(["none", "truncate", "duplicate-line", "insert"]))
    if text_op == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    elif text_op == "duplicate-line":
        lines = text.splitlines(keepends=True)
        index = draw(st.integers(0, len(lines) - 1))
        lines.insert(index, lines[index])
        text = "".join(lines)
    elif text_op == "insert":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.text(max_size=5)) + text[at:]
    return source.name, text


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutated_case())
def test_mutated_case_files_validate_or_fail_with_a_location(tmp_path, mutated):
    name, content = mutated
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8", "surrogatepass"))
    casebook, problems = validate_project(ROOT, [path])
    assert (casebook is None) == bool(problems)
    for problem in problems:
        assert problem.path.endswith(name)
        assert problem.line >= 1 and problem.column >= 1
        assert problem.code and problem.message and "Traceback" not in problem.message


@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash_the_loader(tmp_path_factory, blob):
    path = tmp_path_factory.mktemp("bytes") / "random-bytes.yaml"
    path.write_bytes(blob)
    casebook, problems = validate_project(ROOT, [path])
    assert problems and all(p.line >= 1 and p.column >= 1 for p in problems)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutated_case())
def test_fast_and_thorough_schema_checks_agree(tmp_path, mutated):
    """The compiled validator decides which files python-jsonschema explains; the two
    must give the same verdict, or an invalid file could pass unexplained."""
    from macros.load import load_file

    name, content = mutated
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8", "surrogatepass"))
    doc, problems = load_file(path, name)
    if doc is None:
        return
    check = _schema_check()
    assert check.fast.is_valid(doc.data) == (not list(check.full.iter_errors(doc.data)))


_check_cache: list = []


def _schema_check():
    if not _check_cache:
        from macros.loader import load_casebook
        from macros.model import thaw
        from macros.validate import SchemaCheck

        _check_cache.append(SchemaCheck(thaw(load_casebook(ROOT).case_schema)))
    return _check_cache[0]


def test_fast_and_thorough_schema_checks_agree_on_every_fixture():
    from macros.load import load_file

    check = _schema_check()
    paths = [
        *sorted((FIXTURES / "invalid").glob("*/*.yaml")),
        *sorted((ROOT / "cases").glob("*.yaml")),
        *sorted((HOSTILE).glob("*/*.yaml")),
    ]
    for path in paths:
        doc, _ = load_file(path, path.name)
        if doc is not None:
            assert check.fast.is_valid(doc.data) == (not list(check.full.iter_errors(doc.data))), path


@pytest.mark.browser
def test_hostile_text_reaches_the_finder_and_search_results_as_text(hostile_site):
    """In a real browser: the finder's rows and the search page's results show the
    hostile case's name and summary as the raw file has them, and nothing runs."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from browser import BROWSER, CHROMIUM_ARGS, serve

    raw = yaml.safe_load((HOSTILE / "inert" / "hostile-text.yaml").read_text(encoding="utf-8"))
    with serve(hostile_site) as base, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=BROWSER, args=CHROMIUM_ARGS)
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(base + "cases/?q=alert", wait_until="networkidle")
        row = page.locator('#cb-cases-table tbody tr[data-case="hostile-text"]')
        row.wait_for(timeout=30_000)
        assert row.locator("th a").inner_text() == raw["name"]
        assert row.locator('td[data-label="Summary"]').inner_text() == raw["summary"]
        page.goto(base + "search/?q=alert", wait_until="networkidle")
        result = page.locator("#cb-search-results > li").filter(has_text=raw["name"])
        result.wait_for(timeout=30_000)
        assert result.locator("a.cb-result-title").inner_text() == raw["name"]
        # Only the search's own marks and links are elements; the text is text.
        tags = result.evaluate("li => [...li.querySelectorAll('*')].map(e => e.tagName)")
        assert set(tags) <= {"A", "P", "MARK", "UL", "LI"}, tags
        browser.close()
    assert dialogs == []
