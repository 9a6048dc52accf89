"""The command line: ``python -m macros <command>``.

    validate [PATH ...] [--format text|github]   check cases (default: the casebook)
    new "Organisation name"                      write cases/<id>.yaml from the template
    schema [--check]                             refresh the vocabulary enums in the case schema
    export DIR                                   write the open-data files (data/, api/, schema/) into DIR
    synth --count N --out DIR                    write N synthetic cases (benchmarks and scale tests only)
    preview PATH ...                             the cases' facts as Markdown, as readers will see them
    prepare-docs DIR / finish-site SITE_DIR      the build steps around a generator without hooks (Zensical)
    links SITE_DIR                               check the internal links of a built site
    stale [--days N] [--format text|github]      list cases whose review is older than N days
    release --version X.Y.Z [--date YYYY-MM-DD]  set the version, write CHANGELOG.md and .zenodo.json
    addresses --since REV                        check that the cases at a git revision keep their addresses

Exit codes: 0 success, 1 invalid data, 2 usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shlex
import sys
from pathlib import Path

import yaml

from .loader import ROOT, Project, case_schema_for, load_study, validate_project, vocabularies_from
from .problems import annotation, count, display_path, summary_line
from .validate import WINDOWS_RESERVED, slugify


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("validate", help="check case files against the schema and the rules")
    check.add_argument("paths", nargs="*", type=Path, help="case files or folders (default: the whole casebook)")
    check.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github: GitHub Actions annotations, plus a job summary when run in Actions",
    )

    new = commands.add_parser("new", help="write a new case file from the template")
    new.add_argument("name", help="the organisation's name, in quotes")

    schema = commands.add_parser("schema", help="refresh the vocabulary enums in schema/case.schema.json")
    schema.add_argument("--check", action="store_true", help="only report whether the schema is up to date")

    exporter = commands.add_parser("export", help="write data/, api/ and schema/ files into a folder")
    exporter.add_argument("target", type=Path, help="the folder to write into")

    synth = commands.add_parser("synth", help="write synthetic cases for benchmarks (never into the real cases/)")
    synth.add_argument("--count", type=int, required=True)
    synth.add_argument(
        "--out",
        type=Path,
        required=True,
        help="a scratch folder, never this project's own cases/ (a copy's, from here: /tmp/copy/cases)",
    )
    synth.add_argument("--seed", type=int, default=0)

    preview = commands.add_parser("preview", help="print case files' facts as Markdown, as readers will see them")
    preview.add_argument("paths", nargs="+", type=Path, help="case files, e.g. those a pull request changes")

    prepare = commands.add_parser(
        "prepare-docs", help="copy docs/ with the generated pages, for a generator without hooks"
    )
    prepare.add_argument("target", type=Path, help="the folder to write, e.g. .zensical/docs (replaced)")

    finish = commands.add_parser(
        "finish-site", help="add the open data, CSP and edit links to a site built without hooks"
    )
    finish.add_argument("site", type=Path, help="the built site, e.g. site-zensical/")

    links = commands.add_parser("links", help="check the internal links of a built site")
    links.add_argument("site", type=Path, help="the built site, e.g. site/")
    links.add_argument("--prefix", default=None, help="the path of site_url (default: read from mkdocs.yml)")

    stale = commands.add_parser("stale", help="list cases last reviewed more than N days ago")
    stale.add_argument("--days", type=_days, default=365, help="how old a review may be (default 365)")
    stale.add_argument("--today", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)")
    stale.add_argument("--format", choices=("text", "github"), default="text")

    release = commands.add_parser("release", help="set the dataset's version; write the changelog and .zenodo.json")
    release.add_argument("--version", required=True, help="three numbers, e.g. 0.2.0")
    release.add_argument("--date", default=None, help="the release date, YYYY-MM-DD (default: today)")

    addresses = commands.add_parser(
        "addresses", help="check that every case at a git revision still has its address (moved.yaml)"
    )
    addresses.add_argument("--since", required=True, help="a git revision, e.g. origin/main or v0.1.0")

    args = parser.parse_args(argv)
    return _HANDLERS[args.command](args)


def _days(text: str) -> int:
    days = int(text)
    if days < 0:
        raise argparse.ArgumentTypeError("give a number of days, 0 or more")
    return days


def cmd_validate(args) -> int:
    root = args.root.resolve()
    missing = [p for p in args.paths if not p.exists() and not p.is_symlink()]
    if missing:
        for path in missing:
            print(f"error: there is no file or folder '{path}'.", file=sys.stderr)
        return 2
    paths = [Path(os.path.abspath(p)) for p in args.paths] if args.paths else None
    casebook, problems = validate_project(root, paths, display_root=Path.cwd())
    if args.format == "github":
        for problem in problems:
            print(problem.format_github())
        _write_job_summary(problems)
    else:
        for problem in problems:
            print(problem.format_text())
    if problems:
        print(summary_line(problems), file=sys.stderr)
        return 1
    for notice in casebook.notices:
        print(notice.format_github() if args.format == "github" else notice.format_text())
    print(f"OK: {count(len(casebook.cases), 'case')} valid.", file=sys.stderr)
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


def cmd_new(args, today: dt.date | None = None) -> int:
    name = args.name.strip()
    case_id = slugify(name)
    if not case_id or len(name) < 2:
        print(f"error: cannot make an id from {args.name!r}; give the organisation's name.", file=sys.stderr)
        return 2
    if case_id in WINDOWS_RESERVED:
        print(
            f"error: '{case_id}' is a name Windows keeps for a device, so cases/{case_id}.yaml could not be "
            "checked out there. Give a longer name, for example with the place in it.",
            file=sys.stderr,
        )
        return 2
    project = Project(args.root)
    target = project.cases_dir / f"{case_id}.yaml"
    if target.exists():
        print(f"error: {display_path(target)} exists already; edit it instead.", file=sys.stderr)
        return 2
    former = _former_entry(project, case_id)
    if former is not None:
        went = (
            f"moved to '{former['moved_to']}'"
            if former.get("moved_to")
            else f"removed ({str(former.get('reason', '')).rstrip('.')})"
        )
        print(
            f"error: '{case_id}' was a case's id: moved.yaml says it {went} on {former.get('date')}. Its address "
            "still leads there, so a new case cannot take it. Give a more specific name, for example with the "
            "place or the programme in it."
            + (
                f" To correct the case it became, edit {display_path(project.cases_dir / former['moved_to'])}.yaml."
                if former.get("moved_to")
                else ""
            ),
            file=sys.stderr,
        )
        return 2
    text = render_template(project.root / "templates" / "case.yaml", case_id, name, today or dt.date.today())
    target.write_text(text, encoding="utf-8")
    print(
        f"Wrote {display_path(target)}. Replace the template's examples with what your sources say, "
        f"then check it:\n  {_validate_command(project.root, target)}"
    )
    return 0


def _validate_command(root: Path, target: Path) -> str:
    """The command that checks ``target`` on any machine: make sets up the environment
    first, where `python3 -m macros` would fail outside it (Debian has no PyYAML)."""
    here = display_path(root)
    into = "" if here in ("", ".") else f"-C {shlex.quote(here)} "
    return f"make {into}validate FILE={shlex.quote(target.relative_to(root).as_posix())}"


def _former_entry(project: Project, case_id: str) -> dict | None:
    """moved.yaml's entry for ``case_id``, if it is a former id."""
    path = project.root / "moved.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    entries = [e for kind in ("moved", "removed") for e in (data or {}).get(kind) or () if isinstance(e, dict)]
    return next((e for e in entries if e.get("id") == case_id), None)


