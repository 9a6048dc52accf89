"""The published dataset's fixed parts: its licence and the columns of cases.csv,
each described from the case schema, so that the CSV, the Data Package and the Data
page say the same. Used by export (the files) and views (the Data page).

A column's ``path`` follows plain case data: "place.areas", "drivers[].driver".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Protocol

from . import urls
from .schema import fields, further_fields

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


def study_credit(study: Mapping[str, Any]) -> dict[str, Any]:
    """The study's credit for machines: a file or record that carries the study's text
    says whose it is, beside the casebook's own licence (NOT_COVERED)."""
    year = str(study["published"])[:4]
    return {
        "text": f"{', '.join(study['authors'])}, “{study['title']}”, {study['publisher']}, {year}. "
        "Its text is quoted and summarised here; it remains its authors' and is not covered by CC BY 4.0.",
        "title": study["title"],
        "authors": list(study["authors"]),
        "holder": study["publisher"],
        "year": year,
        "url": study["url"],
    }


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
    vocab: str = ""  # the vocabulary whose term ids the column holds
    coded: "Column | None" = None  # for a label column: that coded column


_CODED = (
    Column("id", "id"),
    Column("name", "name"),
    Column("also_known_as", "also_known_as", joiner="; "),
    Column("summary", "summary"),
    Column("organisation_type", "organisation_type", vocab="organisation_types"),
    Column("website", "website"),
    Column("place_areas", "place.areas", joiner="; "),
    Column("place_locality", "place.locality"),
    Column("place_region", "place.region", vocab="regions"),
    Column("place_nation", "place.nation", vocab="nations"),
    Column(
        "identifiers",
        "",
        "The case's official identifiers in force today, as scheme:value (gss:E08000010), "
        "from api/vocabularies/identifier_schemes.json; former ones and partners' ones are in identifiers.csv.",
        "; ",
        derived="identifiers",
    ),
    Column("engagement", "engagement", vocab="engagement_types"),
    Column("scope", "scope"),
    Column("model", "model", vocab="models"),
    Column("funding", "funding", joiner="; ", vocab="funding_types"),
    Column("status", "status.value", vocab="statuses"),
    Column(
        "status_inferred",
        "status.inferred",
        "true where no source states the status and the editors inferred it; empty otherwise.",
        type="boolean",
    ),
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
        "The types of the named partners, each once, in order.",
        "; ",
        derived="unique",
        vocab="partner_types",
    ),
    Column(
        "partners_untyped",
        "",
        "How many of the case's partners have no type recorded (no cited source gives one): "
        "partner_types is the whole list only where this is 0.",
        derived="untyped",
        type="integer",
    ),
    Column(
        "drivers_recorded",
        "drivers[].driver",
        "Only the drivers a source shows, not those marked not applicable.",
        "; ",
        derived="applies",
        vocab="drivers",
    ),
    Column("enablers", "enablers[].enabler", joiner="; ", vocab="enablers"),
    Column("measurement_approach", "measurement.approach", vocab="measurement_approaches"),
    Column("accountability_points", "accountability[].point", joiner="; ", vocab="accountability"),
    Column("learning_questions", "learning[].question", joiner="; ", vocab="learning_questions"),
    Column("source_urls", "sources[].url", "The web address of every source the case cites.", " "),
    Column("last_reviewed", "last_reviewed", type="date"),
    Column("page_url", "", "The case's page on the site.", derived="page"),
)


def _with_labels(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """Each coded column followed by its labels (``model``, ``model_label``), so that a
    spreadsheet shows words and a program can still join on the ids."""
    out = []
    for column in columns:
        out.append(column)
        if column.vocab:
            out.append(Column(f"{column.name}_label", "", joiner=column.joiner, derived="label", coded=column))
    return tuple(out)


# The columns laid out here, for the fields schema.LAID_OUT names.
COLUMNS = _with_labels(_CODED)
_TABLE_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}


