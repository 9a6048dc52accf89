"""The Makefile on a machine that lacks things: it checks the system first, says in one
line what to install, installs only what it may, and makes a half-made environment
again. Each case runs in a scratch copy, with a PATH that holds only what it names."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

TOOLS = ("sh", "make", "id", "cksum", "cut", "rm", "touch", "grep", "sed", "expand", "cat", "env", "mkdir")


@pytest.fixture
def scratch(tmp_path) -> tuple[Path, Path]:
    """(project copy, bin folder) with a fake apt-get that records what it is asked."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "package-lock.json"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "tools", project / "tools")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in TOOLS:
        (bin_dir / tool).symlink_to(shutil.which(tool))
    (bin_dir / "apt-get").write_text(f'#!/bin/sh\necho "$@" >> "{tmp_path}/apt-get.log"\n')
    (bin_dir / "apt-get").chmod(0o755)
    return project, bin_dir


def _python(bin_dir: Path, has_venv: bool) -> None:
    """A python3 that is, or is not, Debian's python3 without python3-venv."""
    refuse = "" if has_venv else 'case "$*" in *ensurepip*) exit 1;; esac\n'
    (bin_dir / "python3").write_text(f'#!/bin/sh\n{refuse}exec {sys.executable} "$@"\n')
    (bin_dir / "python3").chmod(0o755)


def _make(project: Path, bin_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"PATH": str(bin_dir), "HOME": str(project)}
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=project, env=env, capture_output=True, text=True, timeout=600
    )


def test_a_missing_python3_venv_is_installed_when_make_may(scratch):
    project, bin_dir = scratch
    _python(bin_dir, has_venv=False)
    if os.geteuid() != 0:
        pytest.skip("installing needs root, as on CI")
    (project / "requirements.txt").write_text("PyYAML==6.0.3\n")  # small, to keep the test quick
    result = _make(project, bin_dir, "setup")
    log = (bin_dir.parent / "apt-get.log").read_text()
    assert "install -y -qq python3-venv" in log
    assert "make: installing what is missing, with apt-get: python3-venv" in result.stderr


def test_without_apt_get_make_says_in_one_line_what_to_install(scratch):
    project, bin_dir = scratch
    _python(bin_dir, has_venv=False)
    (bin_dir / "apt-get").unlink()
    # Any executable stands in for the browser: this test is about the other prerequisites.
    result = _make(project, bin_dir, "test", f"BROWSER={shutil.which('sh')}")
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.startswith("make: missing")]
    assert lines == [
        "make: missing python3-venv nodejs npm. Install them, then run make again: "
        "sudo apt-get install python3-venv nodejs npm"
    ], result.stderr
    assert not (project / ".venv").exists()


def test_a_mistyped_browser_path_is_an_error_never_an_install(scratch):
    project, bin_dir = scratch
    _python(bin_dir, has_venv=True)
    for tool in ("node", "npm"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    result = _make(project, bin_dir, "test", "BROWSER=/no/such/chrome")
    assert result.returncode != 0
    assert "make: BROWSER=/no/such/chrome is not an executable file." in result.stderr
    assert not (bin_dir.parent / "apt-get.log").exists()


@pytest.mark.site
def test_a_half_made_environment_is_made_again(scratch):
    project, bin_dir = scratch
    _python(bin_dir, has_venv=True)
    # What a first run leaves when it stops half-way: a python without pip.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(project / ".venv")], check=True)
    (project / "requirements.txt").write_text("PyYAML==6.0.3\n")  # small, to keep the test quick
    result = _make(project, bin_dir, "setup")
    assert result.returncode == 0, result.stdout + result.stderr
    check = subprocess.run([str(project / ".venv" / "bin" / "python"), "-c", "import yaml, pip"], capture_output=True)
    assert check.returncode == 0
    assert list(project.glob(".venv/.site-*"))


def test_make_serve_says_when_its_port_is_busy(scratch):
    import socket

    project, bin_dir = scratch
    _python(bin_dir, has_venv=True)
    (project / "requirements.txt").write_text("PyYAML==6.0.3\n")
    assert _make(project, bin_dir, "setup").returncode == 0
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        port = busy.getsockname()[1]
        result = _make(project, bin_dir, "serve", f"PORT={port}")
    assert result.returncode != 0
    assert f"make: port {port} is in use. Choose another, for example: make serve PORT=8001" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.site
def test_make_build_prints_no_mkdocs_2_banner(tmp_path):
    from conftest import copy_project

    project = copy_project(tmp_path / "project")
    (project / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    result = subprocess.run(
        ["make", "--no-print-directory", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"},
    )
    assert result.returncode == 0, result.stderr
    assert "MkDocs 2.0" not in result.stdout + result.stderr
    assert (project / "site" / "index.html").exists()


@pytest.mark.parametrize("port", ["abc", "99999"])
def test_make_serve_refuses_a_port_that_is_no_port(scratch, port):
    project, bin_dir = scratch
    _python(bin_dir, has_venv=True)
    (project / "requirements.txt").write_text("PyYAML==6.0.3\n")
    assert _make(project, bin_dir, "setup").returncode == 0
    result = _make(project, bin_dir, "serve", f"PORT={port}")
    assert result.returncode != 0 and f"make: PORT={port} is not a port number." in result.stderr


def test_python_older_than_3_11_is_named_in_one_line_before_anything_is_set_up(scratch):
    project, bin_dir = scratch
    # Ubuntu 22.04's python3: 3.10, with venv.
    (bin_dir / "python3").write_text(
        "#!/bin/sh\n"
        'case "$*" in *version_info*) exit 1;; *python_version*) echo 3.10.12; exit 0;; esac\n'
        f'exec {sys.executable} "$@"\n'
    )
    (bin_dir / "python3").chmod(0o755)
    result = _make(project, bin_dir, "setup")
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.startswith("make:") and "***" not in line]
    assert len(lines) == 1 and "python3 is Python 3.10.12; the casebook needs 3.11 or later" in lines[0], result.stderr
    assert "PYTHON=python3.11" in lines[0] and "pip" not in result.stderr
    assert not (project / ".venv").exists()


def test_test_fast_runs_neither_the_browser_tests_nor_the_other_generators():
    """What `make test-fast` would run, collected by pytest with the marker it passes,
    against the tests marked browser or zensical."""
    import shlex

    dry = subprocess.run(["make", "-n", "--no-print-directory", "test-fast"], cwd=ROOT, capture_output=True, text=True)
    words = shlex.split(next(line for line in dry.stdout.splitlines() if " -m pytest" in line))
    marker = words[words.index("pytest") + 1 :][words[words.index("pytest") + 1 :].index("-m") + 1]

    def collect(expression: str) -> set[str]:
        out = subprocess.run(
            [sys.executable, "-m", "pytest", "--co", "-q", "-m", expression, "-p", "no:cacheprovider"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout
        return {line for line in out.splitlines() if "::" in line}

    fast, slow = collect(marker), collect("browser or zensical")
    assert fast and slow and not fast & slow
    assert any("zensical" in t.lower() for t in slow)
