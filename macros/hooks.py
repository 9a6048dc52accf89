"""MkDocs hook (``hooks:`` in mkdocs.yml): checks the data, adds the generated pages.

on_config loads and checks the casebook once per build (``build.start``) and fails
the build with the validator's report before anything is written (while serving, a
bad save keeps the last valid data and shows the report on every page); on_files
adds one page per case and per model; on_pre_page points a case page's "Edit this page" at its YAML file;
on_page_markdown sets the rendered HTML blocks aside while Markdown runs, and
on_page_content puts them back, then keeps the content compressed until on_post_page
puts it in the written page (MkDocs renders every page before it writes any);
on_post_page and on_post_template add each page's Content-Security-Policy;
on_post_build writes the open-data exports and the search index. No logic of its own: see pages.py,
security.py and export.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

# MkDocs loads this file by its path. Under `python -m mkdocs` the project root is on
# sys.path already; under the plain `mkdocs` command it is not, so put it there.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from macros import build, export, search, security, steps
from macros.pages import (
    generated_pages,
    problems_banner,
    restore_blocks,
    shelve,
    stash_blocks,
    unbuilt_pages,
    unshelve,
)
from macros.problems import InvalidData


def on_startup(command, dirty):
    build.serving(command == "serve")


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    try:
        state = build.attach(config, build.start(root))
    except InvalidData as error:
        raise PluginError("The casebook's data is invalid, so nothing was built:\n" + error.report()) from None
    for notice in state.casebook.notices:
        # Printed, not logged: a logged warning would stop a --strict build, and the file is valid.
        print(notice.format_text(), file=sys.stderr)
    if state.problems:
        # Not a logged warning: under --strict that would stop the preview from updating.
        shows = "leaves out the case files with problems" if state.left_out else "shows its last valid version"
        print(
            f"The casebook's data is invalid; the preview {shows}:\n" + InvalidData(state.problems).report(),
            file=sys.stderr,
        )
    return config


def on_files(files, config):
    state = _state(config)
    pages = generated_pages(state.casebook, config.site_url or "/", config.repo_url or "")
    for uri, content in pages + unbuilt_pages(state.casebook, state.left_out):
        files.append(File.generated(config, uri, content=content))
    return files


def on_page_markdown(markdown, page, config, files):
    markdown, _state(config).blocks[page.file.src_uri] = stash_blocks(markdown)
    if page.file.abs_src_path is None:
        page.file.content_string = ""  # a generated page's source, read: not needed again
    return markdown


def on_page_content(html, page, config, files):
    html = restore_blocks(html, _state(config).blocks.pop(page.file.src_uri, []))
    # Rendered: the theme needs the content and the title, not the Markdown ("" keeps the
    # title, which MkDocs gives as None for a page whose Markdown is None).
    page.markdown = ""
    mark, _state(config).shelved[page.file.src_uri] = shelve(html)
    return mark


def on_post_page(output, page, config):
    state = _state(config)
    output = unshelve(output, state.shelved.pop(page.file.src_uri, None))
    if state.problems:
        output = problems_banner(output, state.problems, left_out=bool(state.left_out))
    return steps.finish_page(
        output, page.url, state.casebook, config.site_url or "/", state.terms, serving=state.serving
    )


def on_post_template(output, template_name, config):
    return security.add_csp(output, serving=_state(config).serving) if template_name.endswith(".html") else output


def on_post_build(config):
    export.write(_state(config).exports(config.site_url or "/"), Path(config.site_dir))
    steps.sitemap_dates(_state(config).casebook, Path(config.site_dir))
    search.index(Path(config.site_dir))


def _state(config) -> build.Build:
    return build.of(config, Path(config.config_file_path).parent)