def columns(schema: Mapping[str, Any]) -> tuple[Column, ...]:
    """The columns of cases.csv: those laid out above, then one for each field the schema
    adds beyond them (schema.further_fields), holding its value as the case file has it:
    a list joined with "; ", an entry or a list of entries as JSON."""
    further = []
    for name, spec in further_fields(schema):
        items = spec.get("items", {}) if spec.get("type") == "array" else None
        plain = items if items is not None else spec
        if plain.get("type") in _TABLE_TYPES:
            kind = "date" if plain.get("format") == "date" else _TABLE_TYPES[plain["type"]]
            further.append(
                Column(name, name, joiner="; " if items is not None else "", type="string" if items else kind,
                       vocab=plain.get("x-vocabulary", ""))
            )  # fmt: skip
        else:
            further.append(Column(name, name, type=spec.get("type", "object"), derived="json"))
    return COLUMNS + _with_labels(tuple(further))


def column_description(column: Column, schema: Mapping[str, Any]) -> str:
    """The JSON Schema's description of the column's field, then the column's own note:
    one source of truth for what a field means."""
    described = {path: spec.get("description", "") for path, spec, _ in fields(schema)}
    text = described.get(column.path, "") if column.path else ""
    parts = [p.replace("`", "") for p in (text, column.note) if p]  # plain text: the schema marks code with backticks
    if column.vocab:
        parts.append(f"Ids from api/vocabularies/{column.vocab}.json; {column.name}_label gives them in words.")
    if column.coded:
        coded = column.coded
        parts.append(
            f"The label of each id in {coded.name}, in the same order, from api/vocabularies/{coded.vocab}.json."
        )
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


class Coder(Protocol):
    """What a column needs beyond the case's data (a Casebook is one)."""

    def applies(self, entry: Mapping[str, Any]) -> bool:
        """Whether a driver entry shows its driver."""

    def label(self, vocabulary: str, term_id: str) -> str:
        """A term's label."""


def column_value(case: Mapping[str, Any], column: Column, site_url: str, coder: Coder) -> Any:
    """The column's value for one case."""
    if column.derived == "label":
        coded = column.coded
        value = column_value(case, coded, site_url, coder)
        if value is None:
            return None
        return [coder.label(coded.vocab, v) for v in value] if coded.joiner else coder.label(coded.vocab, value)
    if column.derived in _DERIVED:
        return _DERIVED[column.derived](case, site_url, coder)
    if column.derived.startswith("basis:"):
        basis = column.derived.split(":", 1)[1]
        links = [(f, e.get(k)) for f, k in BASIS_KEYS for e in case.get(f, []) if e.get("basis") == basis]
        measurement = case.get("measurement") or {}
        if measurement.get("basis") == basis and measurement.get("approach"):
            links.append(("measurement", measurement["approach"]))
        return [f"{f}:{term}" for f, term in links]
    value = values_at(case, column.path)
    if column.derived == "json":
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if column.derived == "unique":
        return list(dict.fromkeys(value or []))
    return value


# The columns computed from the whole case: column.derived -> (case, site URL, coder) -> value.
_DERIVED: dict[str, Callable[[Mapping[str, Any], str, Coder], Any]] = {
    "identifiers": lambda case, *_: [
        f"{i['scheme']}:{i['value']}" for i in case.get("identifiers", []) if "until" not in i
    ],
    "page": lambda case, site_url, _: page_url(site_url, case["id"]),
    "applies": lambda case, _, coder: [d["driver"] for d in case.get("drivers", []) if coder.applies(d)],
    "caveats": lambda case, *_: [f"{where}: {text}" for where, text in _caveats(case, "")],
    "untyped": lambda case, *_: sum(1 for p in case.get("partners", []) if "type" not in p),
}


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
    elif isinstance(value, bool):
        text = "true" if value else "false"  # as links.csv writes them, and JSON
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


