"""The "Propose a case" form, read from the case schema: what control each field gets,
its label, hint and allowed values. The template (macros/html/propose.html) draws it and
docs/javascripts/propose.js gathers it into a case; neither names a field of its own, so
a field added to the schema appears in the form with its title and description.

Input: the case schema with its enums filled in (``Casebook.case_schema``) and the
vocabularies' labels; output: a tree of ``Field``, e.g. ``place`` is a group whose
``region`` is a select of the regions, and ``sources`` a list whose item is a group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Callable, Mapping

from ..schema import is_url, resolve

# Text longer than this gets a box of several lines.
LONG_TEXT = 300


@dataclass(frozen=True)
class Field:
    key: str  # the field's name in its parent ("region"); "" for a list's item
    label: str
    hint: str
    required: bool
    control: str  # text, textarea, url, number, select, yesno, checkboxes, refs, group, list
    options: tuple[tuple[str, str], ...] = ()  # (value, label) of a select or checkboxes
    children: tuple["Field", ...] = ()  # a group's fields
    item: "Field | None" = None  # a list's item
    min_items: int = 0
    kind: str = ""  # what the value is, for propose.js: string, integer, boolean, date
    default: Any = None  # the schema's default, which an empty box means
    note: str = ""  # what the form adds to the description: how the box is filled

    @property
    def hint_runs(self) -> list[tuple[str, bool]]:
        return hint_parts(self.hint)

    @property
    def empty_choice(self) -> str:
        """What a select's empty choice says: the schema's default, or that nothing is given."""
        if self.default is not None:
            return "Not given, so " + {True: "yes", False: "no"}.get(self.default, str(self.default))
        return "Choose one" if self.required else "Not recorded"

    @property
    def noun(self) -> str:
        """The label as a noun in a sentence: "a source", "an area"."""
        word = self.label[:1].lower() + self.label[1:]
        if word.startswith("other "):
            return "an" + word
        return ("an " if word[:1] in "aeiou" else "a ") + word


def hint_parts(text: str) -> list[tuple[str, bool]]:
    """A description as (text, is_code) runs: `backticked` words are shown as code."""
    return [(piece, index % 2 == 1) for index, piece in enumerate(re.split(r"`([^`]*)`", text)) if piece]


def form_fields(schema: Mapping[str, Any], label: Callable[[str, str], str]) -> tuple[Field, ...]:
    """Every top-level field of a case, in the schema's order. ``label(vocabulary, term)``
    names an allowed value."""
    reader = _Reader(schema.get("$defs", {}), label)
    needed = set(schema.get("required", ()))
    found = [reader.field(name, spec, name in needed) for name, spec in schema.get("properties", {}).items()]
    # A newcomer gives the name first; the script makes the id from it (the file keeps
    # the schema's order).
    found = [replace(f, note=MADE_FROM_NAME) if f.key == "id" else f for f in found]
    return tuple(sorted(found, key=lambda f: f.key != NAMED_FIRST))


NAMED_FIRST = "name"
MADE_FROM_NAME = "The form makes it from the name: change it only if you need to."
REFS_NOTE = "Type the ids you give your sources under “Sources” at the end of the form, separated by commas."


@dataclass(frozen=True)
class _Reader:
    defs: Mapping[str, Any]
    label: Callable[[str, str], str]

    def options(self, spec: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
        vocabulary = spec.get("x-vocabulary")
        return tuple((str(v), self.label(vocabulary, v) if vocabulary else str(v)) for v in spec.get("enum", ()))

    def field(self, key: str, spec: Mapping[str, Any], required: bool, title: str = "") -> Field:
        ref = str(spec.get("$ref", ""))
        spec = resolve(self.defs, spec)
        common = {
            "key": key,
            "label": spec.get("title") or title or key.replace("_", " ").capitalize(),
            "hint": spec.get("description", ""),
            "required": required,
            "default": spec.get("default"),
        }
        kind = spec.get("type")
        if kind == "object":
            needed = set(spec.get("required", ()))
            children = tuple(
                self.field(name, child, name in needed) for name, child in spec.get("properties", {}).items()
            )
            return Field(control="group", children=children, **common)
        if kind == "array":
            return self.array(spec, ref, common)
        if "enum" in spec:
            return Field(control="select", options=self.options(spec), kind="string", **common)
        if kind in ("boolean", "integer"):
            return Field(control="yesno" if kind == "boolean" else "number", kind=kind, **common)
        if is_url(spec):
            return Field(control="url", kind="string", **common)
        long = spec.get("maxLength", 0) > LONG_TEXT
        date = spec.get("format") == "date"
        return Field(control="textarea" if long else "text", kind="date" if date else "string", **common)

    def array(self, spec: Mapping[str, Any], ref: str, common: dict) -> Field:
        items = resolve(self.defs, spec.get("items", {}))
        if "enum" in items:
            return Field(control="checkboxes", options=self.options(items), kind="string", **common)
        if ref.endswith("/source_refs"):
            # Ids of the case's own sources, typed as a list in one box: "a, b".
            return Field(control="refs", kind="string", min_items=spec.get("minItems", 0), note=REFS_NOTE, **common)
        item = self.field("", items, True, title=items.get("title", common["label"]))
        return Field(control="list", item=item, min_items=spec.get("minItems", 0), **common)


def template_comments(template: str) -> dict[str, list[str]]:
    """The comment templates/case.yaml gives each top-level field it writes out: the
    lines from its "# (required)" or "# (optional)" line down to the field. The form's
    file keeps them, so that it reads like a file made from the template."""
    found: dict[str, list[str]] = {}
    lines = template.splitlines()
    for index, line in enumerate(lines):
        match = re.match(r"([a-z_]+):", line)
        if not match:
            continue
        block: list[str] = []
        for above in reversed(lines[max(0, index - 3) : index]):
            if not above.startswith("# ") or re.match(r"#\s+[a-z_]+:", above):
                break
            block.insert(0, above)
            if above.startswith(("# (required)", "# (optional)")):
                found[match[1]] = block
                break
    return found
