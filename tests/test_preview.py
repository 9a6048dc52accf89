"""`python -m macros preview`: a pull request's changed cases as readers will see them,
checked against the raw YAML and the vocabularies' own files."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import yaml

from conftest import FIXTURES, ROOT, copy_project

CASE_FILES = sorted((ROOT / "cases").glob("*.yaml"))


def _labels(name: str) -> dict[str, str]:
    data = yaml.safe_load((ROOT / "study" / f"{name}.yaml").read_text(encoding="utf-8"))
    return {t["id"]: t["label"] for t in [*data["terms"], *([data["unclassified"]] if "unclassified" in data else [])]}


def _preview(root, *paths) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "macros", "--root", str(root), "preview", *map(str, paths)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _rows(markdown: str) -> dict[str, str]:
    rows = {}
    for line in markdown.splitlines():
        cells = re.split(r"(?<!\\)\|", line)
        if len(cells) == 4 and cells[1].strip() not in ("Field", "---"):
            rows[cells[1].strip()] = cells[2].strip()
    return rows


def test_each_case_reads_with_labels_not_codes():
    result = _preview(ROOT, *CASE_FILES)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"## The {len(CASE_FILES)} cases, as readers will see them")
    sections = result.stdout.split("\n### ")[1:]
    assert len(sections) == len(CASE_FILES)
    models, regions, funding = _labels("models"), _labels("regions"), _labels("funding_types")
    for path, section in zip(CASE_FILES, sections, strict=True):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        rows = _rows(section)
        assert rows["Model"] == models[data["model"]], path.name
        assert f"({regions[data['place']['region']]}," in rows["Place"], path.name
        assert rows["Funding"] == (
            ", ".join(funding[f] for f in data["funding"]) if data.get("funding") else "*not recorded*"
        ), path.name
        sources = section.split("**Sources**", 1)[1]
        assert len(re.findall(r"^\d+\. ", sources, re.M)) == len(data["sources"]), path.name
        for source in data["sources"]:
            assert f"`{source['url']}`" in sources
        for fact in data.get("facts", ()):
            assert fact["text"].split()[0] in section and (not fact.get("caveat") or "*Uncertain:" in section)


def test_hostile_text_stays_text_in_its_table(tmp_path):
    project = copy_project(tmp_path / "project")
    for path in (FIXTURES / "hostile" / "inert").glob("*.yaml"):
        shutil.copy(path, project / "cases" / path.name)
    result = _preview(project, *sorted((project / "cases").glob("hostile-*.yaml")))
    assert result.returncode == 0, result.stderr
    for line in result.stdout.splitlines():
        if line.startswith("|"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 3, line  # no cell broken by the data
    assert "<script" not in result.stdout and "](" not in result.stdout.replace("\\](", "")


def test_a_file_that_is_not_a_case_is_a_usage_error(tmp_path):
    result = _preview(ROOT, ROOT / "README.md")
    assert result.returncode == 2 and "is not a case file" in result.stderr
