"""Speed and size of the casebook as it grows. Prints a table; times are ratios
measured in the same run, because the machines are shared and noisy.

    .venv/bin/python bench/benchmark.py                 # N = 10, 100, 1000, 5000
    .venv/bin/python bench/benchmark.py --sizes 10 100  # quicker
    .venv/bin/python bench/benchmark.py --validate-only --sizes 10000
    .venv/bin/python bench/benchmark.py --memory --sizes 10 2000 10000

For each N (the ten real cases plus N - 10 synthetic ones, in a scratch copy):
- validation: ``validate_project`` against the floor, the same files parsed with
  PyYAML's C loader and checked with a compiled Draft 2020-12 validator
  (jsonschema-rs) and nothing else;
- build: ``mkdocs build --strict`` (which ends with the search index) against a
  baseline, the same case pages written out as plain Markdown and built with the same
  theme and plugins, without macros or hooks, then indexed by the same indexer
  (macros/search.py, its pages marked as the casebook's hook marks them);
- size of the site, of one case page's HTML, and of the search index (pagefind/);
- peak memory (maximum resident set) of the build process; ``--memory`` measures each
  step apart instead (the MkDocs build, the search index alone, and the Zensical
  route's prepare-docs, Zensical and finish-site when `make zensical` has set Zensical
  up);
- the reader's task (``--reader``), in Debian's chromium against the built site served
  with gzip as static hosts serve it: open the home page, search for "Wigan" from the
  header, open the first result, open the cases list. It reports the bytes
  transferred (compressed, as served), the number of requests, the bytes the search
  alone fetched, how long the search took to answer, and the largest HTML page of the
  site, each also as a ratio to the smallest N of the run; ``--queries`` adds what one
  search fetches for each query given, on the search page with nothing cached.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jsonschema_rs  # noqa: E402
import yaml  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from conftest import copy_project  # noqa: E402
from macros.loader import load_casebook, validate_project  # noqa: E402
from macros.model import thaw  # noqa: E402
from macros.pages import generated_pages  # noqa: E402
from macros.synth import synthetic_cases  # noqa: E402

SAMPLE_PAGE = "cases/golden-key/index.html"


def scratch_project(base: Path, count: int) -> Path:
    project = copy_project(base / f"n{count}")  # the same copy the tests make
    for case_id, text in synthetic_cases(load_casebook(ROOT), max(count - 10, 0)):
        (project / "cases" / f"{case_id}.yaml").write_text(text, encoding="utf-8")
    return project


def best_of(runs: int, action) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def validation(project: Path, runs: int) -> tuple[float, float]:
    files = sorted((project / "cases").glob("*.yaml"))
    casebook, problems = validate_project(project)
    assert not problems, problems[:3]
    validator = jsonschema_rs.Draft202012Validator(thaw(casebook.case_schema), validate_formats=True)

    def floor():
        for path in files:
            with open(path, "rb") as handle:
                data = yaml.load(handle, Loader=yaml.CSafeLoader)
            if not validator.is_valid(data):
                raise AssertionError(path)

    def ours():
        validate_project(project)

    return best_of(runs, ours), best_of(runs, floor)


# The baseline's pages marked searchable as the hook marks the casebook's, then indexed.
_INDEX_PLAIN = """if True:
    import sys
    from pathlib import Path
    from macros import search
    site = Path(sys.argv[1])
    for page in site.rglob("*.html"):
        path = page.relative_to(site).as_posix().removesuffix("index.html")
        page.write_text(search.mark(page.read_text(encoding="utf-8"), path), encoding="utf-8")
    search.index(site)
