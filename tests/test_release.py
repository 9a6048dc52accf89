"""Versions and releases (macros/release.py): the changelog from a real git history, the
version rule, .zenodo.json against CITATION.cff, and releases that fail change nothing."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT, run_cli
from macros import release

# Four of the casebook's cases, whichever it holds: a case kept, one changed, one removed
# and one added in the tests' histories.
KEPT, CHANGED, GONE, ADDED = sorted(p.stem for p in (ROOT / "cases").glob("*.yaml"))[:4]
RENAMED = f"{CHANGED}-renamed"


def git(repo, *args: str, env: dict | None = None) -> str:
    env_args = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    command = ["git", *env_args, *args]
    return subprocess.run(command, cwd=repo, check=True, capture_output=True, text=True, env=env).stdout


def commit(repo, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path):
    """A casebook with three cases and the study, committed and tagged v0.1.0."""
    repo = tmp_path / "casebook"
    for name in ("study", "schema"):
        shutil.copytree(ROOT / name, repo / name)
    (repo / "cases").mkdir()
    for case in (KEPT, CHANGED, GONE):
        shutil.copy(ROOT / "cases" / f"{case}.yaml", repo / "cases")
    shutil.copy(ROOT / "CITATION.cff", repo)
    git(repo, "init", "-q")
    commit(repo, "first")
    git(repo, "tag", "v0.1.0")
    return repo


def names(repo, *case_ids: str) -> dict[str, str]:
    return {c: yaml.safe_load((repo / "cases" / f"{c}.yaml").read_text())["name"] for c in case_ids}


def section(entry: str, heading: str) -> set[str]:
    """The list items under ``### heading`` in a changelog entry."""
    if f"### {heading}\n" not in entry:
        return set()
    body = entry.split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0]
    return {line[2:] for line in body.splitlines() if line.startswith("- ")}


def test_the_changelog_entry_names_exactly_the_cases_and_files_changed_since_the_tag(repo):
    removed = names(repo, GONE)
    shutil.copy(ROOT / "cases" / f"{ADDED}.yaml", repo / "cases")
    added = names(repo, ADDED)
    wigan = repo / "cases" / f"{CHANGED}.yaml"
    wigan.write_text(wigan.read_text() + "# a correction\n")
    changed = names(repo, CHANGED)
    (repo / "cases" / f"{GONE}.yaml").unlink()
    models = repo / "study" / "models.yaml"
    models.write_text(models.read_text() + "# a study change\n")
    commit(repo, "changes")

    entry = release.changelog_entry(repo, "v0.1.0", "0.2.0", "2026-12-01")
    assert entry.startswith("## 0.2.0 (2026-12-01)\n")
    assert section(entry, "Cases added") == {f"`{i}`: {n}" for i, n in added.items()}
    assert section(entry, "Cases changed") == {f"`{i}`: {n}" for i, n in changed.items()}
    assert section(entry, "Cases removed") == {f"`{i}`: {n}" for i, n in removed.items()}
    assert section(entry, "Study content and schema") == {"`study/models.yaml` changed"}
    assert KEPT not in entry


def test_the_first_release_lists_everything_as_added(repo):
    entry = release.changelog_entry(repo, None, "0.1.0", "2026-11-26")
    cases = {p.stem for p in (repo / "cases").glob("*.yaml")}
    assert {item.split("`")[1] for item in section(entry, "Cases added")} == cases
    files = {p.relative_to(repo).as_posix() for d in ("study", "schema") for p in (repo / d).rglob("*") if p.is_file()}
    assert section(entry, "Study content and schema") == {f"`{f}` added" for f in files}
    assert not section(entry, "Cases changed") and not section(entry, "Cases removed")


def test_case_names_cannot_inject_markup_into_the_changelog(repo):
    case = repo / "cases" / f"{KEPT}.yaml"
    hostile, n = re.subn(
        r"^name: .*$", 'name: "<script>x</script> {{ 1 }} [a](b)"', case.read_text(), count=1, flags=re.M
    )
    assert n == 1
    case.write_text(hostile)
    commit(repo, "hostile name")
    entry = release.changelog_entry(repo, "v0.1.0", "0.2.0", "2026-12-01")
    assert "<script>" not in entry and "{{" not in entry and "](" not in entry


