"""What tools other than browsers read: the Atom feed (a feed reader), the Data
page's schema.org Dataset (Google Dataset Search), each case's citation tags and RIS
file (Zotero, Google Scholar), Open Graph tags (link previews) and the sitemap's
dates. Expectations come from the raw files and from git, not from the code."""

from __future__ import annotations

import re

import json
import subprocess
from pathlib import Path

import pytest

from site_build import page

pytestmark = pytest.mark.site


def _case_date(root: Path, case_id: str, data: dict) -> str:
    """When the case's file last changed: its last commit, else its review date."""
    if (root / ".git").exists():
        out = subprocess.run(
            ["git", "log", "-1", "--format=%cI", "--", f"cases/{case_id}.yaml"],
            cwd=root,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if out:
            return out
    return f"{data['last_reviewed']}T00:00:00+00:00"


def test_a_feed_reader_reads_one_entry_per_case_each_linking_to_its_page(site, built, raw_cases):
    feedparser = pytest.importorskip("feedparser")
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title.startswith("Collaboration Casebook")
    by_link = {e.link: e for e in feed.entries}
    assert len(feed.entries) == len(raw_cases)
    for case_id, data in raw_cases.items():
        entry = by_link[f"https://collaboration-casebook.github.io/casebook/cases/{case_id}/"]
        assert entry.title == data["name"]
        assert entry.summary == " ".join(data["summary"].split())
        assert entry.updated == _case_date(built.root, case_id, data)
        assert (site / "cases" / case_id / "index.html").exists()
    # Every page tells a feed reader where the feed is.
    link = page(site, "about").find("link", attrs={"type": "application/atom+xml"})
    assert link["href"] == "../feed.xml"


def test_the_data_page_describes_the_dataset_for_search_engines(site, built):
    blocks = page(site, "data").find_all("script", attrs={"type": "application/ld+json"})
    datasets = [d for d in (json.loads(b.string) for b in blocks) if d.get("@type") == "Dataset"]
    assert len(datasets) == 1
    dataset = datasets[0]
    import yaml

    citation = yaml.safe_load((built.root / "CITATION.cff").read_text(encoding="utf-8"))
    assert dataset["version"].split("+")[0] == citation["version"]
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["isBasedOn"]["url"] == yaml.safe_load((built.root / "study" / "study.yaml").read_text())["url"]
    formats = {d["encodingFormat"] for d in dataset["distribution"]}
    assert {"application/json", "text/csv"} <= formats
    names = " ".join(d["contentUrl"] for d in dataset["distribution"])
    for download in ("data/cases.json", "data/cases.csv", "data/datapackage.json"):
        assert download in names
    site_url = "https://collaboration-casebook.github.io/casebook/"
    for entry in dataset["distribution"]:
        assert (site / entry["contentUrl"].removeprefix(site_url)).is_file(), entry["contentUrl"]


def test_every_case_page_carries_citation_and_open_graph_tags_and_an_ris_file(site, built, raw_cases):
    import yaml

    version = yaml.safe_load((built.root / "CITATION.cff").read_text(encoding="utf-8"))["version"]
    for case_id, data in raw_cases.items():
        soup = page(site, f"cases/{case_id}")
        meta = {m.get("name") or m.get("property"): m["content"] for m in soup.find_all("meta") if m.get("content")}
        assert meta["citation_title"] == " ".join(data["name"].split())
        # Read as Zotero's Embedded Metadata translator reads it: with a comma, "Family,
        # Given"; without one, split at the last space into a person's names. The group is
        # CITATION.cff's entity author, and it must come back whole, with no given name.
        family, comma, given = meta["citation_author"].partition(",")
        assert comma and given.strip() == ""
        assert family == yaml.safe_load((built.root / "CITATION.cff").read_text())["authors"][0]["name"]
        assert meta["citation_publication_date"] == data["last_reviewed"].replace("-", "/")
        assert meta["citation_public_url"].endswith(f"/cases/{case_id}/")
        assert meta["og:title"].startswith(data["name"]) and meta["og:type"] == "article"
        assert meta["og:url"] == meta["citation_public_url"]
        assert "twitter:card" in meta
        ris = (site / "cases" / case_id / "citation.ris").read_bytes().decode("utf-8").split("\r\n")
        fields = dict(line.split("  - ", 1) for line in ris if "  - " in line)
        assert ris[0] == "TY  - DATA" and "ER  - " in ris
        assert fields["TI"] == " ".join(data["name"].split()) and fields["UR"] == meta["citation_public_url"]
        assert fields["ET"].split("+")[0] == version
        # The year and date a reference manager files it under: the case's last review.
        reviewed = str(data["last_reviewed"])
        assert fields["PY"] == reviewed[:4] and fields["DA"] == reviewed.replace("-", "/")
        bibtex = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", soup.select_one("#cite-bibtex").get_text(), re.M))
        assert bibtex["year"] == reviewed[:4] and bibtex["note"] == f"Last reviewed {reviewed}"
        assert bibtex["title"] == "{" + data["name"] + "}" or "\\" in bibtex["title"]
        assert soup.select_one('a[href="./citation.ris"]') is not None
        # The same record to copy, with a button that copies it.
        assert soup.select_one("#cite-ris").get_text().split("\n") == ris
        assert soup.select_one('button.cb-copy[data-copy="cite-ris"]') is not None
        # The citation names the dataset's version.
        assert f"version = {{{version}" in soup.select_one("#cite-bibtex").get_text()
    other = {m.get("property"): m["content"] for m in page(site, "about").find_all("meta") if m.get("property")}
    assert other["og:type"] == "website" and other["og:title"]


def test_the_sitemap_dates_each_case_by_its_own_last_change(site, built, raw_cases):
    import re

    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    dates = dict(re.findall(r"<loc>[^<]*/cases/([^/<]+)/</loc>\s*<lastmod>([^<]+)</lastmod>", text))
    for case_id, data in raw_cases.items():
        assert dates[case_id] == _case_date(built.root, case_id, data)[:10], case_id
    # Pages the data does not date carry no date rather than the build's.
    assert re.search(r"<loc>[^<]*/about/</loc>\s*</url>", text)


def test_the_sitemap_dates_cases_drops_former_addresses_and_keeps_the_rest(tmp_path):
    """Without a site build: a sitemap as a generator writes it (every page dated by the
    build, one address escaped, an element the casebook does not write) made final."""
    import gzip
    import xml.etree.ElementTree as ET
    from dataclasses import replace

    from conftest import ROOT
    from macros.loader import load_casebook
    from macros.model import freeze
    from macros.steps import sitemap_dates

    base = "https://example.org/a&amp;b/"
    casebook = load_casebook(ROOT)
    dated, undated = casebook.cases[0].id, casebook.cases[1].id
    casebook = replace(
        casebook,
        changed=freeze({dated: "2026-01-02T03:04:05+00:00"}),
        former=freeze({"moved": [{"id": "old-name", "moved_to": dated}], "removed": [{"id": "gone"}]}),
    )
    urls = ["", "about/", f"cases/{dated}/", f"cases/{undated}/", "cases/old-name/", "cases/gone/"]
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<url><loc>{base}{u}</loc><lastmod>2030-12-31</lastmod><priority>0.5</priority></url>" for u in urls)
        + "</urlset>",
        encoding="utf-8",
    )
    (tmp_path / "sitemap.xml.gz").write_bytes(b"")
    sitemap_dates(casebook, tmp_path)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(tmp_path / "sitemap.xml").getroot()
    found = {
        url.findtext("s:loc", namespaces=ns): (
            url.findtext("s:lastmod", namespaces=ns),
            url.findtext("s:priority", namespaces=ns),
        )
        for url in root.findall("s:url", ns)
    }
    plain = "https://example.org/a&b/"
    assert found == {
        plain: (None, "0.5"),
        plain + "about/": (None, "0.5"),
        f"{plain}cases/{dated}/": ("2026-01-02", "0.5"),
        f"{plain}cases/{undated}/": (None, "0.5"),
    }
    assert gzip.decompress((tmp_path / "sitemap.xml.gz").read_bytes()) == (tmp_path / "sitemap.xml").read_bytes()
