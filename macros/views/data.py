"""The Data page: what is published, where, and how big each file is."""

from __future__ import annotations

import json
import re
from typing import Mapping

from ..dataset import AUTHOR, FACTS, IDENTIFIERS, LICENCE, LINKS, PARTNERS, PUBLISHER, column_description, columns
from ..model import Casebook, thaw
from .cite import bibtex_escape
from .render import part

_ABOUT = {
    "data/cases.json": "Every case with every recorded field, as in its YAML file.",
    "data/cases.csv": "One row per case, for spreadsheets (UTF-8; lists joined with “; ”; "
    "each coded column followed by its labels).",
    **{f"data/{t.path}": t.description for t in (LINKS, FACTS, PARTNERS, IDENTIFIERS)},
    "data/datapackage.json": "A Frictionless Data Package describing them, with each CSV's Table Schema: "
    "every coded column limited to its vocabulary, with a foreign key to it.",
    "api/index.json": "The index of the static API: every case, vocabulary and download, with its URL.",
    "schema/case.schema.json": "The JSON Schema (Draft 2020-12) every case follows.",
}


_SCHEMA = "schema/case.schema.json"


def size(n: int) -> str:
    return f"{n} bytes" if n < 1024 else f"{n / 1024:.1f} KB"


def data_downloads(files: Mapping[str, bytes], base: str) -> str:
    rows = [
        {"path": path, "url": base + path, "about": about, "size": size(len(files[path]))}
        for path, about in _ABOUT.items()
    ]
    schema = json.loads(files.get(_SCHEMA, b"{}") or b"{}")
    for row in rows:
        if row["path"] == _SCHEMA and schema.get("x-version"):
            row["about"] += f" Version {schema['x-version']}; the changelog lists each field change."
    cases = [p for p in files if p.startswith("api/cases/")]

    def group(folder: str) -> dict:
        paths = [p for p in files if p.startswith(folder) and "/" not in p[len(folder) :]]
        return {
            "links": [{"url": base + p, "name": p[len(folder) :].rsplit(".", 1)[0]} for p in paths],
            "size": size(sum(len(files[p]) for p in paths)),
        }

    return part(
        "data.html",
        "downloads",
        rows,
        {"count": len(cases), "size": size(sum(len(files[p]) for p in cases))},
        group("api/vocabularies/"),
        group("data/links/"),
        group("data/vocabularies/"),
    )


def data_edition(casebook: Casebook, changelog: str | None, repo_url: str) -> str:
    """The dataset's version, release date and DOI, how to cite it, and the changelog's
    entries (``changelog``: CHANGELOG.md's text, None before the first release)."""
    edition = casebook.edition or {}
    version = edition.get("version", "")
    entries = [{"title": m[1].strip()} for m in re.finditer(r"^## (.+)$", changelog or "", re.M)]
    # The same title, year, version and address as CITATION.cff gives citation tools.
    title, year, url = (
        edition.get("title") or PUBLISHER,
        (edition.get("date") or "")[:4],
        edition.get("url") or repo_url,
    )
    plain = f"{AUTHOR} ({year}). {title} (version {version}) [Dataset]. {url}"
    if edition.get("doi"):
        plain += f" https://doi.org/{edition['doi']}"
    bibtex = "\n".join(
        [
            "@misc{collaboration-casebook,",
            f"  title = {{{{{bibtex_escape(title)}}}}},",
            f"  author = {{{{{AUTHOR}}}}},",
            f"  year = {{{year}}},",
            f"  version = {{{version}}},",
            *([f"  doi = {{{edition['doi']}}},"] if edition.get("doi") else []),
            f"  url = {{{url}}}",
            "}",
        ]
    )
    return part(
        "data.html",
        "edition",
        {
            "version": version,
            "released": bool(version) and "+" not in version,
            "date": edition.get("date"),
            "doi": edition.get("doi"),
            "entries": entries,
            "changelog": f"{repo_url.rstrip('/')}/blob/main/CHANGELOG.md" if repo_url and changelog else None,
            "bibtex": bibtex,
            "plain": plain,
        },
    )


def data_licence() -> str:
    return part("data.html", "licence", LICENCE)


def csv_columns(casebook: Casebook) -> str:
    schema = thaw(casebook.case_schema)
    return part(
        "data.html",
        "columns",
        [{"name": c.name, "description": column_description(c, schema)} for c in columns(schema)],
    )


def data_examples(site_url: str) -> str:
    csv_url = site_url.rstrip("/") + "/data/cases.csv"
    python = (
        f'import pandas as pd\n\ncases = pd.read_csv("{csv_url}", encoding="utf-8-sig", '
        'keep_default_na=False)\ncases["funding"] = cases["funding"].str.split("; ")\n'
        'print(cases[["name", "model", "funding"]])'
    )
    r = (
        f'cases <- read.csv("{csv_url}", fileEncoding = "UTF-8-BOM", na.strings = character(0))\n'
        'cases$funding <- strsplit(cases$funding, "; ")\nhead(cases[, c("name", "model")])'
    )
    return part("data.html", "examples", python, r)
