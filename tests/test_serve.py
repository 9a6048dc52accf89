"""The live preview a contributor runs: `make serve PORT=...` serves the site, reloads
an open page when a case file is saved, and shows an invalid save's problems in the
page. Driven in Debian's chromium, like the other browser tests."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from browser import BROWSER, CHROMIUM_ARGS, CSP_WATCH
from conftest import ROOT, copy_project

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "make serve stopped"
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {seconds} s")


@pytest.fixture
def preview(tmp_path):
    """`make serve PORT=...` in a copy of the project, sharing the project's environment."""
    project = copy_project(tmp_path / "project")
    (project / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        ["make", "serve", f"PORT={port}"], cwd=project, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}/casebook/"
    try:
        _wait_for(base, process)
        yield project, base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def test_make_serve_reloads_a_page_on_save_and_shows_an_invalid_save(preview):
    sync_api = pytest.importorskip("playwright.sync_api")
    project, base = preview
    case = sorted((project / "cases").glob("*.yaml"))[0]
    original = case.read_text(encoding="utf-8")
    summary = re.search(r"^summary: (.*)$", original, re.M)
    assert summary, "the first case has a one-line summary"
    with urllib.request.urlopen(base + f"cases/{case.stem}/") as response:
        html = response.read().decode("utf-8")
    assert "livereload" in html, "the preview's pages carry the reload script"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=BROWSER, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.add_init_script(CSP_WATCH)
        page = context.new_page()
        page.goto(base + f"cases/{case.stem}/", wait_until="load")  # the reload script keeps polling
        # A valid save: the open page reloads by itself and shows the new text.
        case.write_text(
            original.replace(summary.group(0), "summary: Saved while the preview was open."), encoding="utf-8"
        )
        page.get_by_text("Saved while the preview was open.").first.wait_for(timeout=120_000)
        assert page.evaluate("window.__csp") == [], "the site's policy let the reload script run"
        # An invalid save: the page reloads and says what is wrong, where.
        case.write_text(original.replace("model: ", "model: no-such-model-", 1), encoding="utf-8")
        banner = page.locator(".cb-build-problems")
        banner.wait_for(timeout=120_000)
        assert f"cases/{case.name}:" in banner.inner_text() and "is not a model" in banner.inner_text()
        # Fixed again: the problems go.
        case.write_text(original, encoding="utf-8")
        banner.wait_for(state="detached", timeout=120_000)
        browser.close()


def test_a_built_site_has_no_reload_script_and_allows_no_inline_script(site):
    for html_file in (site / "index.html", *sorted((site / "cases").glob("*/index.html"))[:3]):
        html = html_file.read_text(encoding="utf-8")
        assert "livereload" not in html
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)[1]
        assert "unsafe-inline" not in policy
