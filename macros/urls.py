"""The site's URL layout, in one place: where each generated page lives, and how a
page links to another.

Every page's source file sits in its URL's folder as index.md (``cases/<id>/index.md``
is ``cases/<id>/``), so a link relative to the page means the same whether a generator
resolves it against the page's URL (MkDocs) or against its source file (Zensical), and
under any path prefix."""

from __future__ import annotations

import re


# From a generated page (cases/<id>/, typology/<id>/, browse/<letter>/) back to the site root.
GENERATED_BASE = "../../"


def is_case_id(text: str) -> bool:
    """Whether ``text`` has a case id's form (the schema's pattern): safe as a path."""
    return re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", text) is not None


def case_src(case_id: str) -> str:
    return f"cases/{case_id}/index.md"


def model_src(model_id: str) -> str:
    return f"typology/{model_id}/index.md"


def browse_src(letter: str, number: int = 1) -> str:
    return f"browse/{letter}/index.md" if number == 1 else f"browse/{letter}/{number}/index.md"


def browse_url(base: str, letter: str, number: int = 1) -> str:
    return f"{base}browse/{letter}/" if number == 1 else f"{base}browse/{letter}/{number}/"


def case_url(base: str, case_id: str) -> str:
    return f"{base}cases/{case_id}/"


def model_url(base: str, model_id: str) -> str:
    return f"{base}typology/{model_id}/"


def page_url(base: str, path: str) -> str:
    """A hand-written page, by its URL path below the site root, e.g. 'comparisons/drivers/'."""
    return f"{base}{path}"


def propose_url(base: str, case_id: str | None = None) -> str:
    """The "Propose a case" form, or the form filled in with a case to change."""
    return page_url(base, "contribute/propose/") + (f"?case={case_id}" if case_id else "")


def base_for(page_url_path: str) -> str:
    """'' for the home page, '../' for 'cases/', '../../' for 'cases/x/'."""
    depth = len([p for p in page_url_path.strip("/").split("/") if p])
    return "../" * depth