def render_template(template: Path, case_id: str, name: str, today: dt.date) -> str:
    text = template.read_text(encoding="utf-8")
    # The lines that tell how to start from the template are done with.
    text = re.sub(
        r"^# A case of the Collaboration Casebook\. Copy this file.*?\n(?=# Fill in)",
        "# A case of the Collaboration Casebook.\n",
        text,
        count=1,
        flags=re.M | re.S,
    )
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
    return _compile_form_validator(project.root)


def _compile_form_validator(root: Path) -> int:
    """The "Propose a case" form checks with the schema compiled (docs/javascripts/case-schema.js):
    compiled again with the schema, where the tests' node packages are installed."""
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None or not (root / "node_modules" / "ajv").is_dir():
        print("Now run `make validator`, which compiles the form's check from the new schema (it needs node).")
        return 0
    run = subprocess.run([node, str(root / "tools" / "compile-validator.mjs")], cwd=root)
    if run.returncode == 0:
        print("Compiled the form's check, docs/javascripts/case-schema.js, from the new schema.")
    return run.returncode


def _casebook(args):
    """The casebook as published (its edition, its cases' last changes), or None after printing
    its problems (commands that need valid data)."""
    from .loader import load_casebook
    from .problems import InvalidData
    from .release import published

    try:
        return published(load_casebook(args.root), args.root)
    except InvalidData as error:
        print(error.report(), file=sys.stderr)
        return None


def cmd_synth(args) -> int:
    from .synth import synthetic_cases

    out = args.out.resolve()
    if out == Project(args.root).cases_dir.resolve():
        print(
            "error: synthetic cases never go into the real cases/ folder of this project; give a scratch"
            " folder, such as another copy's cases/ (--out /tmp/copy/cases).",
            file=sys.stderr,
        )
        return 2
    if args.count < 1:
        print("error: --count must be at least 1.", file=sys.stderr)
        return 2
    casebook = _casebook(args)
    if casebook is None:
        return 1
    out.mkdir(parents=True, exist_ok=True)
    for case_id, text in synthetic_cases(casebook, args.count, args.seed):
        (out / f"{case_id}.yaml").write_text(text, encoding="utf-8")
    print(f"Wrote {count(args.count, 'synthetic case')} into {display_path(out)}.", file=sys.stderr)
    return 0


