"""The Data page: what is published, where, and how big each file is."""

from __future__ import annotations

from typing import Mapping

from ..export import COLUMNS, LICENCE, column_description
from ..model import Casebook, thaw
from .html import esc, external_link, link, table

_ABOUT = {
    "data/cases.json": "Every case with every recorded field, as in its YAML file.",
    "data/cases.csv": "One row per case, for spreadsheets (UTF-8; lists joined with “; ”).",
    "data/datapackage.json": "A Frictionless Data Package describing both, with the CSV's Table Schema.",
    "api/index.json": "The index of the static API: every case, vocabulary and download, with its URL.",
    "schema/case.schema.json": "The JSON Schema (Draft 2020-12) every case follows.",
}


def size(n: int) -> str:
    return f"{n} bytes" if n < 1024 else f"{n / 1024:.1f} KB"


def data_downloads(files: Mapping[str, bytes], base: str) -> str:
    rows = [(link(base + path, path), esc(about), size(len(files[path]))) for path, about in _ABOUT.items()]
    cases = [p for p in files if p.startswith("api/cases/")]
    vocabularies = [p for p in files if p.startswith("api/vocabularies/")]
    rows.append(("<code>api/cases/&lt;id&gt;.json</code>", f"One file per case ({len(cases)}).",
                 size(sum(len(files[p]) for p in cases)) + " in all"))
    rows.append(("<code>api/vocabularies/&lt;name&gt;.json</code>",
                 "The controlled vocabularies: " + ", ".join(link(base + p, p.rsplit("/", 1)[1][:-5]) for p in vocabularies) + ".",
                 size(sum(len(files[p]) for p in vocabularies)) + " in all"))
    return table("Published files", ["File", "What it holds", "Size"], rows, sortable=False)


def data_licence() -> str:
    return (f"<p>The data and the text of the site are published under the "
            f"{external_link(LICENCE['path'], LICENCE['title'])} licence ({esc(LICENCE['name'])}): "
            "use them for any purpose, with credit to the Collaboration Casebook and its sources. "
            "The code is under the MIT licence.</p>")


def csv_columns(casebook: Casebook) -> str:
    schema = thaw(casebook.case_schema)
    rows = [(f"<code>{esc(c.name)}</code>", esc(column_description(c, schema))) for c in COLUMNS]
    return table("Columns of cases.csv", ["Column", "Meaning"], rows, sortable=False)


def data_examples(site_url: str) -> str:
    csv_url = site_url.rstrip("/") + "/data/cases.csv"
    python = (f'import pandas as pd\n\ncases = pd.read_csv("{csv_url}", encoding="utf-8-sig", '
              'keep_default_na=False)\ncases["funding"] = cases["funding"].str.split("; ")\n'
              'print(cases[["name", "model", "funding"]])')
    r = (f'cases <- read.csv("{csv_url}", fileEncoding = "UTF-8-BOM", na.strings = character(0))\n'
         'cases$funding <- strsplit(cases$funding, "; ")\nhead(cases[, c("name", "model")])')
    return (f'<p>In Python, with pandas:</p><pre><code class="language-python">{esc(python)}</code></pre>'
            f'<p>In R:</p><pre><code class="language-r">{esc(r)}</code></pre>')
