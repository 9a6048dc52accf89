"""Lighthouse scores for the home page, a case page, the cases finder, search and a
comparison page, on mobile and desktop, against the built site served on 127.0.0.1
and Debian's chromium.

    .venv/bin/python bench/lighthouse.py               # the real cases
    .venv/bin/python bench/lighthouse.py --count 990   # and 990 synthetic ones

It builds the site, installs the pinned Lighthouse (bench/lighthouse/package-lock.json)
with npm, and prints the four category scores (0 to 100) per page and form factor,
plus each case page's compressed weight. A benchmark, not a test: scores move with
the machine's load.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

sys.path.insert(0, str(ROOT))
from browser import BROWSER, CHROMIUM_ARGS, serve  # noqa: E402
from conftest import copy_project  # noqa: E402
from macros.loader import load_casebook  # noqa: E402
from macros.synth import synthetic_cases  # noqa: E402

LIGHTHOUSE = ROOT / "bench" / "lighthouse"
PAGES = {
    "home": "",
    "case": "cases/golden-key/",
    "finder": "cases/",
    "finder, compared": "cases/?compare=golden-key,wigan-council",
    "search": "search/?q=Wigan",
    "comparison": "comparisons/drivers/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def run(url: str, form: str, out: Path) -> dict:
    command = [
        str(LIGHTHOUSE / "node_modules" / ".bin" / "lighthouse"),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags=--headless=new {' '.join(CHROMIUM_ARGS)}",
    ]
    if form == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": BROWSER}, timeout=300)
    report = json.loads(out.read_text())
    return {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=0, help="add this many synthetic cases (a scratch copy)")
    args = parser.parse_args()
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=LIGHTHOUSE, check=True)
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        project = ROOT
        if args.count:
            project = copy_project(Path(scratch) / "project")
            for case_id, text in synthetic_cases(load_casebook(ROOT), args.count):
                (project / "cases" / f"{case_id}.yaml").write_text(text, encoding="utf-8")
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
            cwd=project,
            check=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        cases = len(list((project / "cases").glob("*.yaml")))
        print(f"# Lighthouse, {time.strftime('%Y-%m-%d %H:%M')}, {BROWSER}, {cases} cases")
        print()
        print("| page | form factor | " + " | ".join(CATEGORIES) + " | failed audits |")
        print("|---|---|" + "---|" * len(CATEGORIES) + "---|")
        with serve(site) as base:
            for name, path in PAGES.items():
                for form in ("mobile", "desktop"):
                    scores, report = run(base + path, form, Path(scratch) / f"{name}-{form}.json")
                    failed = sorted(
                        audit_id
                        for category in CATEGORIES
                        for ref in report["categories"][category]["auditRefs"]
                        if ref["weight"] > 0
                        for audit_id in [ref["id"]]
                        if report["audits"][audit_id].get("score") is not None
                        and report["audits"][audit_id]["score"] < 0.9
                    )
                    print(
                        f"| {name} | {form} | "
                        + " | ".join(str(scores[c]) for c in CATEGORIES)
                        + f" | {', '.join(failed) or '-'} |",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
