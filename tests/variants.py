"""The data sets the suite must pass on besides the casebook as it is: the changes
CONTRIBUTING describes, made to a checkout as a contributor makes them.

    moved      a study case renamed (its file, its id, a `moved` entry) and another
               removed (its file deleted, a `removed` entry), as "Renaming or removing a
               case" says
    corrected  a study case corrected with a new source ("Correct a case": the name, the
               summary and a fact changed, the source listed and cited, last_reviewed
               today) and a new case the study did not cover

Usage: python tests/variants.py NAME [DIR]   (DIR: a checkout, by default this one;
it is changed in place, so give a scratch clone). `.ci/run` runs the README's test
command on a clone changed by each, after committing the change, so that the address
check sees it as a pull request would.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent

MINIMAL_CASE = """\
id: {id}
name: {name}
summary: A case used by the tests.
place:
  areas: [Somewhere]
  region: london
  nation: england
  sources: [s]
scope: Testing
model: {model}
classification_sources: [s]
sources:
  - id: s
    title: A source
    publisher: A publisher
    url: https://example.org/
last_reviewed: "2026-01-01"
"""


# A case the study did not cover, as a contributor might add it: no engagement, no study
# source, unclassified (as the template suggests), funding, typed partners, and a driver
# a source shows does not apply.
NEW_CASE_ID = "leeds-neighbourhood-alliance"
NEW_CASE = (
    MINIMAL_CASE.format(id=NEW_CASE_ID, name="Leeds Neighbourhood Alliance", model="{model}")
    + """\
website: https://www.leeds.gov.uk/
funding: [donations]
partners:
  - name: Leeds City Council
    type: local-government
    sources: [s]
drivers:
  - driver: {applies}
    basis: editors
    note: The source shows it.
    sources: [s]
  - driver: {not_applies}
    basis: editors
    applies: false
    note: The source shows it does not apply.
    sources: [s]
