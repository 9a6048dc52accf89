"""mkdocs-macros glue: exposes the views to docs/*.md as macros. No logic of its own.

A page opts in with ``render_macros: true`` in its front matter (mkdocs.yml sets
``render_by_default: false``), so generated pages and case text are never read as
templates. Each macro takes no arguments: it calls its view with what the view's
signature names: the casebook, ``base`` (the relative path from the calling page to
the site root), ``site_url``, or ``files`` (the open-data exports).
"""

from __future__ import annotations

import inspect
from pathlib import Path

from . import build, export
from .views import charts, compare, data, links, reference, study, typology
from .views.html import BLOCK_START, block
from .views.cases import cases_overview

MACROS = {
    "cases_overview": cases_overview,
    "typology_diagram": typology.typology_diagram,
    "typology_table": typology.typology_table,
    "drivers_list": compare.drivers_list,
    "drivers_matrix": compare.drivers_matrix,
    "funding_by_case": compare.funding_by_case,
    "funding_by_type": compare.funding_by_type,
    "measurement_by_case": compare.measurement_by_case,
    "measurement_approaches": compare.measurement_approaches,
    "partners_by_case": compare.partners_by_case,
    "partners_by_type": compare.partners_by_type,
    "home_findings": study.home_findings,
    "models_at_a_glance": study.models_at_a_glance,
    "about_scope": study.about_scope,
    "about_aims": study.about_aims,
    "about_method": study.about_method,
    "about_citation": study.about_citation,
    "enablers": study.enablers,
    "measurement_traditional": study.measurement_traditional,
    "measurement_changing": study.measurement_changing,
    "measurement_difficulty": study.measurement_difficulty,
    "outcomes_framework": study.outcomes_framework,
    "accountability": study.accountability,
    "learning_questions": study.learning_questions,
    "flipside_questions": study.flipside_questions,
    "closing_questions": study.closing_questions,
    "field_reference": reference.field_reference,
    "funding_mix": charts.funding_mix,
    "drivers_heatmap": charts.drivers_heatmap,
    "data_downloads": data.data_downloads,
    "data_licence": data.data_licence,
    "csv_columns": data.csv_columns,
    "data_examples": data.data_examples,
}


def register(env) -> None:
    root = Path(env.project_dir)
    for name, view in MACROS.items():
        env.macro(_bind(env, root, view), name)


def _bind(env, root: Path, view):
    wanted = list(inspect.signature(view).parameters)

    def macro() -> str:
        casebook = build.current(root).casebook
        site_url = env.conf["site_url"] or "/"
        supply = {
            "casebook": lambda: casebook,
            "base": lambda: links.base_for(env.page.url),
            "site_url": lambda: site_url,
            "files": lambda: export.exports(casebook, site_url, export.schema_files(root)),
        }
        rendered = view(*(supply[name]() for name in wanted))
        # A view returns HTML (one block), or Markdown that holds its own blocks.
        return rendered if BLOCK_START in rendered else block(rendered)

    macro.__doc__ = view.__doc__
    return macro