@pytest.mark.parametrize(
    ("version", "says"),
    [
        ("1.2", "give three numbers, for example 1.2.0"),
        ("v1.2.0", "leave out the 'v'"),
        ("01.2.0", "no leading zeros, for example 1.2.0"),
        ("1.2.0-rc.1", "without a pre-release or build suffix, for example 1.2.0"),
        ("latest", "give three numbers"),
        ("0.1.0", "not after the current version 0.1.0 (released as tag v0.1.0)"),
        ("0.0.9", "not after the current version 0.1.0"),
    ],
)
def test_a_bad_version_fails_clearly_and_changes_nothing(repo, capsys, version, says):
    (repo / "CHANGELOG.md").write_text("# Changelog\n\n## 0.1.0 (2026-11-26)\n\nFirst release.\n")
    before = {p.name: p.read_bytes() for p in repo.iterdir() if p.is_file()}
    code, out, err = run_cli(capsys, "--root", repo, "release", "--version", version)
    assert code == 2 and says in err and "Nothing was changed" in err
    assert {p.name: p.read_bytes() for p in repo.iterdir() if p.is_file()} == before


def test_uncommitted_case_files_stop_a_release(repo):
    (repo / "cases" / f"{KEPT}.yaml").write_text("changed but not committed\n")
    before = (repo / "CITATION.cff").read_bytes()
    with pytest.raises(release.ReleaseError, match="commit them first"):
        release.release(repo, "0.2.0", "2026-12-01")
    assert (repo / "CITATION.cff").read_bytes() == before and not (repo / "CHANGELOG.md").exists()


def test_a_release_sets_the_version_keeps_the_rest_and_prepends_the_entry(repo, capsys):
    shutil.copy(ROOT / "cases" / f"{ADDED}.yaml", repo / "cases")
    commit(repo, "a case")
    old = (repo / "CITATION.cff").read_text()
    (repo / "CHANGELOG.md").write_text("# Changelog\n\nIntro.\n\n## 0.1.0 (2026-11-26)\n\nFirst release.\n")
    code, out, err = run_cli(capsys, "--root", repo, "release", "--version", "0.2.0", "--date", "2026-12-01")
    assert code == 0, err
    new = (repo / "CITATION.cff").read_text()
    cff = yaml.safe_load(new)
    assert (cff["version"], cff["date-released"]) == ("0.2.0", "2026-12-01")
    # The rest kept as it was; the release page named for the first time, after the date.
    page = "https://github.com/collaboration-casebook/casebook/releases/tag/v0.2.0"
    assert [(i["type"], i["value"]) for i in cff["identifiers"]] == [("url", page)]
    assert new == old.replace('version: "0.1.0"', 'version: "0.2.0"').replace(
        'date-released: "2026-11-26"\n',
        f'date-released: "2026-12-01"\nidentifiers:\n  - type: url\n    value: "{page}"\n'
        f'    description: "{cff["identifiers"][0]["description"]}"\n',
    )
    log = (repo / "CHANGELOG.md").read_text()
    assert log.startswith("# Changelog\n\nIntro.\n\n## 0.2.0 (2026-12-01)\n")
    assert log.index("## 0.2.0") < log.index("## 0.1.0") and f"`{ADDED}`" in log
    assert release.release_notes(log, "0.2.0").startswith("Changes since v0.1.0.")
    assert json.loads((repo / ".zenodo.json").read_text())["version"] == "0.2.0"


def test_the_next_release_names_its_own_page_in_place_of_the_last(repo):
    release.release(repo, "0.2.0", "2026-12-01")
    commit(repo, "release 0.2.0")
    git(repo, "tag", "v0.2.0")
    release.release(repo, "0.3.0", "2026-12-02")
    cff = yaml.safe_load((repo / "CITATION.cff").read_text())
    assert [i["value"].rsplit("/", 1)[1] for i in cff["identifiers"]] == ["v0.3.0"]


def test_citation_cff_names_no_release_that_does_not_exist():
    """A release page CITATION.cff names is a tag of this repository (none before the first release)."""
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    named = [
        i["value"].rsplit("/releases/tag/", 1)[1] for i in cff.get("identifiers", []) if "/releases/" in i["value"]
    ]
    tags = git(ROOT, "tag", "--list").split()
    assert [t for t in named if t not in tags] == []
    # Every release address in the file is one of the identifiers checked above.
    assert (ROOT / "CITATION.cff").read_text().count("/releases/tag/") == len(named)


def test_a_bad_date_fails_clearly(repo):
    with pytest.raises(release.ReleaseError, match="2026-02-30 is not a date: give the release date as YYYY-MM-DD"):
        release.release(repo, "0.2.0", "2026-02-30")


def test_the_version_is_unreleased_off_the_tag_and_plain_on_it(repo):
    assert release.dataset_version(repo) == "0.1.0"
    shutil.copy(ROOT / "cases" / f"{ADDED}.yaml", repo / "cases")
    commit(repo, "after the release")
    assert release.dataset_version(repo) == "0.1.0+unreleased"
    shutil.rmtree(repo / ".git")
    assert release.dataset_version(repo) == "0.1.0+unreleased"


def test_citation_cff_gives_the_version_the_date_and_a_group_author():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    release.check_version(cff["version"])
    assert release.check_date(cff["date-released"]) == cff["date-released"]
    assert cff["authors"] == [{"name": "Collaboration Casebook contributors"}]
    assert release.read_citation(ROOT).doi == cff.get("doi")


def test_zenodo_json_is_generated_from_citation_cff():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    study = yaml.safe_load((ROOT / "study" / "study.yaml").read_text())
    zenodo = json.loads((ROOT / ".zenodo.json").read_text())
    assert zenodo["title"] == cff["title"] and zenodo["version"] == cff["version"]
    assert zenodo["publication_date"] == cff["date-released"] and zenodo["license"] == "CC-BY-4.0"
    assert zenodo["creators"] == [{"name": a["name"]} for a in cff["authors"]]
    assert zenodo["keywords"] == cff["keywords"] and zenodo["upload_type"] == "dataset"
    assert zenodo["related_identifiers"][0]["identifier"] == study["url"]
    assert "not covered" in zenodo["notes"] and "outcomes framework" in zenodo["notes"]
    assert zenodo["description"] and "<" not in zenodo["description"]


