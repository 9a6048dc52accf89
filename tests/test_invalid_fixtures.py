"""Every kind of bad input fails with a located message and exit code 1.

A fixture is ``fixtures/invalid/<code>/<id>.yaml``: the folder names the problem's
code and the file's first line says where it must be reported:
``# expect: LINE:COLUMN [FIELD]``. Adding a rule means adding a file.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, MINIMAL_CASE, ROOT, run_cli
from macros.load import MAX_BYTES, MAX_NODES

INVALID = FIXTURES / "invalid"
FILES = sorted(INVALID.glob("*/*.yaml"))
LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+):(?: (?P<field>[^\s:]+):)? (?P<msg>.+) \[(?P<code>[a-z-]+)\]$"
)


def expectation(path: Path) -> tuple[int, int, str]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8", "replace").lstrip("\ufeff")
    match = re.match(r"# expect: (\d+):(\d+)(?: (\S+))?", first)
    assert match, f"{path} lacks its '# expect: LINE:COL [FIELD]' first line"
    return int(match[1]), int(match[2]), match[3] or ""


def parse(out: str) -> list[dict]:
    rows = []
    for line in out.splitlines():
        match = LINE.match(line)
        assert match, f"not in the 'file:line:col: field: message [code]' shape: {line!r}"
        rows.append(match.groupdict())
    return rows


def _too_large(folder: Path) -> Path:
    path = folder / "too-large.yaml"
    path.write_text(
        MINIMAL_CASE.format(id="too-large", name="Huge", model="unclassified")
        + "caveats:\n"
        + "  - padding text\n" * (MAX_BYTES // 10),
        encoding="utf-8",
    )
    return path


_MANY = MINIMAL_CASE.format(id="too-many-values", name="Many", model="unclassified")


def _too_many_values(folder: Path) -> Path:
    path = folder / "too-many-values.yaml"
    path.write_text(_MANY + "caveats:\n" + "  - x\n" * MAX_NODES, encoding="utf-8")
    return path


def _first_value_over_the_limit() -> tuple[int, int, str]:
    """Where _too_many_values passes MAX_NODES values, counted by PyYAML, not the loader."""
    import yaml

    def count(node) -> int:
        if isinstance(node, yaml.MappingNode):
            return 1 + sum(count(value) for _, value in node.value)
        if isinstance(node, yaml.SequenceNode):
            return 1 + sum(count(item) for item in node.value)
        return 1

    before = count(yaml.compose(_MANY)) + 1  # the case's values, and the caveats list
    first_item_line = _MANY.count("\n") + 2
    return first_item_line + MAX_NODES - before, 5, ""


def _unreadable(folder: Path) -> Path:
    path = folder / "broken-link.yaml"
    path.symlink_to(folder / "no-such-target.yaml")
    return path


# Bad files made when the test runs: too big, or not a plain file, to keep in git.
# Each gives (the file, where its one problem is reported).
GENERATED = {
    "too-large": (_too_large, (1, 1, "")),
    "too-many-values": (_too_many_values, _first_value_over_the_limit()),
    "unreadable": (_unreadable, (1, 1, "")),
}
# Problems of several files together, or of the study files: one folder per code.
SETS = sorted(p for p in (FIXTURES / "invalid-sets").iterdir() if p.is_dir())
STUDY_EDITS = sorted((FIXTURES / "invalid-study").glob("*/*.yaml"))
# The safety net (a schema rule without a plainer message, or the two schema checks
# disagreeing) has no fixture: no valid schema and data reach it. A stub test covers it.
SAFETY_NET = {"schema"}


def test_every_problem_code_has_a_fixture():
    from macros.problems import CODES

    covered = (
        {p.parent.name for p in FILES} | set(GENERATED) | {p.name for p in SETS} | {p.parent.name for p in STUDY_EDITS}
    )
    assert covered <= set(CODES), f"fixtures for codes the code does not know: {covered - set(CODES)}"
    assert set(CODES) - SAFETY_NET - covered == set(), "write a fixture for each of these codes"


@pytest.mark.parametrize("code", sorted(GENERATED))
def test_generated_bad_file_fails_with_located_message(capsys, tmp_path, code):
    make, where = GENERATED[code]
    path = make(tmp_path)
    exit_code, out, err = run_cli(capsys, "validate", path)
    assert exit_code == 1, out + err
    (row,) = parse(out)
    assert (row["code"], int(row["line"]), int(row["col"]), row["field"] or "") == (code, *where), out


@pytest.mark.parametrize("folder", SETS, ids=lambda p: p.name)
def test_bad_set_of_files_fails_with_its_code(capsys, folder):
    exit_code, out, _ = run_cli(capsys, "validate", folder)
    assert exit_code == 1
    assert {row["code"] for row in parse(out)} == {folder.name}, out


@pytest.mark.parametrize("edit", STUDY_EDITS, ids=lambda p: p.parent.name)
def test_bad_study_file_fails_the_whole_casebook(capsys, project_copy, edit):
    import yaml

    spec = yaml.safe_load(edit.read_text(encoding="utf-8"))
    target = project_copy / spec["file"]
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    *parents, last = spec["field"].split(".")
    node = data
    for key in parents:
        node = node[key]
    node[last] = spec["value"]
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    exit_code, out, _ = run_cli(capsys, "--root", project_copy, "validate")
    assert exit_code == 1
    (row,) = parse(out)
    assert (row["code"], row["field"]) == (edit.parent.name, spec["field"])
    assert row["path"].endswith(spec["file"])


def test_the_safety_net_fails_a_file_the_two_schema_checks_disagree_on(tmp_path):
    """If the compiled check ever rejects what python-jsonschema accepts, the file fails."""
    import jsonschema_rs

    from macros.loader import load_casebook
    from macros.load import load_file
    from macros.model import thaw
    from macros.validate import SchemaCheck

    path = tmp_path / "disagreement.yaml"
    path.write_text(MINIMAL_CASE.format(id="disagreement", name="Disagreement", model="unclassified"))
    doc, _ = load_file(path, path.name)
    check = SchemaCheck(thaw(load_casebook(ROOT).case_schema))
    assert check.problems(doc, {}) == []
    # A compiled check stricter than the thorough one, as a buggy release might be.
    check.fast = jsonschema_rs.Draft202012Validator({"properties": {"name": {"maxLength": 3}}})
    (problem,) = check.problems(doc, {})
    assert (problem.code, problem.field, problem.line) == ("schema", "name", 2)
    assert "disagree" in problem.message


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_bad_file_fails_with_located_message(capsys, path):
    code, out, err = run_cli(capsys, "validate", path)
    assert code == 1, out + err
    rows = parse(out)
    assert len(rows) == 1, out
    row = rows[0]
    line, column, field = expectation(path)
    assert row["code"] == path.parent.name, out
    assert (int(row["line"]), int(row["col"]), row["field"] or "") == (line, column, field), out
    assert row["path"].endswith(f"{path.parent.name}/{path.name}")
    assert "1 problem in 1 file" in err


def test_every_problem_in_every_file_is_reported_in_one_run(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)  # paths are shown relative to where the command runs
    code, out, _ = run_cli(capsys, "validate", INVALID)
    assert code == 1
    rows = parse(out)
    assert sorted(r["path"] for r in rows) == sorted(p.relative_to(ROOT).as_posix() for p in FILES)


def test_unknown_term_lists_allowed_terms_and_suggests(capsys):
    _, out, _ = run_cli(capsys, "validate", INVALID / "unknown-term" / "unknown-term.yaml")
    assert "'grant-funding' is not a funding type" in out
    assert "Allowed: none, grant, service-contract, alliance-contract, social-investment, donations" in out
    assert "Did you mean 'grant'?" in out


def test_unknown_field_suggests_near_miss(capsys):
    _, out, _ = run_cli(capsys, "validate", INVALID / "unknown-field" / "unknown-field.yaml")
    assert "`scopes` is not a field here. Did you mean 'scope'?" in out


def test_duplicate_ids_across_files(capsys):
    code, out, _ = run_cli(capsys, "validate", *sorted((FIXTURES / "invalid-sets" / "duplicate-id").glob("*/*.yaml")))
    assert code == 1
    rows = parse(out)
    assert [r["code"] for r in rows] == ["duplicate-id"]
    assert "already used by" in rows[0]["msg"] and "one/same-id.yaml" in rows[0]["msg"]


def test_a_file_with_the_wrong_extension_is_not_skipped_silently(capsys):
    code, out, _ = run_cli(capsys, "validate", FIXTURES / "invalid-sets" / "file-name")
    assert code == 1
    rows = parse(out)
    assert [(r["code"], Path(r["path"]).name) for r in rows] == [("file-name", "wrong-extension.yml")]


def test_github_annotations(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, _ = run_cli(capsys, "validate", "--format", "github", INVALID / "unknown-term" / "unknown-term.yaml")
    assert code == 1
    (line,) = out.splitlines()
    assert line.startswith(
        "::error file=tests/fixtures/invalid/unknown-term/unknown-term.yaml,line=12,col=18,"
        "title=Casebook%3A unknown-term::funding[1]: 'grant-funding' is not a funding type."
    )
    assert line.endswith("Did you mean 'grant'?")


def test_github_annotation_job_summary(capsys, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run_cli(capsys, "validate", "--format", "github", INVALID / "url")
    text = summary.read_text()
    assert "2 problem(s)" in text
    assert "| sources[0].url |" in text and "| website |" in text


def test_cli_never_shows_a_traceback_and_uses_exit_codes():
    run = lambda *a: subprocess.run(
        [sys.executable, "-m", "macros", *a], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    bad = run("validate", str(INVALID))
    assert bad.returncode == 1 and "Traceback" not in bad.stderr + bad.stdout
    good = run("validate")
    assert good.returncode == 0, good.stdout + good.stderr
    usage = run("validate", "--format", "xml")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_annotations_escape_what_github_would_misread():
    from macros.problems import Problem

    problem = Problem("cases/a,b.yaml", 3, 4, "summary", "wrong-type", "50% done\nnext line")
    assert problem.format_github() == (
        "::error file=cases/a%2Cb.yaml,line=3,col=4,title=Casebook%3A wrong-type::summary: 50%25 done%0Anext line"
    )


def test_a_multi_line_value_is_shown_on_one_line(capsys, tmp_path):
    path = tmp_path / "multi-line.yaml"
    path.write_text(
        MINIMAL_CASE.format(id="multi-line", name="Multi Line", model="unclassified")
        + "organisation_type: |\n  first\n  second\n"
    )
    code, out, _ = run_cli(capsys, "validate", path)
    assert code == 1
    assert len(out.splitlines()) == 1 and "'first\\nsecond\\n' is not an organisation type" in out
