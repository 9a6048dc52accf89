"""The field reference, generated from the case schema so that it cannot drift from
what the validator enforces and what editors suggest."""

from __future__ import annotations

import json
from typing import Any, Mapping

from ..model import Casebook, thaw
from ..schema import fields, type_name
from .markdown import block, md_heading
from .render import part


def example_at(example: Any, path: str) -> Any:
    value = example
    for piece in path.split("."):
        if piece.endswith("[]"):
            value = value.get(piece[:-2]) if isinstance(value, Mapping) else None
            value = value[0] if isinstance(value, (list, tuple)) and value else None
        else:
            value = value.get(piece) if isinstance(value, Mapping) else None
        if value is None:
            return None
    return value


def field_reference(casebook: Casebook) -> str:
    out = []
    for path, spec, required in fields(thaw(casebook.case_schema)):
        vocabulary = spec.get("x-vocabulary") or spec.get("items", {}).get("x-vocabulary")
        terms = []
        if vocabulary:
            vocab = casebook.vocab(vocabulary)
            # A description that only repeats the label ("England. England.") is left out.
            terms = [
                {
                    "id": t.id,
                    "label": t.label,
                    "description": t.description if (t.description or "").rstrip(".") != t.label else "",
                }
                for t in (*vocab.terms, *vocab.extra)
            ]
        example = example_at(thaw(casebook.example), path)
        shown = None
        if (
            example is not None
            and not isinstance(example, dict)
            and not (isinstance(example, list) and example and isinstance(example[0], dict))
        ):
            shown = json.dumps(example, ensure_ascii=False)
        out.append(md_heading(2, path, "field-" + path.replace("[]", "").replace(".", "-").replace("_", "-")))
        out.append(
            block(
                part(
                    "reference.html",
                    "field",
                    {
                        "title": spec.get("title") or path,
                        "description": spec.get("description", ""),
                        "type": type_name(spec),
                        "required": required,
                        "terms": terms,
                        "example": shown,
                    },
                )
            )
        )
    return "".join(out)
