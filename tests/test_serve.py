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
    yield from _serve(tmp_path)


@pytest.fixture
def preview_of_a_new_case(tmp_path):
    """CONTRIBUTING's order: `new`, then `make serve`, before anything is filled in."""
    yield from _serve(tmp_path, before=("new", "Leeds Test Group"))


def _serve(tmp_path, before: tuple[str, ...] = ()):
    """`make serve PORT=...` in a copy of the project, sharing the project's environment,
    after ``python -m macros *before`` there."""
    project = copy_project(tmp_path / "project")
    (project / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    if before:
        subprocess.run([".venv/bin/python", "-m", "macros", *before], cwd=project, check=True, capture_output=True)
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


@pytest.mark.site
def test_make_serve_starts_on_a_new_case_and_shows_its_problems_on_every_page_and_at_its_address(
    preview_of_a_new_case,
):
    from site_build import BeautifulSoup

    project, base = preview_of_a_new_case
    path = "cases/leeds-test-group.yaml"
    # What the validator says of the file, read apart from the preview.
    checked = subprocess.run(
        [".venv/bin/python", "-m", "macros", "validate", path], cwd=project, capture_output=True, text=True
    )
    expected = checked.stdout.splitlines() + checked.stderr.splitlines()[-1:]
    assert checked.returncode == 1 and len(expected) > 1
    for address in ("", "cases/leeds-test-group/", "cases/"):
        with urllib.request.urlopen(base + address) as response:
            soup = BeautifulSoup(response.read().decode("utf-8"), "html.parser")
        banner = soup.select_one(".cb-build-problems")
        assert banner is not None, address
        assert banner.select_one("pre").get_text().splitlines() == expected, address
    with urllib.request.urlopen(base + "cases/leeds-test-group/") as response:
        page = BeautifulSoup(response.read().decode("utf-8"), "html.parser")
    assert path in page.find("h1").get_text()
    # The valid cases are built as usual.
    first = next(p.stem for p in sorted((project / "cases").glob("*.yaml")) if p.stem != "leeds-test-group")
    with urllib.request.urlopen(base + f"cases/{first}/") as response:
        assert response.status == 200


@pytest.mark.browser
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


@pytest.mark.site
def test_a_built_site_has_no_reload_script_and_allows_no_inline_script(site):
    for html_file in (site / "index.html", *sorted((site / "cases").glob("*/index.html"))[:3]):
        html = html_file.read_text(encoding="utf-8")
        assert "livereload" not in html
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)[1]
        assert "unsafe-inline" not in policy