"""


def build(project: Path, out: Path, index: bool = False) -> tuple[float, int]:
    """Wall time and peak memory (KB) of one build, in a child process; ``index`` runs
    the search indexer after it (the casebook's own build does so in its hook)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"build failed in {project}:\n{child.stderr.read().decode()}")
    if index:
        subprocess.run([sys.executable, "-c", _INDEX_PLAIN, str(out)], cwd=ROOT, check=True)
    elapsed = time.perf_counter() - started
    return elapsed, usage.ru_maxrss


def peak_of(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int]:
    """Wall time and peak memory (MB) of one command, in a child process (and the
    children it waits for)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    errors = child.stderr.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"{' '.join(command[:4])} failed in {cwd}:\n{errors[-3000:]}")
    return time.perf_counter() - started, usage.ru_maxrss // 1024


def memory_steps(project: Path) -> dict[str, tuple[float, int]]:
    """(seconds, peak MB) of each step of the MkDocs route and of the Zensical route, as
    the build runs them (the MkDocs build and finish-site end with the search index,
    in the same process); the search index is also measured alone."""
    python = sys.executable
    mkdocs = "import sys; sys.argv = ['mkdocs', 'build', '--strict', '-q', '-d', 'site-m']; "
    mkdocs += "from mkdocs.__main__ import cli; cli()"
    finish = f"import sys; from macros.cli import main; sys.exit(main(['--root', {str(project)!r}, "
    finish += "'finish-site', 'site-z']))"
    steps = {"mkdocs build": [python, "-c", mkdocs]}
    steps["search index alone"] = [
        python,
        "-c",
        "from pathlib import Path; from macros.search import index; index(Path('site-m'))",
    ]
    zensical = ROOT / ".zensical-venv" / "bin" / "zensical"
    if zensical.exists():  # `make zensical` sets it up
        config = (ROOT / ".zensical.yml").read_text().replace("site_dir: site-zensical", "site_dir: site-z")
        (project / ".zensical.yml").write_text(config)
        steps["prepare-docs"] = [python, "-m", "macros", "--root", str(project), "prepare-docs", ".zensical/docs"]
        steps["zensical build"] = [str(zensical), "build", "--clean", "--strict", "-f", ".zensical.yml"]
        steps["finish-site"] = [python, "-c", finish]
    return {name: peak_of(command, project, {"PYTHONPATH": str(project)}) for name, command in steps.items()}


def baseline_project(project: Path) -> Path:
    """The same case pages as plain Markdown, same theme and plugins, no macros or hooks."""
    base = project.parent / (project.name + "-baseline")
    (base / "docs").mkdir(parents=True)
    for uri, content in generated_pages(load_casebook(project), "https://example.org/"):
        (base / "docs" / uri).parent.mkdir(parents=True, exist_ok=True)
        (base / "docs" / uri).write_text(content, encoding="utf-8")
    (base / "docs" / "index.md").write_text("# Baseline\n")
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    plain = {
        "site_name": config["site_name"],
        "site_url": config["site_url"],
        "theme": config["theme"],
        "plugins": ["tags"],
        "nav": ["index.md"],
        "not_in_nav": "/cases/*/index.md\n/typology/*/index.md\n/browse/*/index.md",
        "markdown_extensions": config["markdown_extensions"],
    }
    plain["theme"] = {k: v for k, v in plain["theme"].items() if k != "custom_dir"}
    (base / "mkdocs.yml").write_text(yaml.safe_dump(plain))
    return base


def reader_task(site: Path) -> dict[str, float]:
    """The reader's task above, measured in the browser."""
    from browser import BROWSER, CHROMIUM_ARGS, serve
    from playwright.sync_api import sync_playwright

    requests: list = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=BROWSER, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.on("requestfinished", lambda request: requests.append(request))
        page.goto(base, wait_until="networkidle")
        before_search = len(requests)
        started = time.perf_counter()
        page.locator("#cb-header-q").fill("Wigan")
        page.keyboard.press("Enter")
        page.locator("#cb-search-results li a").first.wait_for(timeout=60_000)
        answered = time.perf_counter() - started
        page.wait_for_load_state("networkidle")
        after_search = len(requests)
        page.locator("#cb-search-results li a").first.click()
        page.wait_for_load_state("networkidle")
        page.goto(base + "cases/", wait_until="networkidle")
        page.locator("#cb-cases-table tbody tr").first.wait_for()
        page.wait_for_load_state("networkidle")
        # Read while the page is open (nothing is in flight now).
        fetched = [(r.url, sum(r.sizes()[k] for k in ("responseBodySize", "responseHeadersSize"))) for r in requests]
        search_bytes = sum(n for url, n in fetched[before_search:after_search] if "/pagefind/" in url)
        browser.close()
    largest = max((p.stat().st_size, p) for p in site.rglob("*.html"))
    return {
        "bytes": sum(n for _, n in fetched),
        "requests": len(fetched),
        "search bytes": search_bytes,
        "search s": answered,
        "largest page": largest[0],
        "largest page name": largest[1].relative_to(site).as_posix(),
    }


def search_costs(site: Path, queries: list[str]) -> dict[str, tuple[int, int, float]]:
    """What one search fetches from the index, each query in a fresh browser context
    (nothing cached), on the search page: (bytes as served, requests, seconds until
    the last of them arrived)."""
    from browser import BROWSER, CHROMIUM_ARGS, serve
    from playwright.sync_api import sync_playwright

    costs = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=BROWSER, args=CHROMIUM_ARGS)
        for query in queries:
            context = browser.new_context()
            page = context.new_page()
            page.goto(base + "search/", wait_until="networkidle")
            asked: list = []
            done: list = []
            page.on("request", lambda r, asked=asked: asked.append(r) if "/pagefind/" in r.url else None)
            last = [0.0]

            def finished(request, done=done, last=last):
                if "/pagefind/" in request.url:
                    done.append(request)
                    last[0] = time.perf_counter()

            page.on("requestfinished", finished)
            page.on("requestfailed", finished)
            started = time.perf_counter()
            page.locator("#cb-search-q").fill(query)
            page.keyboard.press("Enter")
            page.locator("#cb-search-status").filter(has_not_text="Searching").wait_for(timeout=60_000)
            settled = 0
            while settled < 10:  # 200 ms with nothing in flight: the results' records are in
                page.wait_for_timeout(20)
                settled = settled + 1 if asked and len(done) == len(asked) else 0
            seconds = last[0] - started
            sizes = [r.sizes() for r in done]
            costs[query] = (sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes), len(done), seconds)
            context.close()
        browser.close()
    return costs


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000, 5000])
    parser.add_argument("--validate-only", action="store_true")
    parser.add_argument("--reader", action="store_true", help="also measure the reader's task in chromium")
    parser.add_argument("--memory", action="store_true", help="only the peak memory of each build step, on both routes")
    parser.add_argument(
        "--queries",
        nargs="+",
        default=[],
        help="with --reader: also what one search fetches, for each of these queries",
    )
    args = parser.parse_args()
    if args.memory:
        return memory(args.sizes)
    print(
        f"# Casebook benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"PyYAML C loader: {yaml.__with_libyaml__}"
    )
    print()
    header = ["N", "validate s", "floor s", "ratio"]
    if not args.validate_only:
        header += ["build s", "baseline s", "ratio", "site MB", "case page KB", "search index KB", "peak MB"]
    if args.reader:
        header += ["reader KB", "x", "requests", "search KB", "x", "search s", "largest page KB", "x"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    first: dict[str, float] = {}
    searches: list[str] = []
    first_search: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for count in args.sizes:
            project = scratch_project(Path(scratch), count)
            runs = 3 if count <= 1000 else 1
            ours, floor = validation(project, runs)
            row = [str(count), f"{ours:.2f}", f"{floor:.2f}", f"{ours / floor:.2f}"]
            if not args.validate_only:
                site = project.parent / f"site-{count}"
                build_time, peak = build(project, site)
                baseline = baseline_project(project)
                base_time, _ = build(baseline, baseline.parent / f"site-{count}-baseline", index=True)
                row += [
                    f"{build_time:.1f}",
                    f"{base_time:.1f}",
                    f"{build_time / base_time:.2f}",
                    f"{size(site) / 1e6:.1f}",
                    f"{(site / SAMPLE_PAGE).stat().st_size / 1024:.1f}",
                    f"{size(site / 'pagefind') / 1024:.0f}",
                    f"{peak / 1024:.0f}",
                ]
                if args.reader:
                    task = reader_task(site)
                    first = first or task
                    row += [
                        f"{task['bytes'] / 1024:.0f}",
                        f"{task['bytes'] / first['bytes']:.2f}",
                        str(task["requests"]),
                        f"{task['search bytes'] / 1024:.0f}",
                        f"{task['search bytes'] / first['search bytes']:.2f}",
                        f"{task['search s']:.2f}",
                        f"{task['largest page'] / 1024:.0f} ({task['largest page name']})",
                        f"{task['largest page'] / first['largest page']:.2f}",
                    ]
                    for query, (fetched, requests, seconds) in search_costs(site, args.queries).items():
                        first_search.setdefault(query, fetched)
                        ratio = fetched / first_search[query]
                        searches.append(
                            f"| {query} | {count} | {fetched / 1024:.1f} | {ratio:.2f} | {requests} | {seconds:.2f} |"
                        )
            print("| " + " | ".join(row) + " |", flush=True)
            for leftover in Path(scratch).iterdir():
                shutil.rmtree(leftover, ignore_errors=True)
    if searches:
        print()
        print("What one search fetches from the index (KB as served, x the smallest N, requests, seconds):")
        print()
        print("| query | N | search KB | x | requests | s |")
        print("|---|---|---|---|---|---|")
        print("\n".join(searches))


def memory(sizes: list[int]) -> None:
    print(f"# Build memory by step, {time.strftime('%Y-%m-%d %H:%M')}, {platform.machine()}, {os.cpu_count()} cores")
    print()
    print("| N | step | s | peak MB | MB per 1,000 cases above N = 10 |")
    print("|---|---|---|---|---|")
    first: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for count in sizes:
            project = scratch_project(Path(scratch), count)
            for step, (seconds, peak) in memory_steps(project).items():
                first.setdefault(step, peak)
                per = f"{(peak - first[step]) / (count - 10) * 1000:.0f}" if count > 10 else ""
                print(f"| {count} | {step} | {seconds:.1f} | {peak} | {per} |", flush=True)
            for leftover in Path(scratch).iterdir():
                shutil.rmtree(leftover, ignore_errors=True)


if __name__ == "__main__":
    main()
