"""Collaboration Casebook: load, validate and publish the case files.

The data flows one way: files -> ``load`` -> ``validate`` -> ``model`` (via
``loader.load_casebook``) -> ``views`` / ``export`` -> the site (``glue`` for
mkdocs-macros, ``hooks`` for the generated pages). ``python -m macros`` is the
command line.
"""


def define_env(env):
    """mkdocs-macros entry point (``module_name: macros`` in mkdocs.yml)."""
    from .glue import register

    register(env)
