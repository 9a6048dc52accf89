"""Build the site with mkdocs into a folder, for tests that read the HTML back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup


def build(project: Path, out: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(out)],
        cwd=project, capture_output=True, text=True, timeout=600, env=env)


def page(site: Path, url_path: str) -> BeautifulSoup:
    path = site / url_path / "index.html" if not url_path.endswith(".html") else site / url_path
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(soup: BeautifulSoup):
    return soup.select_one("article.md-content__inner")


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


SITE_PREFIX = "/casebook/"   # the path of site_url in mkdocs.yml; 404.html links from it


def resolve(site: Path, html_file: Path, link: str) -> tuple[Path | None, str]:
    """The file an internal link points to (or None for an external one), and its fragment."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
        return None, ""
    if not parts.path:
        return html_file, parts.fragment
    if parts.path.startswith("/"):
        assert parts.path.startswith(SITE_PREFIX), f"absolute link outside the site: {link}"
        target = (site / unquote(parts.path[len(SITE_PREFIX):])).resolve()
    else:
        target = (html_file.parent / unquote(parts.path)).resolve()
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment
