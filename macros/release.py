"""Versions and releases of the dataset.

CITATION.cff is the one source of truth for the version and the release date:

    version: "0.2.0"
    date-released: "2026-12-01"
    doi: 10.5281/zenodo.1234567      # optional, once Zenodo has archived a release

``release(root, "0.2.0", "2026-12-01")`` (``make release VERSION=0.2.0``) sets those two
lines, prepends the changelog entry (cases added, changed and removed since the last
version tag, from ``git diff``) to CHANGELOG.md, and regenerates .zenodo.json from
CITATION.cff. The release workflow then publishes the tag ``v0.2.0``.

``dataset_version(root)`` is what a build cites: "0.2.0" when HEAD is the commit tagged
``v0.2.0`` (the release workflow checks out the tag, with its history), else
"0.2.0+unreleased" (semantic versioning's build metadata: the data of 0.2.0 plus changes
not yet released).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from . import history
from .model import Casebook, freeze
from .schema import fields, renamed, version

TRACKED = ("cases", "study", "schema")  # the folders whose history the changelog tells
VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
TAG_GLOB = "v[0-9]*.[0-9]*.[0-9]*"
CHANGELOG_HEADER = """\
# Changelog

Releases of the Collaboration Casebook's data: the cases, the study content and the
schema. Each entry is written by `make release VERSION=x.y.z` from the history of
`cases/`, `study/` and `schema/` since the previous release; the version and date are
those of `CITATION.cff`. Versions follow [semantic versioning](https://semver.org/):
a major version when a field is removed or renamed, a minor one when cases or fields
are added, a patch for corrections.
"""
_WORDS = {"A": "added", "M": "changed", "T": "changed", "D": "removed"}


class ReleaseError(Exception):
    """A release that cannot be made: the message says what is wrong and what would be right."""


@dataclass(frozen=True)
class Citation:
    """What CITATION.cff says about the release, and the whole file as read."""

    version: str
    date_released: str
    doi: str | None
    data: dict


def read_citation(root: Path, text: str | None = None) -> Citation:
    """CITATION.cff's version, release date and DOI (``text``: the file's text, if read already)."""
    path = Path(root) / "CITATION.cff"
    data = yaml.safe_load(text if text is not None else path.read_text(encoding="utf-8"))
    version, date = str(data.get("version", "")), str(data.get("date-released", ""))
    if not VERSION.fullmatch(version):
        raise ReleaseError(f'CITATION.cff: version {version!r} is not a version: give three numbers, e.g. "0.1.0".')
    doi = data.get("doi")
    return Citation(version, date, str(doi) if doi else None, data)


def check_version(version: str) -> tuple[int, int, int]:
    """The three numbers of ``version`` ("1.2.0"), or a ReleaseError saying what would be right."""
    match = VERSION.fullmatch(version)
    if match:
        return int(match[1]), int(match[2]), int(match[3])
    if not version.strip():
        raise ReleaseError("no version given: give three numbers, for example 0.2.0.")
    if version[:1] in "vV" and VERSION.fullmatch(version[1:]):
        raise ReleaseError(
            f"{version} is not a version: leave out the 'v' (the tag adds it), for example {version[1:]}."
        )
    numbers = version.split(".")
    if all(n.isdigit() for n in numbers):
        fixed = ".".join(str(int(n)) for n in (numbers + ["0", "0"])[:3])
        if len(numbers) < 3:
            raise ReleaseError(f"{version} is not a version: give three numbers, for example {fixed}.")
        if len(numbers) == 3:
            raise ReleaseError(f"{version} is not a version: numbers have no leading zeros, for example {fixed}.")
    core = re.match(r"[0-9]+\.[0-9]+\.[0-9]+", version)
    if core and VERSION.fullmatch(core[0]):
        raise ReleaseError(
            f"{version} is not a release version: give three numbers only, without a pre-release or "
            f"build suffix, for example {core[0]}."
        )
    raise ReleaseError(f"{version} is not a version: give three numbers, MAJOR.MINOR.PATCH, for example 0.2.0.")


def check_date(date: str) -> str:
    """``date`` if it is a real day written YYYY-MM-DD, else a ReleaseError."""
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", date):
            return dt.date.fromisoformat(date).isoformat()
    except ValueError:
        pass
    raise ReleaseError(f"{date} is not a date: give the release date as YYYY-MM-DD, for example 2026-12-01.")


def _git(root: Path, *args: str) -> str:
    """The output of a git command run in ``root``; a ReleaseError if git fails."""
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=60)
    except OSError as error:
        raise ReleaseError(
            f"cannot run git ({error.strerror}): a release needs git and the project's history."
        ) from error
    if done.returncode != 0:
        raise ReleaseError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def tags_at_head(root: Path) -> set[str]:
    """The tags on the commit checked out; none outside a git repository."""
    try:
        return set(_git(Path(root), "tag", "--points-at", "HEAD").split())
    except ReleaseError:
        return set()


def dataset_version(root: Path) -> str:
    """The version a build cites: "x.y.z" at the tag vx.y.z of CITATION.cff's version, else "x.y.z+unreleased"."""
    version = read_citation(root).version
    return version if f"v{version}" in tags_at_head(root) else f"{version}+unreleased"


def edition(root: Path) -> dict:
    """The dataset's version as this build cites it, its release date and DOI, from
    CITATION.cff; an empty edition for a project without one (a test's bare copy)."""
    try:
        citation = read_citation(root)
    except (OSError, ReleaseError):
        return {}
    return {
        "version": dataset_version(root),
        "date": citation.date_released,
        "doi": citation.doi,
        "title": str(citation.data.get("title", "")),
        "url": str(citation.data.get("url", "")),
    }


def published(casebook: Casebook, root: Path) -> Casebook:
    """The casebook as published: the edition it is cited as (CITATION.cff, the release
    tags) and when each case file last changed (its last commit). Both come from outside
    the data, so they are read where the site is made (each build, each command that
    writes what readers cite), never by the loader: loading runs no git, and its cache
    needs no eye on CITATION.cff or on new commits."""
    changed = history.last_changed(root, [(c.id, c.source_file, c["last_reviewed"]) for c in casebook.cases])
    return replace(casebook, edition=freeze(edition(root)), changed=freeze(changed))


def last_release_tag(root: Path) -> str | None:
    """The newest version tag (vX.Y.Z) in HEAD's history, or None before the first release."""
    tags = _git(Path(root), "tag", "--merged", "HEAD", "--list", TAG_GLOB).split()
    versions = [(check_version(t[1:]), t) for t in tags if VERSION.fullmatch(t[1:])]
    return max(versions)[1] if versions else None


def changed_files(root: Path, since_tag: str | None) -> list[tuple[str, str]]:
    """(added|changed|removed, path) for each file of cases/, study/ and schema/ since ``since_tag``;
    every file "added" when there is no tag yet (the first release)."""
    root = Path(root)
    if since_tag is None:
        return [("added", p) for p in _git(root, "ls-tree", "-r", "--name-only", "HEAD", "--", *TRACKED).splitlines()]
    # --no-renames: a renamed case file is a case removed and a case added, as its id changed.
    lines = _git(root, "diff", "--no-renames", "--name-status", f"{since_tag}..HEAD", "--", *TRACKED).splitlines()
    return [(_WORDS.get(line[:1], "changed"), line.split("\t", 1)[1]) for line in lines if "\t" in line]


def _case_name(root: Path, revision: str, path: str) -> str | None:
    """The case's name as the file says at ``revision``, or None when it cannot be read."""
    try:
        data = yaml.safe_load(_git(root, "show", f"{revision}:{path}"))
    except (ReleaseError, yaml.YAMLError):
        return None
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) and name.strip() else None


def _markdown_text(text: str) -> str:
    """Plain text for a Markdown line: on one line, no HTML, emphasis, links or template markers."""
    text = html.escape(" ".join(text.split()), quote=False).replace("{", "&#123;").replace("}", "&#125;")
    return re.sub(r"([\\`*_\[\]()#|!])", r"\\\1", text)


def changelog_entry(root: Path, since_tag: str | None, version: str, date: str) -> str:
    """The Markdown entry for ``version``: the cases added, changed and removed (id and name) and the
    study and schema files changed since ``since_tag`` (None: the first release, all added)."""
    root = Path(root)
    cases: dict[str, list[str]] = {"added": [], "changed": [], "removed": []}
    files: list[str] = []
    for status, path in changed_files(root, since_tag):
        if path.startswith("cases/") and path.endswith(".yaml") and path.count("/") == 1:
            name = _case_name(root, since_tag if status == "removed" else "HEAD", path)
            case_id = Path(path).stem
            cases[status].append(f"- `{case_id}`" + (f": {_markdown_text(name)}" if name else ""))
        else:
            files.append(f"- `{path}` {status}")
    lines = [f"## {version} ({date})", ""]
    lines += ["First release.", ""] if since_tag is None else [f"Changes since {since_tag}.", ""]
    for status, entries in cases.items():
        if entries:
            lines += [f"### Cases {status}", "", *sorted(entries), ""]
    fields_changed = schema_changes(_schema_at(root, since_tag), _schema_at(root, "HEAD"))
    if fields_changed:
        lines += ["### Fields of a case", "", *fields_changed, ""]
    if files:
        lines += ["### Study content and schema", "", *sorted(files), ""]
    if not files and not any(cases.values()):
        lines += ["No case, study or schema file changed.", ""]
    return "\n".join(lines)


SCHEMA_FILE = "schema/case.schema.json"


def _schema_at(root: Path, revision: str | None) -> dict | None:
    """The case schema as committed at ``revision``; None before the first release or
    where it cannot be read."""
    if revision is None:
        return None
    try:
        return json.loads(_git(root, "show", f"{revision}:{SCHEMA_FILE}"))
    except (ReleaseError, ValueError):
        return None


def schema_changes(before: dict | None, after: dict | None) -> list[str]:
    """The changelog's lines on the shape of a case: the schema's version, and each field
    added, renamed or removed, so that contributors and API users see what changes."""
    if before is None or after is None:
        return []
    old = {path for path, _, _ in fields(before)}
    new = {path for path, _, _ in fields(after)}
    lines = []
    if version(before) != version(after):
        lines.append(f"- Schema version {version(after)} (was {version(before) or 'unversioned'}).")
    moves = [r for r in renamed(after) if r["from"] in old and r["to"] in new]
    for r in moves:
        lines.append(
            f"- Field `{r['to']}` renamed from `{r['from']}`: the old name is read, with a warning, "
            f"until release {r['until']}."
        )
    moved_paths = {r["from"] for r in moves} | {r["to"] for r in moves}
    under = lambda path: any(path == m or path.startswith((m + ".", m + "[]")) for m in moved_paths)
    lines += [f"- Field `{p}` added." for p in sorted(new - old) if not under(p)]
    lines += [f"- Field `{p}` removed." for p in sorted(old - new) if not under(p)]
    return lines


def zenodo_metadata(citation: dict, study: dict) -> dict:
    """The .zenodo.json record (Zenodo's deposit metadata) for CITATION.cff's content, read as a dict.

    Written here, not left to a converter: cffconvert's zenodo output leaves out the
    upload type (Zenodo would file the dataset as software), the licence's exclusions
    (``notes``) and the link to the study, and Zenodo's own reading of CITATION.cff drops
    that link too (it ignores ``references``). The fields cffconvert does write are
    checked against it (tests/test_release.py)."""
    creators = []
    for author in citation["authors"]:
        if "name" in author:
            creator = {"name": author["name"]}
        else:
            creator = {"name": f"{author['family-names']}, {author['given-names']}"}
            if author.get("orcid"):
                creator["orcid"] = str(author["orcid"]).rsplit("/", 1)[-1]
        if author.get("affiliation"):
            creator["affiliation"] = author["affiliation"]
        creators.append(creator)
    return {
        "title": citation["title"],
        "version": str(citation["version"]),
        "publication_date": str(citation["date-released"]),
        "upload_type": "dataset",
        "access_right": "open",
        "creators": creators,
        "license": citation["license"],
        "description": html.escape(" ".join(str(citation.get("abstract", citation["title"])).split()), quote=False),
        "notes": " ".join(str(citation["message"]).split()),
        "keywords": list(citation.get("keywords", [])),
        "related_identifiers": [
            {
                "identifier": study["url"],
                "relation": "isDerivedFrom",
                "resource_type": "publication-report",
                "scheme": "url",
            }
        ],
    }


def _zenodo_text(root: Path, citation_text: str) -> str:
    study = yaml.safe_load((Path(root) / "study" / "study.yaml").read_text(encoding="utf-8"))
    record = zenodo_metadata(yaml.safe_load(citation_text), study)
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def release_notes(changelog: str, version: str) -> str:
    """The body of ``version``'s entry in CHANGELOG.md's text (the release's notes)."""
    match = re.search(rf"^## {re.escape(version)} \(.*?\)\n(.*?)(?=^## |\Z)", changelog, re.M | re.S)
    if not match:
        raise ReleaseError(f"CHANGELOG.md has no entry for {version}: run make release VERSION={version} first.")
    return match[1].strip() + "\n"


# The release page's address in CITATION.cff's identifiers: it names the version.
_RELEASE_URL = re.compile(r"(/releases/tag/v)[0-9][^\"'\s]*")


def _with_release_url(text: str, version: str) -> str:
    """CITATION.cff's text naming the release page of ``version``: the address already
    there set to it, or, before the first release, an ``identifiers:`` entry added after
    the ``date-released:`` line (the file names no release that does not exist)."""
    if _RELEASE_URL.search(text):
        return _RELEASE_URL.sub(rf"\g<1>{version}", text)
    repository = str(yaml.safe_load(text).get("repository-code", "")).rstrip("/")
    if not repository:
        raise ReleaseError(
            "CITATION.cff has no repository-code: to name the release page, give the repository's address."
        )
    entry = (
        "identifiers:\n  - type: url\n"
        f'    value: "{repository}/releases/tag/v{version}"\n'
        '    description: "The release of this version of the dataset"\n'
    )
    new, found = re.subn(r"^(date-released:.*\n)", lambda m: m[1] + entry, text, count=1, flags=re.M)
    if not found:
        raise ReleaseError("CITATION.cff has no top-level date-released: line to put the release's address after.")
    return new


def _set_line(text: str, key: str, value: str) -> str:
    """CITATION.cff's text with the top-level ``key: "value"`` line set; the rest kept as it was."""
    line = f'{key}: "{value}"'
    new, found = re.subn(rf"^{re.escape(key)}:.*$", line, text, count=1, flags=re.M)
    if found:
        return new
    new, found = re.subn(r"^(title:.*\n)", rf"\g<1>{line}\n", text, count=1, flags=re.M)
    if not found:
        raise ReleaseError("CITATION.cff has no top-level title: line to put the version after.")
    return new


def _with_entry(changelog: str | None, version: str, entry: str) -> str:
    """CHANGELOG.md's text with ``entry`` first (in place of an earlier draft of the same version)."""
    text = changelog if changelog is not None else CHANGELOG_HEADER
    text = re.sub(rf"^## {re.escape(version)} \(.*?(?=^## |\Z)", "", text, flags=re.M | re.S)
    head, first, rest = text.partition("\n## ")
    return head.rstrip("\n") + "\n\n" + entry.rstrip("\n") + "\n" + ("\n## " + rest if first else "")


def _write_all(texts: dict[Path, str]) -> None:
    """Write every file or none: each goes to a temporary file beside it first, then all are moved in."""
    temporary: dict[Path, Path] = {}
    try:
        for path, text in texts.items():
            handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
            temporary[path] = Path(name)
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
        for path, source in temporary.items():
            os.replace(source, path)
    except OSError as error:
        raise ReleaseError(f"cannot write {error.filename or 'a file'} ({error.strerror}).") from error
    finally:
        for source in temporary.values():
            source.unlink(missing_ok=True)


def release(root: Path, version: str, date: str | None = None) -> list[Path]:
    """Set CITATION.cff's version and date, prepend the changelog entry and regenerate .zenodo.json.

    Everything is checked and computed before anything is written: a malformed version, one not
    after the released one, or uncommitted case files raise ReleaseError and change no file."""
    root = Path(root)
    wanted = check_version(version)
    date = check_date(date if date is not None else dt.date.today().isoformat())
    cff_path, log_path = root / "CITATION.cff", root / "CHANGELOG.md"
    cff_text = cff_path.read_text(encoding="utf-8")
    current = read_citation(root, cff_text).version
    released = f"v{current}" in _git(root, "tag", "--list", f"v{current}").split()
    # An untagged current version is a release in preparation: it may be made again.
    if wanted < check_version(current) or (wanted == check_version(current) and released):
        raise ReleaseError(
            f"{version} is not after the current version {current}"
            + (f" (released as tag v{current})" if released else "")
            + f": give a greater one, for example {_next(current)}."
        )
    if _git(root, "tag", "--list", f"v{version}").split():
        raise ReleaseError(f"the tag v{version} exists already: give a version not yet released.")
    if _git(root, "status", "--porcelain", "--", *TRACKED).strip():
        raise ReleaseError(
            "cases/, study/ or schema/ have uncommitted changes: commit them first, so the changelog tells them."
        )
    addresses_kept(root, last_release_tag(root))
    new_cff = _set_line(_set_line(cff_text, "version", version), "date-released", date)
    new_cff = _with_release_url(new_cff, version)
    check = read_citation(root, new_cff)
    assert (check.version, check.date_released) == (version, date), "CITATION.cff was not updated as meant"
    entry = changelog_entry(root, last_release_tag(root), version, date)
    old_log = log_path.read_text(encoding="utf-8") if log_path.exists() else None
    texts = {
        cff_path: new_cff,
        log_path: _with_entry(old_log, version, entry),
        root / ".zenodo.json": _zenodo_text(root, new_cff),
    }
    _write_all(texts)
    return list(texts)


def addresses_kept(root: Path, since_tag: str | None) -> None:
    """Every case at ``since_tag`` (the last release, or a pull request's base branch)
    and gone now is in moved.yaml, so that its address keeps working (a renamed case's
    file is a removed case and an added one); a ReleaseError names the others.

    "Now" is the working tree, committed or not, and the comparison starts where it
    branched from ``since_tag`` (a three-dot diff): a case added on the base branch
    since then is not this change's to keep."""
    if since_tag is None:
        return
    root = Path(root)
    lines = _git(root, "diff", "--no-renames", "--name-status", "--merge-base", since_tag, "--", "cases/").splitlines()
    gone = sorted(
        Path(path).stem
        for status, path in (line.split("\t", 1) for line in lines if "\t" in line)
        if status == "D" and path.endswith(".yaml") and path.count("/") == 1
    )
    moved = root / "moved.yaml"
    data = (yaml.safe_load(moved.read_text(encoding="utf-8")) if moved.exists() else None) or {}
    former = {e.get("id") for kind in ("moved", "removed") for e in (data.get(kind) or ()) if isinstance(e, dict)}
    missing = [case_id for case_id in gone if case_id not in former]
    if missing:
        raise ReleaseError(
            f"{', '.join(missing)}: in {since_tag} and gone now, but not in moved.yaml. Add each under "
            "`moved` (with moved_to, its new id) or `removed` (with a reason), so that its address keeps working."
        )


def _next(version: str) -> str:
    major, minor, patch = check_version(version)
    return f"{major}.{minor}.{patch + 1}, {major}.{minor + 1}.0 or {major + 1}.0.0"
