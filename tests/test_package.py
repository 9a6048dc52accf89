"""The package's shape: no two modules import each other, views and exports stay
apart, and HTML is written in template files, rendered with autoescaping."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "macros"


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Module -> the project modules it imports, anywhere in it (functions included)."""
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(
                        package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                    )
                for alias in node.names:
                    target = f"{base}.{alias.name}"
                    found.add(target if target in modules else base)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def test_no_two_modules_import_each_other():
    graph = _imports()
    assert "macros.views.cases" in graph and graph["macros.export"], "the import graph was read"

    def reaches(start: str, goal: str, seen: set) -> bool:
        for nxt in graph[start]:
            if nxt == goal or (nxt not in seen and not seen.add(nxt) and reaches(nxt, goal, seen)):
                return True
        return False

    cycles = sorted(m for m in graph if reaches(m, m, set()))
    assert cycles == [], f"modules in an import cycle: {cycles}"


def test_views_and_exports_stay_apart():
    graph = _imports()
    # The neutral homes: the model, the URL layout, the schema walker, the dataset
    # constants, the finder's facets (which the case pages carry as search filters) and
    # the RIS record (a file among the exports, and on the case page to copy).
    allowed_for_views = {
        "macros.model",
        "macros.urls",
        "macros.schema",
        "macros.dataset",
        "macros.finder",
        "macros.citation",
    }
    for module, targets in graph.items():
        if module.startswith("macros.views"):
            outside = {t for t in targets if not t.startswith("macros.views")}
            assert outside <= allowed_for_views, f"{module} imports {outside - allowed_for_views}"
    assert not {t for t in graph["macros.export"] if t.startswith("macros.views")}


def test_html_lives_in_templates():
    """Outside the templates, markup is in two named helpers only: the block wrapper that
    marks rendered HTML in page Markdown, and the Content-Security-Policy meta tag."""
    tag = re.compile(
        r"""["'f]<(a|div|p|span|table|tr|td|th|ul|ol|li|svg|code|pre|dl|dt|dd|h[1-6]|meta|script|figure)[\s>"']"""
    )
    found = {
        f"{p.relative_to(ROOT)}:{n}"
        for p in PACKAGE.rglob("*.py")
        for n, line in enumerate(p.read_text().splitlines(), start=1)
        if tag.search(line)
    }
    allowed = {"macros/views/markdown.py", "macros/security.py"}
    assert {f.split(":")[0] for f in found} <= allowed, sorted(found)


def test_templates_escape_and_refuse_undefined_names():
    import pytest
    from jinja2 import StrictUndefined, UndefinedError

    from macros.views.render import ENV, render

    assert ENV.autoescape is True and ENV.undefined is StrictUndefined
    shown = render("banner.html", report="<script>alert('x')</script> {{ config }}", left_out=False)
    assert "<script>" not in shown and "&lt;script&gt;" in shown and "{{" not in shown
    with pytest.raises(UndefinedError):
        render("banner.html")


def test_links_from_data_are_http_only():
    from macros.views.render import part

    assert part("parts.html", "ext", "javascript:alert(1)", "click") == "click"
    assert (
        part("parts.html", "ext", "https://example.org/a?b=1&c=2", "ok")
        == '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener nofollow">ok</a>'
    )
    assert part("parts.html", "ext", 'https://example.org/"onmouseover="x', "ok") == "ok"