"""
)
GIVEN_WEBSITE = "https://www.example.gov.uk/a-site-the-study-case-lacked"


def extend_data(project: Path) -> None:
    """The real data plus a case the study did not cover, and a study case given a
    website it lacked (the first such case, if any): what a contributor's pull request does."""
    cases = project / "cases"
    add_new_case(project)
    for path in sorted(cases.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("engagement") and not data.get("website"):
            path.write_text(
                path.read_text(encoding="utf-8").rstrip("\n") + f"\nwebsite: {GIVEN_WEBSITE}\n", encoding="utf-8"
            )
            break


def add_new_case(project: Path) -> None:
    """cases/<NEW_CASE_ID>.yaml, its codes taken from the vocabularies in force."""
    models = yaml.safe_load((project / "study" / "models.yaml").read_text(encoding="utf-8"))
    drivers = yaml.safe_load((project / "study" / "drivers.yaml").read_text(encoding="utf-8"))["terms"]
    (project / "cases" / f"{NEW_CASE_ID}.yaml").write_text(
        NEW_CASE.replace("{model}", models["unclassified"]["id"])
        .replace("{applies}", drivers[-1]["id"])
        .replace("{not_applies}", drivers[0]["id"]),
        encoding="utf-8",
    )


EXAMPLE_RENAME = ("wigan-council", "wigan-the-deal")  # moved.yaml's own example
CORRECTION_SOURCE = "correction-source-2026"


def study_cases(root: Path) -> list[Path]:
    """The case files of the study's own cases (those with an `engagement`), by name."""
    return [
        p for p in sorted((root / "cases").glob("*.yaml")) if yaml.safe_load(p.read_text("utf-8")).get("engagement")
    ]


def _add_entry(moved: Path, kind: str, entry: str) -> None:
    """Add an entry under `moved:` or `removed:` as a contributor does, below the key."""
    text = moved.read_text(encoding="utf-8")
    if not re.search(rf"^{kind}:", text, re.M):
        text = text.rstrip("\n") + f"\n{kind}:\n"
    text = re.sub(rf"^{kind}:[^\n]*\n", lambda m: f"{kind}:\n{entry}", text, count=1, flags=re.M)
    moved.write_text(text, encoding="utf-8")


def moved(root: Path, today: str) -> dict[str, tuple[str, str]]:
    """Rename a study case (moved.yaml's own example, wigan-council to wigan-the-deal,
    while that case exists) and remove the last other one: what changed, for the log."""
    # Cases another file names (a former id's new home, the study's outcomes framework)
    # would need that file changed too: CONTRIBUTING's rename and removal are of others.
    named = {
        e.get("moved_to") for e in (yaml.safe_load((root / "moved.yaml").read_text("utf-8")) or {}).get("moved") or ()
    }
    named.add(yaml.safe_load((root / "study" / "measurement.yaml").read_text("utf-8"))["outcomes_framework"]["case"])
    cases = [p for p in study_cases(root) if p.stem not in named]
    first = next((p for p in cases if p.stem == EXAMPLE_RENAME[0]), cases[0])
    last = [p for p in cases if p != first][-1]
    old = first.stem
    new = EXAMPLE_RENAME[1] if old == EXAMPLE_RENAME[0] else f"{old}-renamed"
    text = first.read_text(encoding="utf-8")
    first.with_name(f"{new}.yaml").write_text(re.sub(rf"^id: {old}$", f"id: {new}", text, count=1, flags=re.M), "utf-8")
    first.unlink()
    name = yaml.safe_load(last.read_text("utf-8"))["name"]
    last.unlink()
    _add_entry(root / "moved.yaml", "moved", f'  - id: {old}\n    moved_to: {new}\n    date: "{today}"\n')
    _add_entry(
        root / "moved.yaml",
        "removed",
        f'  - id: {last.stem}\n    name: "{name}"\n    date: "{today}"\n'
        "    reason: Merged into another case (a test of a removal).\n",
    )
    return {"renamed": (old, new), "removed": (last.stem, name)}


def corrected(root: Path, today: str) -> dict[str, str]:
    """Correct the second study case from a new source, and add a new case."""
    path = study_cases(root)[1]
    data = yaml.safe_load(path.read_text("utf-8"))
    text = path.read_text(encoding="utf-8")
    name = data["name"]
    # Each field's line and the lines of a block value under it, replaced.
    swaps = [
        ("name", json.dumps(f"{name} Partnership")),
        ("summary", "A corrected summary, from a newer public source."),
        ("last_reviewed", f'"{today}"'),
    ]
    # The name the study used stays among the case's other names.
    known = f"also_known_as: [{json.dumps(name)}"
    if re.search(r"^also_known_as: \[", text, re.M):
        text = re.sub(r"^also_known_as: \[", lambda m: known + ", ", text, count=1, flags=re.M)
    else:
        text = re.sub(r"^(name:.*\n)", lambda m: m.group(1) + known + "]\n", text, count=1, flags=re.M)
    for field, value in swaps:
        text, n = re.subn(
            rf"^{field}:.*\n(?:[ ]+.*\n)*", lambda m, f=field, v=value: f"{f}: {v}\n", text, count=1, flags=re.M
        )
        assert n == 1, f"{path.name}: no field {field}"
    # The new source, cited by a new fact.
    text = re.sub(
        r"^sources:\n",
        "sources:\n"
        f"  - id: {CORRECTION_SOURCE}\n"
        "    title: A newer report on the collaboration\n"
        "    publisher: A publisher\n"
        "    year: 2026\n"
        "    url: https://www.example.org/newer-report\n",
        text,
        count=1,
        flags=re.M,
    )
    fact = (
        "  - topic: later\n"
        "    text: In 2026 the collaboration took on a new name, the newer report says.\n"
        f"    sources: [{CORRECTION_SOURCE}]\n"
    )
    text = (
        re.sub(r"^facts:\n", "facts:\n" + fact, text, count=1, flags=re.M)
        if "\nfacts:\n" in text
        else (text.rstrip("\n") + "\nfacts:\n" + fact)
    )
    path.write_text(text, encoding="utf-8")
    add_new_case(root)
    return {"corrected": path.stem, "added": NEW_CASE_ID}


VARIANTS = {"moved": moved, "corrected": corrected}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in VARIANTS or len(argv) > 2:
        print(f"usage: python tests/variants.py {{{','.join(VARIANTS)}}} [DIR]", file=sys.stderr)
        return 2
    root = Path(argv[1]) if len(argv) > 1 else HERE.parent
    for what, which in VARIANTS[argv[0]](root, dt.date.today().isoformat()).items():
        print(f"{what}: {which}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
