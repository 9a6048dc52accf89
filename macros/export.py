"""Open-data exports: every file written into the built site under data/, api/ and
schema/, and by ``python -m macros export DIR``.

``exports(casebook, site_url, schema_files)`` returns {path: bytes}. The output
depends only on the data, in a fixed order, so two builds of the same data are
byte-identical and a review diff shows only real changes.

CSV conventions (also stated in datapackage.json and on the Data page):
- UTF-8 with a byte-order mark, so that Excel reads the accents; CRLF line ends.
- An empty cell means "not recorded".
- Lists are joined with "; " (web addresses, which hold no spaces, with " ").
- A cell that would start with =, +, -, @, a tab or a carriage return is prefixed
  with an apostrophe, so that spreadsheets do not run it as a formula.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from .model import Casebook, thaw
from .views import links
from .views.explorer import explorer_data
from .views.reference import fields

LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str
    path: str              # where the value is in a case: "place.areas", "drivers[].driver"
    note: str = ""         # added to the schema's description of ``path``
    joiner: str = ""       # set for list columns
    type: str = "string"   # Table Schema type
    derived: str = ""      # how a derived column differs from the plain path


IDS = "Ids from api/vocabularies/{}.json."
COLUMNS = (
    Column("id", "id"),
    Column("name", "name"),
    Column("also_known_as", "also_known_as", joiner="; "),
    Column("summary", "summary"),
    Column("organisation_type", "organisation_type", IDS.format("organisation_types")),
    Column("website", "website"),
    Column("place_areas", "place.areas", joiner="; "),
    Column("place_locality", "place.locality"),
    Column("place_region", "place.region", IDS.format("regions")),
    Column("place_nation", "place.nation", IDS.format("nations")),
    Column("engagement", "engagement", IDS.format("engagement_types")),
    Column("scope", "scope"),
    Column("model", "model", IDS.format("models")),
    Column("funding", "funding", IDS.format("funding_types"), "; "),
    Column("partner_types", "partners[].type", "The types of the named partners, each once, in order. "
           + IDS.format("partner_types"), "; ", derived="unique"),
    Column("drivers_recorded", "drivers[].driver", "Only the drivers a source shows, not those marked not "
           "applicable. " + IDS.format("drivers"), "; ", derived="applies"),
    Column("enablers", "enablers[].enabler", IDS.format("enablers"), "; "),
    Column("measurement_approach", "measurement.approach", IDS.format("measurement_approaches")),
    Column("accountability_points", "accountability[].point", IDS.format("accountability"), "; "),
    Column("learning_questions", "learning[].question", IDS.format("learning_questions"), "; "),
    Column("source_urls", "sources[].url", "The web address of every source the case cites.", " "),
    Column("last_reviewed", "last_reviewed", type="date"),
    Column("page_url", "", "The case's page on the site.", derived="page"),
)


def column_description(column: Column, schema: Mapping[str, Any]) -> str:
    """The JSON Schema's description of the column's field, then the column's own note:
    one source of truth for what a field means."""
    described = {path: spec.get("description", "") for path, spec, _ in fields(schema)}
    text = described.get(column.path, "") if column.path else ""
    parts = [p for p in (text, column.note) if p]
    if column.joiner:
        parts.append(f"A list, joined with {json.dumps(column.joiner)}; empty when not recorded.")
    return " ".join(parts)


def values_at(case: Mapping[str, Any], path: str) -> Any:
    """Follow a column path through plain case data: "a.b" and "a[].b" (a list)."""
    value: Any = case
    for index, part in enumerate(path.split(".")):
        if part.endswith("[]"):
            items = value.get(part[:-2], []) if isinstance(value, Mapping) else []
            rest = ".".join(path.split(".")[index + 1:])
            return [v for item in items for v in _as_list(values_at(item, rest)) if v is not None]
        value = value.get(part) if isinstance(value, Mapping) else None
        if value is None:
            return None
    return value


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def column_value(case: Mapping[str, Any], column: Column, site_url: str) -> Any:
    if column.derived == "page":
        return page_url(site_url, case["id"])
    if column.derived == "applies":
        return [d["driver"] for d in case.get("drivers", []) if d.get("applies", True)]
    value = values_at(case, column.path)
    if column.derived == "unique":
        return list(dict.fromkeys(value or []))
    return value


def page_url(site_url: str, case_id: str) -> str:
    return links.case_url(site_url.rstrip("/") + "/", case_id)


def cell(value: Any, column: Column) -> str:
    if value is None or value == []:
        text = ""
    elif column.joiner:
        text = column.joiner.join(str(v) for v in value)
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def cases_csv(casebook: Casebook, site_url: str) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in COLUMNS])
    for case in casebook.cases:
        data = thaw(case.data)
        writer.writerow([cell(column_value(data, c, site_url), c) for c in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def schema_url(site_url: str, name: str = "case.schema.json") -> str:
    return site_url.rstrip("/") + "/schema/" + name


def datapackage(casebook: Casebook, site_url: str) -> dict:
    study = casebook.study
    schema = thaw(casebook.case_schema)
    fields = [{"name": c.name, "type": c.type, "description": column_description(c, schema)} for c in COLUMNS]
    return {
        "profile": "data-package",
        "name": "collaboration-casebook",
        "title": "Collaboration Casebook",
        "description": "Structured case studies of collaborative working between local government and the "
                       "voluntary sector in the UK. Empty CSV cells mean 'not recorded'. Cells that would start "
                       "with =, +, -, @, a tab or a carriage return are prefixed with an apostrophe.",
        "homepage": site_url,
        "licenses": [LICENCE],
        "sources": [{"title": study["title"], "path": study["url"]}],
        "resources": [
            {"name": "cases", "path": "cases.csv", "profile": "tabular-data-resource", "format": "csv",
             "mediatype": "text/csv", "encoding": "utf-8-sig",
             "schema": {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}},
            {"name": "cases-json", "path": "cases.json", "format": "json", "mediatype": "application/json",
             "description": "Every case with every recorded field, as in its YAML file; each follows "
                            + schema_url(site_url) + "."},
        ],
    }


_last: list = []   # (casebook, site_url, files) of the last call


def exports(casebook: Casebook, site_url: str, schema_files: Mapping[str, bytes]) -> dict[str, bytes]:
    """Every exported file, by path below the site root. A build asks twice (the Data
    page shows the sizes, then the hook writes the files), so the last answer is kept."""
    if _last and _last[0] is casebook and _last[1] == site_url and _last[2] == schema_files:
        return _last[3]
    files = _exports(casebook, site_url, schema_files)
    _last[:] = [casebook, site_url, dict(schema_files), files]
    return files


def _exports(casebook: Casebook, site_url: str, schema_files: Mapping[str, bytes]) -> dict[str, bytes]:
    site_url = site_url.rstrip("/") + "/"
    cases = [thaw(c.data) for c in casebook.cases]
    files = {
        "data/cases.json": _json({"licence": LICENCE["name"], "schema": schema_url(site_url),
                                  "cases": cases}),
        "data/cases.csv": cases_csv(casebook, site_url),
        "data/datapackage.json": _json(datapackage(casebook, site_url)),
    }
    for case in casebook.cases:
        files[f"api/cases/{case.id}.json"] = _json(thaw(case.data))
    names = sorted(casebook.vocabularies)
    for name in names:
        vocab = casebook.vocab(name)
        files[f"api/vocabularies/{name}.json"] = _json(
            {**thaw(vocab.data), "terms": [thaw(t.data) for t in (*vocab.terms, *vocab.extra)]})
    files["api/explorer.json"] = _json(explorer_data(casebook))
    files["api/study.json"] = _json(thaw(casebook.study))
    files["api/measurement.json"] = _json(thaw(casebook.measurement))
    files["api/index.json"] = _json({
        "licence": LICENCE["name"],
        "schema": schema_url(site_url),
        "cases": [{"id": c.id, "name": c.name, "url": f"{site_url}api/cases/{c.id}.json",
                   "page": page_url(site_url, c.id)} for c in casebook.cases],
        "vocabularies": {n: f"{site_url}api/vocabularies/{n}.json" for n in names},
        "study": f"{site_url}api/study.json",
        "measurement": f"{site_url}api/measurement.json",
        "downloads": {"json": f"{site_url}data/cases.json", "csv": f"{site_url}data/cases.csv",
                      "datapackage": f"{site_url}data/datapackage.json"},
    })
    for name, content in sorted(schema_files.items()):
        files[f"schema/{name}"] = content
    return dict(sorted(files.items()))


def schema_files(root: Path) -> dict[str, bytes]:
    """The JSON Schemas as committed, by path below schema/, published where their $id says."""
    folder = root / "schema"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.json"))}


def write(files: Mapping[str, bytes], target: Path) -> None:
    for name, content in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
