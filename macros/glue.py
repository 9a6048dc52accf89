"""mkdocs-macros glue: exposes the views to docs/*.md as macros. No logic of its own.

A page opts in with ``render_macros: true`` in its front matter (mkdocs.yml sets
``render_by_default: false``), so generated pages and case text are never read as
templates. Each macro takes no arguments; the table below says what it passes its
view, from ``Call``: this build's casebook, ``base`` (the relative path from the calling
page to the site root), the site's URL, and the open-data files of this build.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import build, urls
from .model import Casebook
from .views import cases, charts, compare, data, propose, reference, study, typology
from .views.markdown import BLOCK_START, block


@dataclass(frozen=True)
class Call:
    """What a macro call can hand its view."""

    state: build.Build
    base: str
    site_url: str
    repo_url: str = ""

    @property
    def casebook(self) -> Casebook:
        return self.state.casebook

    @property
    def files(self) -> dict[str, bytes]:
        return self.state.exports(self.site_url)


MACROS: dict[str, Callable[[Call], str]] = {
    "cases_overview": lambda c: cases.cases_overview(c.casebook, c.base),
    "typology_diagram": lambda c: typology.typology_diagram(c.casebook, c.base),
    "drivers_list": lambda c: compare.drivers_list(c.casebook, c.base),
    "drivers_matrix": lambda c: compare.drivers_matrix(c.casebook, c.base),
    "drivers_coverage": lambda c: compare.drivers_coverage(c.casebook, c.base),
    "funding_by_case": lambda c: compare.funding_by_case(c.casebook, c.base),
    "funding_by_type": lambda c: compare.funding_by_type(c.casebook, c.base),
    "measurement_by_case": lambda c: compare.measurement_by_case(c.casebook, c.base),
    "measurement_approaches": lambda c: compare.measurement_approaches(c.casebook, c.base),
    "partners_by_case": lambda c: compare.partners_by_case(c.casebook, c.base),
    "partners_by_type": lambda c: compare.partners_by_type(c.casebook, c.base),
    "study_credit": lambda c: study.study_credit(c.casebook),
    "search_box": lambda c: study.search_box(c.casebook, c.base),
    "search_page": lambda c: study.search_page(c.base),
    "home_findings": lambda c: study.home_findings(c.casebook, c.base),
    "models_at_a_glance": lambda c: study.models_at_a_glance(c.casebook, c.base),
    "about_scope": lambda c: study.about_scope(c.casebook),
    "about_aims": lambda c: study.about_aims(c.casebook),
    "about_method": lambda c: study.about_method(c.casebook, c.base),
    "about_citation": lambda c: study.about_citation(c.casebook),
    "enablers": lambda c: study.enablers(c.casebook, c.base),
    "measurement_traditional": lambda c: study.measurement_traditional(c.casebook),
    "measurement_changing": lambda c: study.measurement_changing(c.casebook),
    "measurement_difficulty": lambda c: study.measurement_difficulty(c.casebook),
    "outcomes_framework": lambda c: study.outcomes_framework(c.casebook, c.base),
    "accountability": lambda c: study.accountability(c.casebook, c.base),
    "learning_questions": lambda c: study.learning_questions(c.casebook, c.base),
    "flipside_questions": lambda c: study.flipside_questions(c.casebook),
    "closing_questions": lambda c: study.closing_questions(c.casebook),
    "field_reference": lambda c: reference.field_reference(c.casebook),
    "glossary": lambda c: study.glossary(c.casebook),
    "funding_mix": lambda c: charts.funding_mix(c.casebook),
    "drivers_heatmap": lambda c: charts.drivers_heatmap(c.casebook),
    "data_downloads": lambda c: data.data_downloads(c.files, c.base),
    "data_licence": lambda c: data.data_licence(),
    "data_edition": lambda c: data.data_edition(c.casebook, c.state.changelog(), c.repo_url),
    "csv_columns": lambda c: data.csv_columns(c.casebook),
    "data_examples": lambda c: data.data_examples(c.site_url),
    "propose_form": lambda c: propose.propose_form(c.casebook, c.base, c.repo_url, c.state.case_template()),
}


def register(env) -> None:
    for name, show in MACROS.items():
        env.macro(_bind(env, show), name)
    # Study counts in prose ("the study's fourteen drivers"), from the vocabularies.
    env.macro(
        lambda vocabulary: study.count_in_words(build.of(env.conf, env.project_dir).casebook, vocabulary), "count_of"
    )


def _bind(env, show: Callable[[Call], str]) -> Callable[[], str]:
    def macro() -> str:
        call = Call(
            build.of(env.conf, env.project_dir),
            urls.base_for(env.page.url),
            env.conf["site_url"] or "/",
            env.conf["repo_url"] or "",
        )
        rendered = show(call)
        # A view returns HTML (one block), or Markdown that holds its own blocks.
        return rendered if BLOCK_START in rendered else block(rendered)

    return macro
