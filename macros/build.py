"""One build's state, shared by the MkDocs hook and the mkdocs-macros glue.

The hook decides what a build works from (``start``): the casebook and,
while ``mkdocs serve`` runs, what to do with invalid data.
The state travels with the build's own MkDocs config (``attach``, ``of``), which MkDocs
hands to every hook and mkdocs-macros to every macro: each rebuild under ``serve``
has a new config, so no state of one build is read by the next. (Zensical's macros get
a plain dict for each page instead: there the state is one per process.)

What must outlive a rebuild is the process's, not a build's: whether this process
serves (known only at startup) and the last valid casebook (shown while the data
is invalid). MkDocs re-imports the hook file for every rebuild, so those two live in
this module, which is imported once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import export, glossary, release
from .loader import load_casebook, validate_project
from .model import Casebook
from .problems import InvalidData, Problem


@dataclass
class Build:
    root: Path
    casebook: Casebook
    serving: bool = False
    # While serving, the problems of the data as saved, shown at the top of every page.
    # The preview leaves out the case files that have them (``left_out``: their ids, each
    # address showing the problems), or, when the problem is beyond a case file, shows
    # the last valid version of everything.
    problems: list[Problem] = field(default_factory=list)
    left_out: tuple[str, ...] = ()
    blocks: dict = field(default_factory=dict)  # HTML blocks set aside per page
    shelved: dict = field(default_factory=dict)  # each page's rendered content, compressed, until it is written
    _exports: dict[str, dict[str, bytes]] = field(default_factory=dict)

    @cached_property
    def terms(self) -> list[glossary.Term]:
        """The glossary's terms, marked at their first use on each page."""
        return glossary.terms_from(self.casebook.vocab("glossary"))

    def changelog(self) -> str | None:
        """CHANGELOG.md's text (written by `make release`), or None before the first release."""
        path = self.root / "CHANGELOG.md"
        return path.read_text(encoding="utf-8") if path.exists() else None

    def case_template(self) -> str:
        """templates/case.yaml's text, whose comments the form's file keeps."""
        return (self.root / "templates" / "case.yaml").read_text(encoding="utf-8")

    def exports(self, site_url: str) -> dict[str, bytes]:
        """The open-data files, computed once per build: the Data page shows their sizes
        and the build writes them."""
        if site_url not in self._exports:
            self._exports[site_url] = export.exports(self.casebook, site_url, export.schema_files(self.root))
        return self._exports[site_url]


_serving = False
_last_valid: dict[Path, Casebook] = {}
_ATTRIBUTE = "casebook_build"  # on the MkDocs config: an attribute, not a setting, so no template sees it
# A generator without the hook that hands the macros a plain dict, made anew for each
# page (Zensical), has no build object to carry the state: it is the process's, per project.
_unhooked: dict[Path, Build] = {}


def serving(flag: bool) -> None:
    global _serving
    _serving = flag


def start(root: Path) -> Build:
    """Load and check the casebook for a build; raises InvalidData, except while serving,
    so that problems show in the browser, not only in the terminal: the preview builds
    the valid case files (a new case half filled in included), or else the last valid data."""
    root = Path(root).resolve()
    left_out: tuple[str, ...] = ()
    try:
        casebook, problems = load_casebook(root), []
        _last_valid[root] = casebook
    except InvalidData as error:
        if not _serving:
            raise
        casebook, problems = validate_project(root, leave_out_invalid_cases=True)
        if casebook is not None:
            left_out = tuple(sorted({Path(p.path).stem for p in problems if Path(p.path).parent.name == "cases"}))
        elif root in _last_valid:
            casebook, problems = _last_valid[root], error.problems
        else:
            raise
    # The edition and the dates of change are read for every build, not cached with the
    # data: a release, an edited CITATION.cff or a new commit shows from the next build on.
    casebook = release.published(casebook, root)
    return Build(root, casebook, serving=_serving, problems=problems, left_out=left_out)


def attach(config, state: Build) -> Build:
    """Make ``state`` the state of the build that ``config`` (MkDocs') configures."""
    setattr(config, _ATTRIBUTE, state)
    return state


def of(config, root: Path | str) -> Build:
    """The state of the build that ``config`` configures, for the project at ``root``:
    the hook's, from on_config; a MkDocs build without the hook (mkdocs-macros alone)
    starts one on first use; a generator whose config is a plain dict (Zensical) shares
    one per process."""
    state = getattr(config, _ATTRIBUTE, None)
    if state is not None:
        return state
    if hasattr(config, "config_file_path"):  # MkDocs' config object
        return attach(config, start(Path(root)))
    key = Path(root).resolve()
    if key not in _unhooked:
        _unhooked[key] = start(key)
    return _unhooked[key]
