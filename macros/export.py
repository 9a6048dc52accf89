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
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from .dataset import (
    AUTHOR,
    BASIS_KEYS,
    FACTS,
    FORMULA_START,
    FUNDING,
    IDENTIFIERS,
    LICENCE,
    LINKS,
    NOT_COVERED,
    PARTNERS,
    Table,
    column_description,
    columns,
    labelled,
    link_table,
    page_url,
    study_credit,
)
from .schema import field
from .schema import version as schema_version
from . import characters, finder
from . import citation
from .model import Casebook, thaw


def cases_csv(casebook: Casebook, site_url: str, plain: Mapping[str, Any]) -> bytes:
    """data/cases.csv, from each case's plain data (``plain``, by id: thawed once for every file)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    header = columns(casebook.case_schema)
    writer.writerow([c.name for c in header])
    for case in casebook.cases:
        writer.writerow(finder.csv_row(plain[case.id], site_url, casebook, header))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _table(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["'" + v if v.startswith(FORMULA_START) else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_csv(casebook: Casebook, table: Table, rows: Iterable[Mapping[str, str]]) -> bytes:
    """A long table: each row's values in the table's field order, a coded value followed
    by its label."""
    out = []
    for row in rows:
        line = []
        for f in table.fields:
            value = row.get(f.name, "")
            line.append(value)
            if f.vocab:
                line.append(casebook.label(f.vocab, value) if value else "")
        out.append(line)
    return _table([f.name for f in labelled(table.fields)], out)


def _links(casebook: Casebook) -> Iterator[dict[str, str]]:
    """Every link between a case and a study category, with whose reading it is."""
    for case in casebook.cases:
        for field_name, key in BASIS_KEYS:
            for e in case.get(field_name, ()):
                applies = ("true" if casebook.applies(e) else "false") if field_name == "drivers" else ""
                sources = " ".join(e["sources"])
                yield {
                    "case_id": case.id,
                    "list": field_name,
                    "term": e[key],
                    "basis": e["basis"],
                    "applies": applies,
                    "sources": sources,
                }
        m = case.get("measurement")
        if m and m.get("approach"):
            yield {
                "case_id": case.id,
                "list": "measurement",
                "term": m["approach"],
                "basis": m["basis"],
                "applies": "",
                "sources": " ".join(m["sources"]),
            }


def link_tables(casebook: Casebook) -> list[tuple[Table, str]]:
    """One table per list of links (its key's field named for the list: ``driver``), and
    the list's name in links.csv."""
    lists = [(f, k, casebook.entry_lists[f].vocabulary) for f, k in BASIS_KEYS]
    lists.append(("measurement", "approach", _vocabulary_of(casebook, "measurement.approach")))
    return [(link_table(f, k, v), f) for f, k, v in lists]


def _vocabulary_of(casebook: Casebook, path: str) -> str:
    return field(casebook.case_schema, path)["x-vocabulary"]


def tables(casebook: Casebook) -> dict[str, tuple[Table, bytes]]:
    """Every long table, by path below data/."""
    links = list(_links(casebook))
    found = [(LINKS, links)]
    for table, list_name in link_tables(casebook):
        key = table.fields[1].name
        found.append((table, [{**r, key: r["term"]} for r in links if r["list"] == list_name]))
    found.append(
        (
            FACTS,
            (
                {"case_id": c.id, **f, "sources": " ".join(f["sources"])}
                for c in casebook.cases
                for f in c.get("facts", ())
            ),
        )
    )
    found.append(
        (
            PARTNERS,
            (
                {"case_id": c.id, **p, "sources": " ".join(p["sources"])}
                for c in casebook.cases
                for p in c.get("partners", ())
            ),
        )
    )
    found.append((IDENTIFIERS, _identifiers(casebook)))
    found.append((FUNDING, ({"case_id": c.id, "funding": f} for c in casebook.cases for f in c.funding or ())))
    return {t.path: (t, table_csv(casebook, t, rows)) for t, rows in found}


def _identifiers(casebook: Casebook) -> Iterator[dict[str, str]]:
    for case in casebook.cases:
        owners = [("", case.data), *((p.get("name", ""), p) for p in case.get("partners", ()))]
        for partner, owner in owners:
            for i in owner.get("identifiers", ()):
                yield {
                    "case_id": case.id,
                    "partner": partner,
                    **i,
                    "url": casebook.identifier_url(i["scheme"], i["value"]),
                    "sources": " ".join(i["sources"]),
                }


def vocabulary_csv(casebook: Casebook, name: str) -> bytes:
    vocab = casebook.vocab(name)
    terms = (*vocab.terms, *vocab.extra)
    return _table(
        ["id", "label", "description"],
        [[t.id, t.label, " ".join(str(t.get("description", "")).split())] for t in terms],
    )


def atom_feed(casebook: Casebook, site_url: str) -> bytes:
    """An Atom feed of the cases, newest change first: each entry's title, summary,
    link and the date its file last changed. Written by ElementTree, which escapes every
    text and attribute; what XML 1.0 cannot carry at all is replaced (validation refuses
    it, but the feed stays XML whatever a case holds)."""
    entries = sorted(casebook.cases, key=lambda c: (casebook.changed.get(c.id, c["last_reviewed"]), c.id), reverse=True)
    when = lambda c: casebook.changed.get(c.id) or f"{c['last_reviewed']}T00:00:00+00:00"

    def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{_ATOM}}}{tag}", {k: characters.xml_safe(v) for k, v in attributes.items()})
        if text is not None:
            element.text = characters.xml_safe(text)
        return element

    feed = ET.Element(f"{{{_ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "en-GB"})
    add(feed, "title", "Collaboration Casebook: new and updated cases")
    add(feed, "id", site_url)
    add(feed, "link", rel="self", type="application/atom+xml", href=f"{site_url}feed.xml")
    add(feed, "link", rel="alternate", type="text/html", href=f"{site_url}cases/")
    add(feed, "updated", max((when(c) for c in casebook.cases), default="1970-01-01T00:00:00+00:00"))
    add(add(feed, "author"), "name", AUTHOR)
    add(feed, "rights", LICENCE["title"])
    for case in entries:
        url = page_url(site_url, case.id)
        entry = add(feed, "entry")
        add(entry, "title", case.name)
        add(entry, "id", url)
        add(entry, "link", rel="alternate", type="text/html", href=url)
        add(entry, "updated", when(case))
        add(entry, "summary", " ".join(case["summary"].split()))
    ET.indent(feed, space="")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


_ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", _ATOM)


def _json(value: Any, compact: bool = False) -> bytes:
    """JSON, indented for reading; the files with every case on one line (json's
    indented output is several times slower to write, which counts at thousands)."""
    return (json.dumps(value, ensure_ascii=False, indent=None if compact else 2) + "\n").encode("utf-8")


def schema_url(site_url: str, name: str = "case.schema.json") -> str:
    return site_url.rstrip("/") + "/schema/" + name


def datapackage(casebook: Casebook, site_url: str, long_tables: Mapping[str, tuple[Table, bytes]]) -> dict:
    study = casebook.study
    schema = thaw(casebook.case_schema)
    fields, keys = [], []
    for c in columns(schema):
        spec = {"name": c.name, "type": c.type, "description": column_description(c, schema)}
        if c.vocab and not c.joiner:  # a list's ids are checked in its long table
            spec["constraints"] = {"enum": list(casebook.vocab(c.vocab).ids)}
            keys.append(_foreign_key(c.name, c.vocab))
        fields.append(spec)
    cases = {
        "name": "cases",
        "path": "cases.csv",
        **_CSV,
        "description": "One row per case; each coded column is followed by its labels.",
        "schema": {"fields": fields, "primaryKey": ["id"], "missingValues": [""], "foreignKeys": keys},
    }
    return {
        "profile": "data-package",
        "name": "collaboration-casebook",
        "title": "Collaboration Casebook",
        "description": "Structured case studies of collaborative working between local government and the "
        "voluntary sector in the UK. Empty CSV cells mean 'not recorded'. Cells that would start "
        "with =, +, -, @, a tab or a carriage return are prefixed with an apostrophe. The CSV files "
        "are UTF-8 and begin with a byte-order mark, so that spreadsheets read their accents; "
        "readers that do not skip it should open them as utf-8-sig. Coded columns hold the ids of "
        "the vocabularies (vocabularies/<name>.csv, also api/vocabularies/<name>.json), each "
        "followed by a column of labels. " + NOT_COVERED,
        "homepage": site_url,
        **_edition_fields(casebook),
        "licenses": [LICENCE],
        "sources": [{"title": study["title"], "path": study["url"]}],
        "resources": [
            _with_rights(study, resource)
            for resource in (
                cases,
                *(_table_resource(casebook, t) for t, _ in long_tables.values()),
                {
                    "name": "cases-json",
                    "path": "cases.json",
                    "format": "json",
                    "mediatype": "application/json",
                    "description": "Every case with every recorded field, as in its YAML file; each follows "
                    + schema_url(site_url)
                    + ".",
                },
                *(_vocabulary_resource(casebook, name) for name in sorted(casebook.vocabularies)),
            )
        ],
    }


def _with_rights(study: Mapping[str, Any], resource: dict) -> dict:
    """A resource with its own licence and the study's credit: every table can hold the
    study's text (a study case's findings, a vocabulary's descriptions) or a quotation."""
    return {
        **resource,
        "description": f"{resource.get('description', '')} {NOT_COVERED}".strip(),
        "licenses": [LICENCE],
        "sources": [{"title": study_credit(study)["text"], "path": study["url"]}],
    }


_CSV = {"profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8"}


def _foreign_key(field_name: str, vocab: str) -> dict:
    return {"fields": [field_name], "reference": {"resource": f"vocabulary-{vocab}", "fields": ["id"]}}


def _vocabulary_resource(casebook: Casebook, name: str) -> dict:
    vocab = casebook.vocab(name)
    return {
        "name": f"vocabulary-{name}",
        "path": f"vocabularies/{name}.csv",
        **_CSV,
        "title": vocab.label,
        "description": " ".join(vocab.description.split()),
        "schema": {
            "fields": [
                {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
                {"name": "label", "type": "string", "constraints": {"required": True}},
                {"name": "description", "type": "string"},
            ],
            "primaryKey": ["id"],
            "missingValues": [""],
        },
    }


def _table_resource(casebook: Casebook, table: Table) -> dict:
    fields, keys = [], [{"fields": ["case_id"], "reference": {"resource": "cases", "fields": ["id"]}}]
    coded = {f.name: f.vocab for f in table.fields if f.vocab}
    for f in labelled(table.fields):
        spec = {"name": f.name, "type": f.type, "description": f.description}
        if f.name in coded:
            spec["constraints"] = {"enum": list(casebook.vocab(coded[f.name]).ids)}
            keys.append(_foreign_key(f.name, coded[f.name]))
        fields.append(spec)
    return {
        "name": table.name,
        "path": table.path,
        **_CSV,
        "description": table.description,
        "schema": {"fields": fields, "missingValues": [""], "foreignKeys": keys},
    }


def _edition_fields(casebook: Casebook) -> dict[str, str]:
    """The Data Package's version and creation date: the dataset's edition (CITATION.cff),
    not the build's clock, so that two builds of the same data write the same file."""
    edition = casebook.edition or {}
    fields = {}
    if edition.get("version"):
        fields["version"] = edition["version"]
    if edition.get("date"):
        fields["created"] = f"{edition['date']}T00:00:00Z"
    return fields


def exports(casebook: Casebook, site_url: str, schema_files: Mapping[str, bytes]) -> dict[str, bytes]:
    """Every exported file, by path below the site root, in a fixed order."""
    site_url = site_url.rstrip("/") + "/"
    plain = {c.id: thaw(c.data) for c in casebook.cases}  # each case thawed once
    cases = list(plain.values())
    # What every file of cases opens with: its licence, what that does not cover, the
    # study's credit and the schema its cases follow.
    head = {
        "licence": LICENCE["name"],
        "rights": NOT_COVERED,
        "credit": study_credit(casebook.study),
        "schema": schema_url(site_url),
    }
    files = {
        "data/cases.json": _json({**head, "cases": cases}, compact=True),
        "data/cases.csv": cases_csv(casebook, site_url, plain),
    }
    long_tables = tables(casebook)
    files.update({f"data/{path}": content for path, (_, content) in long_tables.items()})
    files.update({f"data/vocabularies/{n}.csv": vocabulary_csv(casebook, n) for n in sorted(casebook.vocabularies)})
    files["data/datapackage.json"] = _json(datapackage(casebook, site_url, long_tables))
    files["feed.xml"] = atom_feed(casebook, site_url)
    for case in casebook.cases:
        ris = citation.case_ris(casebook, case, page_url(site_url, case.id))
        files[f"cases/{case.id}/citation.ris"] = ris.encode("utf-8")
        files[f"api/cases/{case.id}.json"] = _json(plain[case.id], compact=True)
        files[f"api/finder/cases/{case.id}.json"] = _json(
            finder.case_record(casebook, case, plain[case.id], site_url), compact=True
        )
    moved = [thaw(e) for e in casebook.former.get("moved", ())]
    removed = [thaw(e) for e in casebook.former.get("removed", ())]
    for entry in moved:
        # A former id's file says where the case went, so API users can follow it.
        files[f"api/cases/{entry['id']}.json"] = _json(
            {**entry, "url": f"{site_url}api/cases/{entry['moved_to']}.json"}, compact=True
        )
        # Reference managers that saved the old RIS address still get the record.
        files[f"cases/{entry['id']}/citation.ris"] = files[f"cases/{entry['moved_to']}/citation.ris"]
    for entry in removed:
        files[f"api/cases/{entry['id']}.json"] = _json(entry, compact=True)
    names = sorted(casebook.vocabularies)
    for name in names:
        vocab = casebook.vocab(name)
        # The study file's own shape, so that it validates against the schema published
        # for that file: an extra id ("unclassified") stays under its own key, never
        # among the terms, whose schema requires what it lacks.
        files[f"api/vocabularies/{name}.json"] = _json(
            {**thaw(vocab.data), "terms": [thaw(t.data) for t in vocab.terms]}
        )
    # The finder's JSON download is data/cases.json's shape, for the cases chosen.
    files["api/finder/facets.json"] = _json({**finder.facets(casebook), "download": head})
    for number, ids in enumerate(finder.name_pages(casebook), start=1):
        files[f"api/finder/pages/{number}.json"] = _json({"cases": ids}, compact=True)
    files["api/study.json"] = _json(thaw(casebook.study))
    files["api/measurement.json"] = _json(thaw(casebook.measurement))
    files["api/index.json"] = _json(
        {
            **head,
            "schema_version": schema_version(casebook.case_schema),
            "cases": [
                {
                    "id": c.id,
                    "name": c.name,
                    "url": f"{site_url}api/cases/{c.id}.json",
                    "page": page_url(site_url, c.id),
                }
                for c in casebook.cases
            ],
            "moved": moved,
            "removed": removed,
            "vocabularies": {n: f"{site_url}api/vocabularies/{n}.json" for n in names},
            "study": f"{site_url}api/study.json",
            "measurement": f"{site_url}api/measurement.json",
            "downloads": {
                "json": f"{site_url}data/cases.json",
                "csv": f"{site_url}data/cases.csv",
                "datapackage": f"{site_url}data/datapackage.json",
            },
        }
    )
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
