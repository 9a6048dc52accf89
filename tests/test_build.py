"""One build's state (macros/build.py): carried by the build's own MkDocs config, which
MkDocs hands to the hook and mkdocs-macros to the macros, so that each build (each
rebuild under `make serve`) has its own and none reads another's."""

from __future__ import annotations

import re

import yaml
from mkdocs.config import load_config

from macros import build


def _config(project):
    return load_config(str(project / "mkdocs.yml"))


def test_the_state_of_a_build_is_its_configs_and_a_second_build_has_its_own(project_copy):
    first, second = _config(project_copy), _config(project_copy)
    state = build.of(first, project_copy)
    assert build.of(first, project_copy) is state  # the hook's and every macro's, for the whole build
    assert state.root == project_copy.resolve()
    # Not a setting: no template, and no plugin reading the settings, meets it.
    assert all(value is not state for value in first.values())

    # Between the two builds, a case file changes: the second build sees it, the first keeps its own.
    case_file = sorted((project_copy / "cases").glob("*.yaml"))[0]
    data = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    text = case_file.read_text(encoding="utf-8")
    case_file.write_text(re.sub(r"(?m)^name:.*$", "name: A Renamed Collaboration", text, count=1), encoding="utf-8")
    later = build.of(second, project_copy)
    assert later is not state
    assert later.casebook.case(data["id"])["name"] == "A Renamed Collaboration"
    assert state.casebook.case(data["id"])["name"] == data["name"]
    assert build.of(first, project_copy) is state


def test_the_hook_gives_the_build_it_checked_to_the_macros(project_copy):
    from macros import hooks

    config = _config(project_copy)
    checked = hooks.on_config(config)
    state = build.of(checked, project_copy)
    assert state.casebook.cases and state.terms  # what the build's pages use
    assert build.of(config, project_copy) is state


def test_a_generator_whose_macros_get_a_plain_dict_shares_one_state_per_project(project_copy):
    """Zensical hands the macros a new dict for each page: the state cannot ride on it,
    so each page of the project gets the same one rather than a load of its own."""
    first, second = build.of({}, project_copy), build.of({"site_url": "/"}, str(project_copy) + "/")
    assert first is second and first.root == project_copy.resolve()
