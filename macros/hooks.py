"""MkDocs hook (``hooks:`` in mkdocs.yml): checks the data, adds the generated pages.

on_config loads and checks the casebook once per build and fails the build with the
validator's report before anything is written; on_files adds one page per case and
per model; on_pre_page points a case page's "Edit this page" at its YAML file;
on_page_markdown sets the rendered HTML blocks aside while Markdown runs, and
on_page_content puts them back;
on_post_page and on_post_template add each page's Content-Security-Policy;
on_post_build writes the open-data exports. No logic of its own: see pages.py,
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

from macros import export, security
from macros.casebook import load_casebook
from macros.pages import generated_pages, restore_blocks, source_files, stash_blocks
from macros.problems import InvalidData

# What this build loaded, set in on_config: the per-page events look it up here
# instead of reloading, so a build does the same work per page at any size.
_build: dict = {}


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    try:
        casebook = load_casebook(root)
    except InvalidData as error:
        raise PluginError("The casebook's data is invalid, so nothing was built:\n" + error.report()) from None
    _build.update(root=root, casebook=casebook, sources=source_files(casebook), blocks={})
    return config


def on_files(files, config):
    for uri, content in generated_pages(_build["casebook"], config.site_url or "/"):
        files.append(File.generated(config, uri, content=content))
    return files


def on_pre_page(page, config, files):
    source = _build["sources"].get(page.file.src_uri)
    if source and config.repo_url:
        page.edit_url = f"{config.repo_url.rstrip('/')}/edit/main/{source}"
    return page


def on_page_markdown(markdown, page, config, files):
    markdown, _build["blocks"][page.file.src_uri] = stash_blocks(markdown)
    return markdown


def on_page_content(html, page, config, files):
    return restore_blocks(html, _build["blocks"].pop(page.file.src_uri, []))


def on_post_page(output, page, config):
    return security.add_csp(output)


def on_post_template(output, template_name, config):
    return security.add_csp(output) if template_name.endswith(".html") else output


def on_post_build(config):
    root = _build["root"]
    files = export.exports(_build["casebook"], config.site_url or "/", export.schema_files(root))
    export.write(files, Path(config.site_dir))
