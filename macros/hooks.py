"""MkDocs hook (``hooks:`` in mkdocs.yml): checks the data, adds the generated pages.

on_config fails the build with the validator's report before anything is written;
on_files adds one page per case and per model; on_pre_page points a case page's
"Edit this page" at its YAML file; on_post_page adds each page's
Content-Security-Policy; on_post_build writes the open-data exports.
No logic of its own: see macros/pages.py and macros/export.py.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from macros import export, security
from macros.casebook import load_casebook
from macros.pages import generated_pages, source_files
from macros.problems import InvalidData


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config):
    try:
        load_casebook(_root(config))
    except InvalidData as error:
        raise PluginError("The casebook's data is invalid, so nothing was built:\n" + error.report()) from None
    return config


def on_files(files, config):
    for uri, content in generated_pages(load_casebook(_root(config)), config.site_url or "/"):
        files.append(File.generated(config, uri, content=content))
    return files


def on_pre_page(page, config, files):
    source = source_files(load_casebook(_root(config))).get(page.file.src_uri)
    if source and config.repo_url:
        page.edit_url = f"{config.repo_url.rstrip('/')}/edit/main/{source}"
    return page


def on_post_page(output, page, config):
    return security.add_csp(output)


def on_post_template(output, template_name, config):
    return security.add_csp(output) if template_name.endswith(".html") else output


def on_post_build(config):
    root = _root(config)
    files = export.exports(load_casebook(root), config.site_url or "/", export.schema_files(root))
    export.write(files, Path(config.site_dir))
