"""One core, any generator: the steps the MkDocs hook runs also run around a build
without hooks, and give the same site; links mean the same under any path prefix.

The tests marked ``zensical`` build with Zensical and ProperDocs, each in a virtual
environment of its own (`make zensical`, `make properdocs`): `.ci/run` runs them as
a step of their own, after the main suite."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from browser import serve
from conftest import ROOT, copy_project
from site_build import article, csp_mismatches, page, parse_page, text

pytestmark = pytest.mark.site


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def _crawl(site: Path, prefix: str) -> list[str]:
    """Every internal link of every page (but 404.html, whose links are absolute by
    design), fetched from the site served under ``prefix``: the ones that fail."""
    failed = []
    with serve(site, prefix) as base:
        seen: dict[str, bool] = {}
        for name in _pages(site):
            if name == "404.html":
                continue
            page_url = base + name.removesuffix("index.html")
            for link in parse_page(site / name).links:
                target = urljoin(page_url, link).split("#")[0]
                if urlsplit(target).netloc != urlsplit(base).netloc:
                    continue
                if target not in seen:
                    try:
                        with urllib.request.urlopen(target, timeout=10):
                            seen[target] = True
                    except urllib.error.URLError:
                        seen[target] = False
                if not seen[target]:
                    failed.append(f"{name}: {link}")
    return failed


@pytest.mark.parametrize("prefix", ["casebook", "a-fork/pages/deep"])
def test_links_resolve_under_any_path_prefix(site, prefix):
    assert _crawl(site, prefix) == []


def test_the_policy_names_exactly_each_pages_inline_scripts(site):
    assert csp_mismatches(site) == []


def test_a_broken_script_hash_is_caught(site, tmp_path):
    import shutil

    broken = tmp_path / "site"
    shutil.copytree(site, broken)
    page_file = broken / "about" / "index.html"
    page_file.write_text(page_file.read_text().replace("'sha256-", "'sha256-X", 1))
    assert csp_mismatches(broken) == ["about/index.html"]


def _edit_links(site: Path) -> dict[str, list[str]]:
    """Each page's "Edit this page" links, as the path below the repository they open."""
    links = {}
    for name in _pages(site):
        found = [a["href"] for a in page(site, name).select('a[rel="edit"], a.md-content__button[href*="/edit/"]')]
        links[name] = [re.sub(r"^.*?/edit/[^/]+/", "", href) for href in found]
    return links


def _edit_link_problems(site: Path, root: Path) -> list[str]:
    """Edit links to a file the repository does not hold, and pages that should have one
    and do not: a case page (its case file) and a hand-written page (its docs/ file)."""
    problems = []
    for name, targets in _edit_links(site).items():
        problems += [f"{name}: edits {t}, which does not exist" for t in targets if not (root / t).is_file()]
        folder = name.removesuffix("index.html")
        written = root / "docs" / folder / "index.md"
        case = root / "cases" / (folder.removeprefix("cases/").rstrip("/") + ".yaml")
        if name != "404.html" and (written.is_file() or (folder.startswith("cases/") and case.is_file())):
            if len(targets) != 1:
                problems.append(f"{name}: {len(targets)} edit links, not one")
    return problems


def test_every_edit_link_opens_a_file_that_exists(site, built):
    assert _edit_link_problems(site, built.root) == []
    links = _edit_links(site)
    # Not vacuous: hand-written pages and case pages have theirs, generated lists none.
    assert links["about/index.html"] == ["docs/about/index.md"]
    assert links["typology/agents-of-change/index.html"] == []


def test_the_edit_link_check_catches_a_link_to_a_missing_file(site, built, tmp_path):
    import shutil

    broken = tmp_path / "site"
    shutil.copytree(site, broken, ignore=shutil.ignore_patterns("*.json", "pagefind"))
    model_page = broken / "typology" / "agents-of-change" / "index.html"
    link = '<a href="https://github.com/o/r/edit/main/docs/typology/agents-of-change/index.md" rel="edit">Edit</a>'
    model_page.write_text(model_page.read_text().replace("</article>", link + "</article>", 1))
    assert _edit_link_problems(broken, built.root) == [
        "typology/agents-of-change/index.html: edits docs/typology/agents-of-change/index.md, which does not exist"
    ]


def test_every_generated_page_says_which_file_to_edit_or_none(site_casebook):
    """In its front matter, which the theme's edit link reads (overrides/partials/actions.html):
    a case page its case file, every other generated page none."""
    import yaml

    from macros.pages import generated_pages

    pages = dict(generated_pages(site_casebook, "/"))
    cases = {f"cases/{c.id}/index.md": f"cases/{c.id}.yaml" for c in site_casebook.cases}
    assert set(cases) <= set(pages)
    for uri, markdown in pages.items():
        front = yaml.safe_load(markdown.split("---\n", 2)[1])
        assert front["edit_source"] == cases.get(uri, ""), uri


