"""The command line: ``python -m macros <command>``.

    validate [PATH ...] [--format text|github]   check cases (default: the casebook)
    new "Organisation name"                      write cases/<id>.yaml from the template
    schema [--check]                             refresh the vocabulary enums in the case schema

Exit codes: 0 success, 1 invalid data, 2 usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
from pathlib import Path

from .casebook import ROOT, Project, case_schema_for, load_study, validate_project, vocabularies_from
from .problems import display_path

TEMPLATE = ROOT / "templates" / "case.yaml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("validate", help="check case files against the schema and the rules")
    check.add_argument("paths", nargs="*", type=Path, help="case files or folders (default: the whole casebook)")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="github: GitHub Actions annotations, plus a job summary when run in Actions")

    new = commands.add_parser("new", help="write a new case file from the template")
    new.add_argument("name", help="the organisation's name, in quotes")

    schema = commands.add_parser("schema", help="refresh the vocabulary enums in schema/case.schema.json")
    schema.add_argument("--check", action="store_true", help="only report whether the schema is up to date")

    args = parser.parse_args(argv)
    return _HANDLERS[args.command](args)


def cmd_validate(args) -> int:
    root = args.root.resolve()
    paths = [p.resolve() for p in args.paths] if args.paths else None
    casebook, problems = validate_project(root, paths, display_root=Path.cwd())
    if args.format == "github":
        for problem in problems:
            print(problem.format_github())
        _write_job_summary(problems)
    else:
        for problem in problems:
            print(problem.format_text())
    if problems:
        files = len({p.path for p in problems})
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} "
              f"file{'s' if files != 1 else ''}. See CONTRIBUTING.md for what each field takes.",
              file=sys.stderr)
        return 1
    count = len(casebook.cases)
    print(f"OK: {count} case{'s' if count != 1 else ''} valid.", file=sys.stderr)
    return 0


def _write_job_summary(problems) -> None:
    import os

    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    lines = ["## Casebook validation", ""]
    if not problems:
        lines.append("All case files are valid.")
    else:
        lines += [f"{len(problems)} problem(s):", "", "| File | Line | Field | Problem |", "|---|---|---|---|"]
        for p in problems:
            cell = lambda s: s.replace("|", "\\|").replace("\n", " ")
            lines.append(f"| {cell(p.path)} | {p.line} | {cell(p.field)} | {cell(p.message)} |")
    with open(target, "a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = ascii_name.replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def cmd_new(args, today: dt.date | None = None) -> int:
    name = args.name.strip()
    case_id = slugify(name)
    if not case_id or len(name) < 2:
        print(f"error: cannot make an id from {args.name!r}; give the organisation's name.", file=sys.stderr)
        return 2
    target = Project(args.root).cases_dir / f"{case_id}.yaml"
    if target.exists():
        print(f"error: {display_path(target)} exists already; edit it instead.", file=sys.stderr)
        return 2
    text = render_template(case_id, name, today or dt.date.today())
    target.write_text(text, encoding="utf-8")
    print(f"Wrote {display_path(target)}. Fill it in, then run: python -m macros validate {display_path(target)}")
    return 0


def render_template(case_id: str, name: str, today: dt.date) -> str:
    text = TEMPLATE.read_text(encoding="utf-8")
    text = text.replace("id: example-organisation", f"id: {case_id}", 1)
    text = text.replace("name: Example Organisation", f"name: {json.dumps(name, ensure_ascii=False)}", 1)
    return re.sub(r'last_reviewed: "[0-9-]+"', f'last_reviewed: "{today.isoformat()}"', text, count=1)


def cmd_schema(args) -> int:
    project = Project(args.root)
    docs, problems = load_study(project, Path.cwd())
    if problems:
        for problem in problems:
            print(problem.format_text())
        return 1
    fresh = json.dumps(case_schema_for(project, vocabularies_from(docs)), indent=2, ensure_ascii=False) + "\n"
    path = project.schema_dir / "case.schema.json"
    if path.read_text(encoding="utf-8") == fresh:
        print("schema/case.schema.json is up to date.")
        return 0
    if args.check:
        print("schema/case.schema.json is out of date with study/*.yaml: run `python -m macros schema`.")
        return 1
    path.write_text(fresh, encoding="utf-8")
    print("Updated schema/case.schema.json from the vocabularies.")
    return 0


_HANDLERS = {"validate": cmd_validate, "new": cmd_new, "schema": cmd_schema}