def cmd_links(args) -> int:
    from .linkcheck import internal_problems

    if not args.site.is_dir() or not any(args.site.rglob("*.html")):
        what = "holds no built site (no HTML files)" if args.site.is_dir() else "is not a folder"
        print(f"error: '{args.site}' {what}. Build the site first: make build.", file=sys.stderr)
        return 2
    prefix = args.prefix if args.prefix is not None else _site_prefix(args.root)
    problems = internal_problems(args.site, prefix)
    for problem in problems:
        print(problem)
    print(f"{count(len(problems), 'broken internal link')}.", file=sys.stderr)
    return 1 if problems else 0


def _site_prefix(root: Path) -> str:
    from urllib.parse import urlsplit

    path = urlsplit(_site_url(root)).path
    return path if path.endswith("/") else path + "/"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!!python/name:` and `!ENV` tags MkDocs resolves: here
    they stay unread, since only plain settings are wanted."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _config(root: Path) -> dict:
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}


def _site_url(root: Path) -> str:
    return _config(root).get("site_url") or "/"


def cmd_export(args) -> int:
    from . import export

    casebook = _casebook(args)
    if casebook is None:
        return 1
    files = export.exports(casebook, _site_url(args.root), export.schema_files(args.root))
    export.write(files, args.target)
    print(f"Wrote {count(len(files), 'file')} into {args.target}.", file=sys.stderr)
    return 0


def cmd_preview(args) -> int:
    from .views.preview import case_preview

    casebook = _casebook(args)
    if casebook is None:
        return 1
    by_file = {(args.root / c.source_file).resolve(): c for c in casebook.cases}
    noun = "The case" if len(args.paths) == 1 else f"The {len(args.paths)} cases"
    out = [f"## {noun}, as readers will see {'it' if len(args.paths) == 1 else 'them'}", ""]
    for path in args.paths:
        case = by_file.get(path.resolve())
        if case is None:
            print(f"error: '{path}' is not a case file of the casebook.", file=sys.stderr)
            return 2
        out.append(case_preview(casebook, case, _site_url(args.root)))
    print("\n".join(out))
    return 0


def cmd_prepare_docs(args) -> int:
    from .steps import prepare_docs

    casebook = _casebook(args)
    if casebook is None:
        return 1
    root = args.root.resolve()
    target = args.target.resolve()
    if target == (root / "docs").resolve() or root / "docs" in target.parents:
        print("error: the target must be outside docs/, which holds only hand-written pages.", file=sys.stderr)
        return 2
    written = prepare_docs(casebook, _site_url(root), root / "docs", target, _config(root).get("repo_url") or "")
    print(f"Copied docs/ into {args.target} with {count(len(written), 'generated page')}.", file=sys.stderr)
    return 0


def cmd_finish_site(args) -> int:
    from .steps import finish_site

    if not args.site.is_dir() or not any(args.site.rglob("*.html")):
        print(f"error: '{args.site}' holds no built site (no HTML files).", file=sys.stderr)
        return 2
    casebook = _casebook(args)
    if casebook is None:
        return 1
    pages = finish_site(casebook, _site_url(args.root), args.root.resolve(), args.site)
    print(
        f"Finished {count(pages, 'page')} in {args.site}: open data, Content-Security-Policy, edit links.",
        file=sys.stderr,
    )
    return 0


def _warn(args, path: str, message: str) -> None:
    if args.format == "github":
        print(annotation("warning", path, message))
    else:
        print(f"{path}: {message}")


def cmd_stale(args) -> int:
    from .review import stale_cases

    casebook = _casebook(args)
    if casebook is None:
        return 1
    today = args.today or dt.date.today()
    stale = stale_cases(casebook, today, args.days)
    # A report, not a gate: it exits 0 whatever it lists (the weekly workflow warns).
    for case, age in stale:
        _warn(
            args,
            case.source_file,
            f"last reviewed {case['last_reviewed']} ({count(age, 'day')} ago): "
            "check it against its sources and update last_reviewed.",
        )
    print(f"{count(len(stale), 'case')} due for review.", file=sys.stderr)
    return 0


def cmd_release(args) -> int:
    from . import release

    try:
        written = release.release(args.root, args.version, args.date)
    except release.ReleaseError as error:
        print(f"error: {error} Nothing was changed.", file=sys.stderr)
        return 2
    print(f"Wrote {', '.join(p.name for p in written)}. Check them, commit, then tag and push together:")
    print(f"  git tag v{args.version} && git push --atomic origin HEAD v{args.version}")
    return 0


def cmd_addresses(args) -> int:
    from . import release

    try:
        release.addresses_kept(args.root, args.since)
    except release.ReleaseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"The cases at {args.since} keep their addresses.", file=sys.stderr)
    return 0


_HANDLERS = {
    "validate": cmd_validate,
    "new": cmd_new,
    "schema": cmd_schema,
    "export": cmd_export,
    "synth": cmd_synth,
    "preview": cmd_preview,
    "prepare-docs": cmd_prepare_docs,
    "finish-site": cmd_finish_site,
    "links": cmd_links,
    "stale": cmd_stale,
    "release": cmd_release,
    "addresses": cmd_addresses,
}