@pytest.mark.site
def test_zenodo_json_says_what_cffconvert_says_and_adds_only_what_it_leaves_out():
    """cffconvert (a second implementation) converts CITATION.cff to Zenodo's metadata;
    .zenodo.json must agree with it on every field it writes. What it leaves out is why
    the record is still written here: without ``upload_type`` Zenodo files a GitHub
    release as software, without ``notes`` the licence's exclusions are lost, and
    without ``related_identifiers`` the link to the study, which Zenodo's own reading of
    CITATION.cff drops too."""
    setup = subprocess.run(["make", "--no-print-directory", "cffconvert"], cwd=ROOT, capture_output=True, timeout=900)
    assert setup.returncode == 0, setup.stderr[-2000:]
    converted = subprocess.run(
        [str(ROOT / ".cffconvert-venv" / "bin" / "cffconvert"), "-f", "zenodo", "-i", "CITATION.cff"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert converted.returncode == 0, converted.stderr
    theirs = json.loads(converted.stdout)
    ours = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    theirs["license"] = theirs["license"]["id"]  # the same licence, as an object or as its id
    assert {key: ours.get(key) for key in theirs} == theirs
    assert set(ours) - set(theirs) == {"upload_type", "access_right", "notes", "related_identifiers"}


def test_the_changelog_entry_lists_the_fields_a_schema_change_added_and_renamed(repo):
    import json

    path = repo / "schema" / "case.schema.json"
    schema = json.loads(path.read_text())
    schema["x-version"] = "2.0.0"
    schema["properties"] = {("other_names" if k == "also_known_as" else k): v for k, v in schema["properties"].items()}
    schema["properties"]["motto"] = {"type": "string", "description": "A test field."}
    schema["x-renamed"] = [{"from": "also_known_as", "to": "other_names", "until": "0.3.0"}]
    path.write_text(json.dumps(schema, indent=2))
    commit(repo, "schema change")
    entry = release.changelog_entry(repo, "v0.1.0", "0.2.0", "2026-12-01")
    old_version = json.loads((ROOT / "schema" / "case.schema.json").read_text())["x-version"]
    assert section(entry, "Fields of a case") == {
        f"Schema version 2.0.0 (was {old_version}).",
        "Field `other_names` renamed from `also_known_as`: the old name is read, with a warning, until release 0.3.0.",
        "Field `motto` added.",
    }


@pytest.mark.site
def test_cffconvert_validates_citation_cff_and_its_bibtex_and_apa_name_the_year_and_version():
    """cffconvert in an environment of its own (`make cffconvert`), as researchers' tools
    read CITATION.cff. Its BibTeX has no version field: the release page's address names it."""
    result = subprocess.run(
        ["make", "--no-print-directory", "cffconvert"], cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    version, year = str(cff["version"]), str(cff["date-released"])[:4]
    out = result.stdout
    assert "Citation metadata are valid" in out
    bibtex = out[out.index("@misc{") : out.index("}\n", out.index("@misc{")) + 2]
    fields = dict(re.findall(r"^(\w+) = \{(.*)\},?$", bibtex, re.M))
    assert fields["year"] == year
    # The release page where CITATION.cff names one (from the first release on), else
    # the dataset's address: never a release that does not exist.
    pages = [i["value"] for i in cff.get("identifiers", []) if "/releases/tag/" in i["value"]]
    assert fields["url"] == (pages[0] if pages else cff["url"])
    assert fields["author"] == "Collaboration Casebook contributors"
    apa = next(line for line in out.splitlines() if line.startswith("Collaboration Casebook contributors ("))
    assert f"({year})" in apa and f"(version {version})" in apa
    # cffconvert 2.0.0 writes a group's name in single braces, which BibTeX splits into a
    # person's (README: citation tools); the casebook's own BibTeX does not (below).
    entry = out[out.index("@misc{") : out.index("\n}", out.index("@misc{")) + 2]
    assert _bibtex_authors(entry) == [{"first": ["Collaboration", "Casebook"], "last": ["contributors"]}]


def _bibtex_authors(bibtex: str) -> list[dict[str, list[str]]]:
    """Each author of each entry, as BibTeX splits names: read by pybtex (cffconvert's own
    BibTeX library, in the environment `make cffconvert` sets up)."""
    script = (
        "import json, sys; from pybtex.database import parse_string\n"
        "data = parse_string(sys.stdin.read(), 'bibtex')\n"
        "print(json.dumps([{'first': p.first_names + p.middle_names, 'last': p.last_names}"
        " for e in data.entries.values() for p in e.persons.get('author', [])]))"
    )
    python = ROOT / ".cffconvert-venv" / "bin" / "python"
    result = subprocess.run([str(python), "-c", script], input=bibtex, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.site
def test_the_casebooks_bibtex_names_its_author_as_a_group():
    """The BibTeX the site offers (the dataset's on the data page, each case's on its page)
    reads, to BibTeX, as one name with no first name: CITATION.cff's group author."""
    from bs4 import BeautifulSoup

    from macros.loader import load_casebook
    from macros.views.cite import case_citation
    from macros.views.data import data_edition

    setup = subprocess.run(["make", "--no-print-directory", "cffconvert"], cwd=ROOT, capture_output=True, timeout=900)
    assert setup.returncode == 0, setup.stderr[-2000:]
    casebook = release.published(load_casebook(ROOT), ROOT)  # as the site cites it
    group = yaml.safe_load((ROOT / "CITATION.cff").read_text())["authors"][0]["name"]
    dataset = BeautifulSoup(data_edition(casebook, None, "https://example.org/r"), "html.parser")
    texts = [dataset.select_one("#cite-dataset").get_text()]
    texts += [case_citation(casebook, case, "https://example.org/c/")[1] for case in casebook.cases]
    authors = _bibtex_authors("\n\n".join(texts))
    assert len(authors) == len(texts)
    assert {(tuple(a["first"]), tuple(a["last"])) for a in authors} == {((), ("{" + group + "}",))}


def test_a_release_refuses_a_published_case_gone_without_a_forwarding_entry(repo):
    (repo / "cases" / f"{GONE}.yaml").unlink()
    commit(repo, "a case removed")
    with pytest.raises(release.ReleaseError, match=rf"{GONE}: in v0.1.0 and gone now, but not in moved.yaml"):
        release.release(repo, "0.2.0", "2026-12-01")
    assert not (repo / "CHANGELOG.md").exists()
    (repo / "moved.yaml").write_text(
        f'removed:\n  - id: {GONE}\n    name: A removed case\n    date: "2026-12-01"\n    reason: A test.\n'
    )
    commit(repo, "its address kept")
    release.release(repo, "0.2.0", "2026-12-01")
    assert (repo / "CHANGELOG.md").exists()


def test_the_addresses_command_checks_a_pull_request_against_its_base(repo, capsys):
    (repo / "cases" / f"{CHANGED}.yaml").rename(repo / "cases" / f"{RENAMED}.yaml")
    commit(repo, "a case renamed without a forwarding entry")
    code, out, err = run_cli(capsys, "--root", repo, "addresses", "--since", "v0.1.0")
    assert code == 1 and f"{CHANGED}: in v0.1.0 and gone now, but not in moved.yaml" in err
    (repo / "moved.yaml").write_text(f'moved:\n  - id: {CHANGED}\n    moved_to: {RENAMED}\n    date: "2026-12-01"\n')
    commit(repo, "its address kept")
    code, out, err = run_cli(capsys, "--root", repo, "addresses", "--since", "v0.1.0")
    assert code == 0 and "keep their addresses" in err


def test_the_addresses_check_reads_the_working_tree_and_compares_from_where_the_change_branched(repo, capsys):
    git(repo, "branch", "-M", "base")
    git(repo, "checkout", "-q", "-b", "change")
    # On the base branch, after the change branched: a case added. Not the change's to keep.
    git(repo, "checkout", "-q", "base")
    shutil.copy(ROOT / "cases" / f"{ADDED}.yaml", repo / "cases")
    commit(repo, "a case added on the base branch")
    git(repo, "checkout", "-q", "change")
    code, _, err = run_cli(capsys, "--root", repo, "addresses", "--since", "base")
    assert code == 0, err
    # A removal not yet committed is seen.
    (repo / "cases" / f"{GONE}.yaml").unlink()
    code, _, err = run_cli(capsys, "--root", repo, "addresses", "--since", "base")
    assert code == 1 and f"{GONE}: in base and gone now, but not in moved.yaml" in err


def test_the_edition_is_read_for_each_build_not_cached_with_the_data(project_copy):
    """The loader leaves the edition alone; each build reads it from CITATION.cff, so a
    version edited between two builds (under `make serve`) is the one the next cites,
    although the data itself comes from the loader's cache."""
    from macros import build
    from macros.loader import load_casebook

    assert load_casebook(project_copy).edition == {}
    citation = project_copy / "CITATION.cff"
    before = yaml.safe_load(citation.read_text(encoding="utf-8"))["version"]
    first = build.start(project_copy).casebook
    assert first.edition["version"] == f"{before}+unreleased"  # a copy outside git: no tag
    citation.write_text(
        re.sub(r"(?m)^version: .*$", "version: 9.8.7", citation.read_text(encoding="utf-8")), encoding="utf-8"
    )
    second = build.start(project_copy).casebook
    assert second.cases is first.cases  # the data from the cache, not loaded again
    assert second.edition["version"] == "9.8.7+unreleased"
    # `make serve` rebuilds when CITATION.cff is saved.
    assert "CITATION.cff" in yaml.safe_load((project_copy / "mkdocs.yml").read_text(encoding="utf-8"))["watch"]


def test_the_cases_dates_of_change_are_read_for_each_build_from_git_not_by_the_loader(project_copy):
    """The loader runs no git. Each build dates a case by its file's last commit, else by
    its review date; a commit made between two builds (files unchanged, so the data comes
    from the loader's cache) dates the cases of the next."""
    from macros import build
    from macros.loader import load_casebook

    reviewed = {
        p.stem: str(yaml.safe_load(p.read_text(encoding="utf-8"))["last_reviewed"])
        for p in (project_copy / "cases").glob("*.yaml")
    }
    real_run = subprocess.run

    def no_git(command, *args, **kwargs):
        assert command[0] != "git", f"the loader ran {command}"
        return real_run(command, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(subprocess, "run", no_git)
        assert load_casebook(project_copy).changed == {}
    first = build.start(project_copy).casebook
    assert dict(first.changed) == {c: f"{d}T00:00:00+00:00" for c, d in reviewed.items()}  # no history yet

    git(project_copy, "init", "-q")
    git(project_copy, "add", "cases")
    when = "2031-02-03T04:05:06+00:00"
    git(project_copy, "commit", "-q", "-m", "cases", env={**os.environ, "GIT_COMMITTER_DATE": when})
    second = build.start(project_copy).casebook
    assert second.cases is first.cases  # the data from the cache, not loaded again
    assert dict(second.changed) == {c: when for c in reviewed}