# The long tables: one row per link, fact or partner, so that nothing a case says is
# lost to a single cell and every link keeps whose reading it is. A field that holds a
# vocabulary's ids gets an enum and a foreign key to that vocabulary's table in the Data
# Package, and a label field beside it.
@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    vocab: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    path: str  # below data/
    description: str
    fields: tuple[Field, ...]


CASE_ID = Field("case_id", "string", "The case's id, from cases.csv.")
SOURCES = Field("sources", "string", "The ids of the case's sources it cites, separated by spaces.")
BASIS = Field(
    "basis",
    "string",
    "Whose reading the link is: study (the study itself) or editors (the editors' reading of the sources).",
    vocab="bases",
)
APPLIES = Field("applies", "boolean", "false where a source shows the driver does not apply.")
LINKS = Table(
    "links",
    "links.csv",
    "Every link between a case and one of the study's categories, with whose reading it is. "
    "links/<list>.csv hold the same links a list at a time, with labels and foreign keys.",
    (
        CASE_ID,
        Field(
            "list",
            "string",
            "Which of the case's lists the link is in: drivers, enablers, accountability, learning or measurement.",
        ),
        Field("term", "string", "The id of the study's category the case is linked to, from api/vocabularies/."),
        BASIS,
        Field("applies", "boolean", APPLIES.description + " Empty for lists other than drivers."),
        SOURCES,
    ),
)
FACTS = Table(
    "facts",
    "facts.csv",
    "Every public fact of every case, with its caveat.",
    (
        CASE_ID,
        Field("topic", "string", "The fact's topic.", vocab="fact_topics"),
        Field("text", "string", "The fact, in plain text."),
        Field("caveat", "string", "What the sources leave uncertain about it, if anything."),
        SOURCES,
    ),
)
PARTNERS = Table(
    "partners",
    "partners.csv",
    "Every partner of every case, in the case's order.",
    (
        CASE_ID,
        Field("name", "string", "The partner's name; empty where only its type is recorded."),
        Field("type", "string", "What kind of partner it is; empty where no source says.", vocab="partner_types"),
        Field("role", "string", "The partner's role in the collaboration, if recorded."),
        SOURCES,
    ),
)
IDENTIFIERS = Table(
    "identifiers",
    "identifiers.csv",
    "Every official identifier of a case, of its areas and of its partners, former ones included.",
    (
        CASE_ID,
        Field("partner", "string", "The partner's name for a partner's identifier; empty for the case's own."),
        Field("scheme", "string", "The register or code list the identifier comes from.", vocab="identifier_schemes"),
        Field("value", "string", "The identifier, as its register writes it."),
        Field("of", "string", "What it names, when not the case or partner itself: an area, or a registered body."),
        Field("until", "date", "For a former identifier, the date it stopped being in force; empty if in force."),
        Field("url", "string", "The register's page for the identifier."),
        SOURCES,
    ),
)
FUNDING = Table(
    "funding",
    "links/funding.csv",
    "Each of a case's types of funding, one row each.",
    (CASE_ID, Field("funding", "string", "A type of funding the case uses.", vocab="funding_types")),
)


def link_table(list_name: str, key: str, vocab: str) -> Table:
    """The links of one list (``drivers``, keyed by ``driver``) as a table of their own."""
    fields = [CASE_ID, Field(key, "string", f"The id of the {key}.", vocab=vocab), BASIS]
    if list_name == "drivers":
        fields.append(APPLIES)
    return Table(
        f"links-{list_name}",
        f"links/{list_name}.csv",
        f"The case's links to the study's {list_name}, with whose reading each is.",
        (*fields, SOURCES),
    )


def labelled(fields: tuple[Field, ...]) -> tuple[Field, ...]:
    """The fields as written: a coded field followed by its label."""
    out = []
    for f in fields:
        out.append(f)
        if f.vocab:
            out.append(
                Field(f"{f.name}_label", "string", f"The label of {f.name}, from api/vocabularies/{f.vocab}.json.")
            )
    return tuple(out)
