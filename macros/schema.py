"""Reading the case schema: its fields, its vocabulary lists, its defaults. The one
place that walks the JSON Schema, so that the validator, the views and the exports
agree on the shape of a case.

Input: the case schema as a mapping (``Casebook.case_schema``, enums filled in), e.g.::

    {"properties": {"drivers": {"type": "array", "x-unique-key": "driver",
                                "items": {"required": ["driver"], "properties": {
                                    "driver": {"x-vocabulary": "drivers"},
                                    "applies": {"type": "boolean", "default": true}}}}}}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

URL_PATTERN_START = "^https?://"


def resolve(defs: Mapping[str, Any], node: Mapping) -> Mapping:
    """A property schema with its $ref (to one of ``defs``) filled in; its own keys win."""
    if "$ref" in node:
        target = defs[node["$ref"].split("/")[-1]]
        return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def fields(schema: Mapping[str, Any]) -> Iterator[tuple[str, Mapping, bool]]:
    """(dotted path, property schema with $ref resolved, required?) for every field;
    list entries' fields as ``drivers[].driver``."""
    defs = schema.get("$defs", {})

    def walk(node: Mapping, prefix: str) -> Iterator[tuple[str, Mapping, bool]]:
        required = set(node.get("required", ()))
        for name, spec in node.get("properties", {}).items():
            spec = resolve(defs, spec)
            path = f"{prefix}{name}"
            if spec.get("type") == "array":
                spec = {**spec, "items": resolve(defs, spec.get("items", {}))}
            yield path, spec, name in required
            if spec.get("type") == "object":
                yield from walk(spec, path + ".")
            elif spec.get("type") == "array" and spec["items"].get("type") == "object":
                yield from walk(spec["items"], path + "[].")

    yield from walk(schema, "")


# The case's top-level fields that the views lay out by hand: the case page, the
# comparison, the columns of cases.csv and the pull-request preview. A field the schema
# gains beyond these reaches all four from the schema (further_fields), under its title
# and as text (as_text), until someone gives it a place of its own.
LAID_OUT = frozenset(
    {
        "id", "name", "also_known_as", "summary", "organisation_type", "website", "place", "identifiers",
        "engagement", "scope", "model", "funding", "classification_sources", "status", "started", "ended",
        "successor", "caveats", "partners", "drivers", "coding", "enablers", "measurement", "accountability",
        "learning", "quotes", "facts", "sources", "last_reviewed",
    }
)  # fmt: skip


def further_fields(schema: Mapping[str, Any]) -> list[tuple[str, Mapping]]:
    """(name, property schema) of each top-level field no view lays out by hand, in the
    schema's order."""
    defs = schema.get("$defs", {})
    return [(name, resolve(defs, spec)) for name, spec in schema["properties"].items() if name not in LAID_OUT]


def title(name: str, spec: Mapping[str, Any]) -> str:
    """What a field is called to a reader: its schema title, else its name as words."""
    return spec.get("title") or name.replace("_", " ").capitalize()


def further(schema: Mapping[str, Any], case: Mapping[str, Any], label) -> list[tuple[str, str, str | None]]:
    """(field, title, text or None where the case has no value) for each of the
    further fields, the case's values read by as_text."""
    out = []
    for name, spec in further_fields(schema):
        value = case.get(name)
        empty = value is None or (isinstance(value, (list, tuple, Mapping)) and not value)
        out.append((name, title(name, spec), None if empty else as_text(schema, spec, value, label)))
    return out


