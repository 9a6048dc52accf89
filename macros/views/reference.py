"""The field reference, generated from the case schema so that it cannot drift from
what the validator enforces and what editors suggest."""

from __future__ import annotations

import json
from typing import Any, Iterator, Mapping

from ..model import Casebook, thaw
from .html import block, esc, md_heading


def fields(schema: Mapping[str, Any]) -> Iterator[tuple[str, Mapping, bool]]:
    """(dotted path, property schema with $ref resolved, required?) for every field."""
    defs = schema.get("$defs", {})

    def resolve(node: Mapping) -> Mapping:
        if "$ref" in node:
            target = defs[node["$ref"].split("/")[-1]]
            return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    def walk(node: Mapping, prefix: str) -> Iterator[tuple[str, Mapping, bool]]:
        required = set(node.get("required", ()))
        for name, spec in node.get("properties", {}).items():
            spec = resolve(spec)
            path = f"{prefix}{name}"
            yield path, spec, name in required
            if spec.get("type") == "object":
                yield from walk(spec, path + ".")
            elif spec.get("type") == "array":
                items = resolve(spec.get("items", {}))
                if items.get("type") == "object":
                    yield from walk(items, path + "[].")

    yield from walk(schema, "")


def type_name(spec: Mapping) -> str:
    kind = spec.get("type")
    if kind == "array":
        items = spec.get("items", {})
        inner = "entries (see below)" if items.get("type") == "object" or "$ref" in items else \
            type_name(items) if items.get("type") else "values"
        return f"list of {inner}"
    if spec.get("format") == "uri":
        return "web address (http or https)"
    if spec.get("format") == "date":
        return "date, YYYY-MM-DD"
    return {"string": "text", "object": "mapping of fields", "integer": "whole number",
            "boolean": "true or false"}.get(kind, str(kind))


def example_at(example: Any, path: str) -> Any:
    value = example
    for part in path.split("."):
        if part.endswith("[]"):
            value = value.get(part[:-2]) if isinstance(value, Mapping) else None
            value = value[0] if isinstance(value, (list, tuple)) and value else None
        else:
            value = value.get(part) if isinstance(value, Mapping) else None
        if value is None:
            return None
    return value


def field_reference(casebook: Casebook) -> str:
    schema = thaw(casebook.case_schema)
    out = []
    for path, spec, required in fields(schema):
        items = spec.get("items", {})
        vocabulary = spec.get("x-vocabulary") or items.get("x-vocabulary")
        rows = [("Type", esc(type_name(spec))),
                ("Required", "required" if required else "optional: leave it out where no source says; the site shows “not recorded”")]
        if vocabulary:
            vocab = casebook.vocab(vocabulary)
            terms = [*vocab.terms, *vocab.extra]
            rows.append(("Allowed values", "<ul>" + "".join(
                f"<li><code>{esc(t.id)}</code>: {esc(t.label)}"
                + (f". {esc(t.description)}" if t.description else "") + "</li>" for t in terms) + "</ul>"))
        example = example_at(thaw(casebook.example), path)
        if example is not None and not isinstance(example, dict) and not (
                isinstance(example, list) and example and isinstance(example[0], dict)):
            rows.append(("Example", f"<code>{esc(json.dumps(example, ensure_ascii=False))}</code>"))
        title = spec.get("title") or path
        out.append(md_heading(2, path, "field-" + path.replace("[]", "").replace(".", "-").replace("_", "-")))
        out.append(block(f"<p><strong>{esc(title)}.</strong> {esc(spec.get('description', ''))}</p>"
                         '<dl class="cb-facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"))
    return "".join(out)
