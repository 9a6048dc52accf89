"""The command line's edges: usage errors, --root, plural words, GitHub annotations,
offline link checks and invalid data, each with an exit code and no traceback."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import pytest

from conftest import FIXTURES, MINIMAL_CASE, ROOT, run_cli


def _python(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "macros", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_a_missing_path_is_a_usage_error(capsys):
    code, _, err = run_cli(capsys, "validate", "cases/no-such-case.yaml")
    assert code == 2 and "there is no file or folder 'cases/no-such-case.yaml'" in err


def test_links_on_a_folder_without_a_built_site_is_a_usage_error(capsys, tmp_path):
    code, _, err = run_cli(capsys, "links", tmp_path / "nosuchdir")
    assert code == 2 and "is not a folder" in err
    code, _, err = run_cli(capsys, "links", tmp_path)  # exists, but empty
    assert code == 2 and "holds no built site" in err


def test_a_yml_file_fails_alone_as_in_the_whole_casebook(capsys, project_copy):
    text = MINIMAL_CASE.format(id="leeds-trust", name="Leeds Trust", model="unclassified")
    (project_copy / "cases" / "leeds-trust.yml").write_text(text)
    alone = run_cli(capsys, "--root", project_copy, "validate", project_copy / "cases" / "leeds-trust.yml")
    whole = run_cli(capsys, "--root", project_copy, "validate")
    for code, out, _ in (alone, whole):
        assert code == 1 and "'leeds-trust.yml' is not read as a case" in out and "[file-name]" in out


def test_a_capitalised_file_name_gets_a_valid_id_suggested(capsys, tmp_path):
    from macros.validate import slugify

    path = tmp_path / "Leeds Trust.yaml"
    path.write_text(MINIMAL_CASE.format(id="leeds-trust", name="Leeds Trust", model="unclassified"))
    code, out, _ = run_cli(capsys, "validate", path)
    assert code == 1 and "[id-mismatch]" in out
    assert "rename the file to 'leeds-trust.yaml'" in out and "set `id: Leeds Trust`" not in out
    assert slugify("leeds-trust") == "leeds-trust"


@pytest.mark.parametrize("where", ["project", "elsewhere"])
def test_new_names_a_command_that_works_on_a_fresh_machine(project_copy, tmp_path, where):
    """The hint is `make validate FILE=...`: make sets up .venv first (never `python3 -m
    macros`, which Debian's python3 cannot run: no PyYAML). Run as printed, from where
    `new` ran, it checks the new file (still the template's examples, so invalid)."""
    # The environment as `make` leaves it, so that it is not set up again here.
    (project_copy / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    cwd = project_copy if where == "project" else tmp_path
    result = subprocess.run(
        [sys.executable, "-m", "macros", "--root", str(project_copy), "new", "Leeds Trust"],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(project_copy)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    command = result.stdout.splitlines()[-1].strip()
    assert command.startswith("make ") and "python" not in command, command
    checked = subprocess.run(command, shell=True, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert checked.returncode != 0 and "[placeholder]" in checked.stdout, checked.stdout + checked.stderr
    assert {line.split(":", 1)[0] for line in checked.stdout.splitlines() if line.endswith("]")} == {
        "cases/leeds-trust.yaml"
    }


def test_root_is_honoured_by_new_and_by_synths_safety_check(capsys, project_copy):
    template = project_copy / "templates" / "case.yaml"
    template.write_text(
        template.read_text().replace("# (required) The name", "# THIS COPY'S TEMPLATE\n# (required) The name")
    )
    code, _, _ = run_cli(capsys, "--root", project_copy, "new", "Leeds Trust")
    assert code == 0
    assert "THIS COPY'S TEMPLATE" in (project_copy / "cases" / "leeds-trust.yaml").read_text()
    assert not (ROOT / "cases" / "leeds-trust.yaml").exists()
    code, _, err = run_cli(capsys, "--root", project_copy, "synth", "--count", "2", "--out", project_copy / "cases")
    assert code == 2 and "never go into the real cases/ folder" in err


def test_stale_counts_days_in_words(capsys, project_copy):
    case = sorted((project_copy / "cases").glob("*.yaml"))[0]
    reviewed = dt.date(2026, 1, 1)
    text = case.read_text()
    import re

    case.write_text(re.sub(r'last_reviewed: "[^"]+"', f'last_reviewed: "{reviewed}"', text))
    code, out, _ = run_cli(
        capsys, "--root", project_copy, "stale", "--days", "0", "--today", (reviewed + dt.timedelta(days=1)).isoformat()
    )
    assert code == 0 and "(1 day ago)" in out and "(1 days ago)" not in out


def test_warning_annotations_are_escaped_like_errors():
    from macros.problems import annotation

    assert (
        annotation("warning", "cases/a,b:c.yaml", "50% done\nnext")
        == "::warning file=cases/a%2Cb%3Ac.yaml::50%25 done%0Anext"
    )


def test_a_quoted_site_url_in_mkdocs_yml_is_read(capsys, project_copy, tmp_path):
    config = project_copy / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "site_url: https://collaboration-casebook.github.io/casebook/",
            'site_url: "https://example.org/fork/"  # a fork\'s Pages site',
        )
    )
    code, _, _ = run_cli(capsys, "--root", project_copy, "export", tmp_path / "out")
    assert code == 0
    assert "https://example.org/fork/cases/" in (tmp_path / "out" / "api" / "index.json").read_text()


@pytest.mark.parametrize(
    "command",
    [
        ["synth", "--count", "1", "--out", "OUT"],
        ["stale"],
        ["export", "OUT"],
        ["preview", "cases/bad-case.yaml"],
    ],
)
def test_commands_on_invalid_data_report_it_without_a_traceback(project_copy, tmp_path, command):
    (project_copy / "cases" / "bad-case.yaml").write_text(
        (FIXTURES / "invalid" / "tag" / "python-tag.yaml").read_text().replace("id: python-tag", "id: bad-case")
    )
    result = _python(
        "--root", project_copy, *[str(tmp_path / "out") if a == "OUT" else a for a in command], cwd=project_copy
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "cases/bad-case.yaml:" in result.stderr and "[tag]" in result.stderr


def test_the_closing_line_is_the_same_in_validate_and_in_a_build(capsys):
    from macros.loader import validate_project
    from macros.problems import InvalidData

    path = FIXTURES / "invalid" / "url"
    code, _, err = run_cli(capsys, "validate", path)
    _, problems = validate_project(ROOT, [path])
    assert code == 1 and err.splitlines()[-1] == InvalidData(problems).report().splitlines()[-1]
    assert '"What each field takes" in CONTRIBUTING.md' in err.splitlines()[-1]
    assert "\n## What each field takes\n" in (ROOT / "CONTRIBUTING.md").read_text()


def test_stale_refuses_a_negative_number_of_days(capsys):
    with pytest.raises(SystemExit) as stop:
        run_cli(capsys, "stale", "--days", "-1")
    assert stop.value.code == 2 and "0 or more" in capsys.readouterr().err


def test_a_file_name_problem_suggests_a_valid_name(capsys, tmp_path):
    path = tmp_path / "Sheffield Youth.yml"
    path.write_text("id: sheffield-youth\n")
    code, out, err = run_cli(capsys, "validate", path)
    assert code == 1 and "such as 'sheffield-youth.yaml'" in out
    assert "What each field takes" not in err  # a file's name is no field


def test_new_refuses_a_former_id_and_says_where_it_went(capsys, project_copy):
    (project_copy / "moved.yaml").write_text(
        'moved:\n  - id: leeds-trust\n    moved_to: leeds-trust-alliance\n    date: "2026-12-01"\n'
        'removed:\n  - id: york-trust\n    name: York Trust\n    date: "2026-12-02"\n    reason: A duplicate.\n'
    )
    code, _, err = run_cli(capsys, "--root", project_copy, "new", "Leeds Trust")
    assert code == 2 and "'leeds-trust' was a case's id" in err and "moved to 'leeds-trust-alliance'" in err
    assert re.search(r"edit \S*cases/leeds-trust-alliance\.yaml\.", err)
    code, _, err = run_cli(capsys, "--root", project_copy, "new", "York Trust")
    assert code == 2 and "removed (A duplicate) on 2026-12-02" in err
    assert not list((project_copy / "cases").glob("*-trust.yaml"))


def test_new_refuses_a_name_windows_keeps_for_a_device(capsys, project_copy):
    code, _, err = run_cli(capsys, "--root", project_copy, "new", "Con")
    assert code == 2 and "'con' is a name Windows keeps for a device" in err
    assert not (project_copy / "cases" / "con.yaml").exists()