def as_text(schema: Mapping[str, Any], spec: Mapping[str, Any], value: Any, label) -> str:
    """A value as one line of plain text, read by its schema: a vocabulary's term by its
    label (``label(vocabulary, id)``), a list joined with "; ", an entry's fields each
    after its title ("Amount: 5; Sources: a")."""
    defs = schema.get("$defs", {})
    spec = resolve(defs, spec)
    if isinstance(value, Mapping):
        children = spec.get("properties", {})
        return "; ".join(
            f"{title(k, resolve(defs, children.get(k, {})))}: {as_text(schema, children.get(k, {}), v, label)}"
            for k, v in value.items()
        )
    if isinstance(value, (list, tuple)):
        return "; ".join(as_text(schema, spec.get("items", {}), v, label) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if spec.get("x-vocabulary"):
        return label(spec["x-vocabulary"], value)
    return str(value)


def field(schema: Mapping[str, Any], path: str) -> Mapping[str, Any]:
    for where, spec, _ in fields(schema):
        if where == path:
            return spec
    raise KeyError(f"the case schema has no field {path!r}")


def is_url(spec: Mapping[str, Any]) -> bool:
    return str(spec.get("pattern", "")).startswith(URL_PATTERN_START)


def _text_fields(schema: Mapping[str, Any]) -> Iterator[tuple[str, Mapping]]:
    """(path, schema) of each text field, a list of texts' items as ``also_known_as[]``."""
    for path, spec, _ in fields(schema):
        if spec.get("type") == "string":
            yield path, spec
        elif spec.get("type") == "array" and spec["items"].get("type") == "string":
            yield path + "[]", spec["items"]


def url_fields(schema: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(path for path, spec in _text_fields(schema) if is_url(spec))


def one_line_fields(schema: Mapping[str, Any]) -> tuple[str, ...]:
    """The text fields whose pattern refuses a line separator: names, titles, places."""
    return tuple(
        path
        for path, spec in _text_fields(schema)
        if "pattern" in spec and not is_url(spec) and not re.search(spec["pattern"], "a\u2028b")
    )


def type_name(spec: Mapping[str, Any]) -> str:
    """The kind of value a field takes, in words, for the field reference."""
    kind = spec.get("type")
    if kind == "array":
        items = spec.get("items", {})
        inner = (
            "entries (see below)"
            if items.get("type") == "object"
            else type_name(items)
            if items.get("type")
            else "values"
        )
        return f"list of {inner}"
    if is_url(spec):
        return "web address (http or https)"
    if spec.get("format") == "date":
        return "date, YYYY-MM-DD"
    return {"string": "text", "object": "mapping of fields", "integer": "whole number", "boolean": "true or false"}.get(
        kind, str(kind)
    )


@dataclass(frozen=True)
class EntryList:
    """A list of entries, each about one term of a vocabulary: ``drivers`` holds
    entries whose ``driver`` is a term of ``drivers``."""

    field: str
    key: str
    vocabulary: str
    unique: bool  # one entry per term at most (the schema's x-unique-key)


def entry_lists(schema: Mapping[str, Any]) -> dict[str, EntryList]:
    """Every top-level list whose entries are keyed by a required vocabulary term."""
    found = {}
    for path, spec, _ in fields(schema):
        items = spec.get("items", {}) if spec.get("type") == "array" else {}
        if "." in path or "[]" in path or items.get("type") != "object":
            continue
        # The entry's term is its first required field with a vocabulary (a driver's
        # `driver`, not its `basis`).
        for key in items.get("required", ()):
            vocabulary = items.get("properties", {}).get(key, {}).get("x-vocabulary")
            if vocabulary:
                found[path] = EntryList(path, key, vocabulary, spec.get("x-unique-key") == key)
                break
    return found


def default(schema: Mapping[str, Any], path: str) -> Any:
    """A field's default, as the schema states it (``drivers[].applies`` -> True)."""
    return field(schema, path)["default"]


def nodes_where(node: Any, wanted) -> Iterator[dict]:
    """Every schema node (a mapping) for which ``wanted(node)`` holds, depth first."""
    if isinstance(node, dict):
        if wanted(node):
            yield node
        for child in node.values():
            yield from nodes_where(child, wanted)
    elif isinstance(node, list):
        for child in node:
            yield from nodes_where(child, wanted)


def vocabulary_nodes(node: Any) -> Iterator[dict]:
    """Every schema node that takes its enum from a vocabulary."""
    return nodes_where(node, lambda n: "x-vocabulary" in n)


def described_nodes(node: Any) -> Iterator[dict]:
    """Every schema node with a description (which editors show on hover)."""
    return nodes_where(node, lambda n: isinstance(n.get("description"), str))


def version(schema: Mapping[str, Any]) -> str:
    """The schema's own version (``x-version``), which the changelog and the Data page name."""
    return str(schema.get("x-version", ""))


def renamed(schema: Mapping[str, Any]) -> list[Mapping[str, str]]:
    """Top-level fields renamed in recent releases: [{"from", "to", "until"}]. The old
    name is read as the new one, with a warning, until the release named in ``until``."""
    return list(schema.get("x-renamed", ()))