def _same_site(reference: Path, other: Path, skip: tuple[str, ...] = ()) -> list[str]:
    """Differences in pages, page text and open data between two builds."""
    differences = []
    pages = [p for p in _pages(reference) if not p.startswith(skip)]
    missing = set(pages) - set(_pages(other))
    differences += [f"missing {p}" for p in sorted(missing)]
    for name in pages:
        if name in missing or name == "404.html":
            continue
        ours, theirs = article(page(reference, name)), article(page(other, name))
        for node in (ours, theirs):
            # Permalinks and the edit button are the theme's; where they sit
            # differs between generators, as does the spacing of highlighted code.
            for chrome in node.select("a.headerlink, a.md-content__button"):
                chrome.decompose()
        if "".join(text(ours).split()) != "".join(text(theirs).split()):
            differences.append(f"text of {name}")
    for data in sorted(
        p
        for p in reference.rglob("*")
        if p.is_file() and p.suffix != ".html" and p.relative_to(reference).parts[0] in ("data", "api", "schema")
    ):
        twin = other / data.relative_to(reference)
        if not twin.exists() or twin.read_bytes() != data.read_bytes():
            differences.append(f"data {data.relative_to(reference)}")
    return differences


def test_the_steps_without_the_hook_build_the_same_site(tmp_path, site, built):
    """MkDocs with no hooks, the generated pages written first and the site finished
    after: the route a generator without hooks takes, compared with the hook's site."""
    project = copy_project(tmp_path / "project") if built.root == ROOT else built.root
    config = project / "mkdocs-no-hooks.yml"
    text_config = (project / "mkdocs.yml").read_text()
    assert "hooks:\n  - macros/hooks.py\n" in text_config
    config.write_text(text_config.replace("hooks:\n  - macros/hooks.py\n", "") + "\ndocs_dir: prepared-docs\n")
    run = lambda *a: subprocess.run(
        [sys.executable, "-m", "macros", "--root", str(project), *map(str, a)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run("prepare-docs", project / "prepared-docs").returncode == 0
    out = tmp_path / "no-hooks-site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert run("finish-site", out).returncode == 0
    assert _same_site(site, out) == []
    assert csp_mismatches(out) == []
    edit = page(out, "cases/" + sorted((project / "cases").glob("*.yaml"))[0].stem).select_one("a.md-content__button")
    assert edit["href"].endswith("/edit/main/cases/" + sorted((project / "cases").glob("*.yaml"))[0].name)
    # MkDocs without the hook takes the generated pages for files in docs/, as Zensical does.
    assert _edit_link_problems(out, project) == []
    assert _edit_links(out) == _edit_links(site)


# ---- Other generators, each in an environment of its own ---------------------------


def _make(target: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", target], cwd=ROOT, capture_output=True, text=True, timeout=1200
    )


@pytest.mark.zensical
def test_zensical_builds_the_same_site(built):
    if built.root != ROOT:
        pytest.skip("make zensical builds the project's own data")
    result = _make("zensical")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "0 broken internal links." in result.stderr
    out = ROOT / "site-zensical"
    assert _same_site(built.out, out, skip=()) == []
    assert csp_mismatches(out) == []
    for prefix in ("casebook", "a-fork/pages/deep"):
        assert _crawl(out, prefix) == []
    edit = page(out, "cases/golden-key").select_one("a.md-content__button")
    assert edit["href"].endswith("/edit/main/cases/golden-key.yaml")
    assert _edit_link_problems(out, ROOT) == []


@pytest.mark.zensical
def test_properdocs_builds_an_identical_site(built):
    if built.root != ROOT:
        pytest.skip("make properdocs builds the project's own data")
    result = _make("properdocs")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = ROOT / "site-properdocs"
    assert _pages(out) == _pages(built.out)
    generator = re.compile(rb'<meta name="generator" content="[^"]*">')
    differing = [
        path.relative_to(built.out).as_posix()
        for path in sorted(built.out.rglob("*"))
        if path.is_file()
        and not _search_metadata(path.relative_to(built.out))
        and generator.sub(b"", path.read_bytes())
        != generator.sub(b"", (out / path.relative_to(built.out)).read_bytes())
    ]
    assert differing == []  # byte for byte (the search index too), but for the generator's name
    assert _search_filters(out / "pagefind") == _search_filters(built.out / "pagefind")


# Pagefind writes each filter's values in a different order on every run (a hash map's
# order), so its filter files, the metadata naming them and the entry file naming that
# differ in bytes and names between two builds of the same pages. Those are compared by
# what they hold; the pages, fragments and word index stay byte for byte.
def _search_metadata(relative: Path) -> bool:
    parts = relative.parts
    return parts[:1] == ("pagefind",) and (
        parts[1:2] == ("filter",) or relative.suffix == ".pf_meta" or relative.name == "pagefind-entry.json"
    )


def _pagefind_file(path: Path):
    import cbor2

    body = gzip.decompress(path.read_bytes())
    assert body.startswith(b"pagefind_dcd"), path
    return cbor2.loads(body[len(b"pagefind_dcd") :])


def _search_filters(folder: Path) -> dict:
    """Each language's metadata, with each filter file's name replaced by what the file
    holds (every value's pages, values in order) and the filters in order of name."""
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    found = {"entry": {**entry, "languages": {k: {**v, "hash": None} for k, v in entry["languages"].items()}}}

    def held(node):
        if isinstance(node, str) and (folder / "filter" / f"{node}.pf_filter").is_file():
            name, values = _pagefind_file(folder / "filter" / f"{node}.pf_filter")
            return ("filter", name, sorted((value, sorted(pages)) for value, pages in values))
        if isinstance(node, list):
            items = [held(item) for item in node]
            if items and all(isinstance(i, list) and len(i) == 2 and isinstance(i[1], tuple) for i in items):
                return sorted(items)
            return items
        return node

    for language, about in entry["languages"].items():
        found[language] = held(_pagefind_file(folder / f"pagefind.{about['hash']}.pf_meta"))
    assert any("filter" in repr(v) for v in found.values()), "the filters were read"
    return found
