"""A case as a citation record for reference managers (RIS): written as a file by the
exports and shown, to copy, on the case page. Neutral ground, so that neither imports
the other."""

from __future__ import annotations

from .dataset import AUTHOR, PUBLISHER
from .model import Case, Casebook


def edition_of(casebook: Casebook) -> tuple[str, str | None]:
    """(version, DOI) that a case's citations name: the DOI once a release has one."""
    edition = casebook.edition or {}
    return edition.get("version", ""), edition.get("doi")


def case_ris(casebook: Casebook, case: Case, url: str) -> str:
    """The case as an RIS record (reference managers: Zotero, EndNote, Mendeley)."""
    reviewed = case["last_reviewed"]
    version, doi = edition_of(casebook)
    lines = [
        "TY  - DATA",
        f"TI  - {' '.join(case.name.split())}",
        f"AU  - {AUTHOR}",
        f"PY  - {reviewed[:4]}",
        f"DA  - {reviewed.replace('-', '/')}",
        f"T2  - {PUBLISHER}",
        f"PB  - {PUBLISHER}",
        f"UR  - {url}",
        f"AB  - {' '.join(case['summary'].split())}",
    ]
    if version:
        lines.append(f"ET  - {version}")
    if doi:
        lines.append(f"DO  - {doi}")
    lines += ["LA  - en", "ER  - ", ""]
    return "\r\n".join(lines)
