"""The published dataset's fixed parts: its licence and the columns of cases.csv,
each described from the case schema, so that the CSV, the Data Package and the Data
page say the same. Used by export (the files) and views (the Data page).

A column's ``path`` follows plain case data: "place.areas", "drivers[].driver".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from . import urls
from .schema import fields

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
# What the casebook's licence does not cover: said wherever the licence is stated.
NOT_COVERED = (
    "The casebook's own data and text are under CC BY 4.0. The study's text (summarised and quoted), "
    "West London Zone's outcomes framework and every quotation remain their owners' and are not "
    "covered by that licence."
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Who the casebook's citations name: a group, and the publication it appears in.
AUTHOR = "Collaboration Casebook contributors"
PUBLISHER = "Collaboration Casebook"


@dataclass(frozen=True)
class Column:
    name: str
    path: str  # where the value is in a case: "place.areas", "drivers[].driver"
    note: str = ""  # added to the schema's description of ``path``
    joiner: str = ""  # set for list columns
    type: str = "string"  # Table Schema type
    derived: str = ""  # how a derived column differs from the plain path


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
    Column("status", "status.value", IDS.format("statuses")),
    Column("status_as_of", "status.as_of"),
    Column("year_started", "started.year", type="integer"),
    Column("year_ended", "ended.year", type="integer"),
    Column("successor", "successor.name"),
    Column("caveats", "caveats", "One caveat per line.", "\n"),
    Column(
        "other_caveats",
        "",
        "Every other caveat in the case (on its status, timeline, facts, notes), one per "
        'line, each after the field it belongs to, such as "facts[2]: Self-reported."',
        "\n",
        derived="caveats",
    ),
    Column(
        "study_links",
        "",
        "The case's links to the study's categories that the study itself makes, as "
        'list:term, such as "measurement:proxy-measures". data/links.csv has one row per link.',
        "; ",
        derived="basis:study",
    ),
    Column(
        "editors_links",
        "",
        "The case's links to the study's categories that are the editors' reading of its "
        "sources, as list:term. data/links.csv has one row per link.",
        "; ",
        derived="basis:editors",
    ),
    Column(
        "partner_types",
        "partners[].type",
        "The types of the named partners, each once, in order. " + IDS.format("partner_types"),
        "; ",
        derived="unique",
    ),
    Column(
        "drivers_recorded",
        "drivers[].driver",
        "Only the drivers a source shows, not those marked not applicable. " + IDS.format("drivers"),
        "; ",
        derived="applies",
    ),
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
            rest = ".".join(path.split(".")[index + 1 :])
            return [v for item in items for v in _as_list(values_at(item, rest)) if v is not None]
        value = value.get(part) if isinstance(value, Mapping) else None
        if value is None:
            return None
    return value


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def column_value(
    case: Mapping[str, Any], column: Column, site_url: str, applies: Callable[[Mapping[str, Any]], bool]
) -> Any:
    """The column's value for one case; ``applies`` says whether a driver entry shows its driver."""
    if column.derived == "page":
        return page_url(site_url, case["id"])
    if column.derived == "applies":
        return [d["driver"] for d in case.get("drivers", []) if applies(d)]
    if column.derived == "caveats":
        return [f"{where}: {text}" for where, text in _caveats(case, "")]
    if column.derived.startswith("basis:"):
        basis = column.derived.split(":", 1)[1]
        links = [(f, e.get(k)) for f, k in BASIS_KEYS for e in case.get(f, []) if e.get("basis") == basis]
        measurement = case.get("measurement") or {}
        if measurement.get("basis") == basis and measurement.get("approach"):
            links.append(("measurement", measurement["approach"]))
        return [f"{f}:{term}" for f, term in links]
    value = values_at(case, column.path)
    if column.derived == "unique":
        return list(dict.fromkeys(value or []))
    return value


# The lists that link a case to the study's categories, and each one's key.
BASIS_KEYS = (("drivers", "driver"), ("enablers", "enabler"), ("accountability", "point"), ("learning", "question"))


def _caveats(value: Any, where: str):
    """(field, text) for every `caveat` in the case, in file order."""
    if isinstance(value, Mapping):
        for key, child in value.items():
            here = f"{where}.{key}" if where else key
            if key == "caveat" and isinstance(child, str):
                yield where, " ".join(child.split())
            elif key != "caveats":
                yield from _caveats(child, here)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _caveats(child, f"{where}[{index}]")


def page_url(site_url: str, case_id: str) -> str:
    return urls.case_url(site_url.rstrip("/") + "/", case_id)


def cell(value: Any, column: Column) -> str:
    if value is None or value == []:
        text = ""
    elif column.joiner:
        text = column.joiner.join(str(v) for v in value)
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


# The long tables: one row per link or fact, so that nothing a case says is lost to a
# single cell, and every link keeps whose reading it is.
LINK_FIELDS = (
    ("case_id", "string", "The case's id."),
    (
        "list",
        "string",
        "Which of the case's lists the link is in: drivers, enablers, accountability, learning or measurement.",
    ),
    ("term", "string", "The id of the study's category the case is linked to, from api/vocabularies/."),
    (
        "basis",
        "string",
        "Whose reading the link is: study (the study itself) or editors (the editors' reading of the sources).",
    ),
    ("applies", "boolean", "For drivers: false where a source shows the driver does not apply. Empty for other lists."),
    ("sources", "string", "The ids of the case's sources the link cites, separated by spaces."),
)
FACT_FIELDS = (
    ("case_id", "string", "The case's id."),
    ("topic", "string", "The fact's topic, from api/vocabularies/fact_topics.json."),
    ("text", "string", "The fact, in plain text."),
    ("caveat", "string", "What the sources leave uncertain about it, if anything."),
    ("sources", "string", "The ids of the case's sources the fact cites, separated by spaces."),
)
