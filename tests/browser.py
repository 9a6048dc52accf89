"""Browser helpers: serve a built site on 127.0.0.1 and drive Debian's chromium
with Playwright (no browser is downloaded: the executable is the system's)."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BROWSER = os.environ.get("CASEBOOK_BROWSER", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# The rule sets every page is checked against: WCAG 2.2 A and AA, and axe's best practice.
AXE_TAGS = [*WCAG_TAGS, "best-practice"]
# Words in table cells that the browser lays out across two lines: each word of each
# cell's text is measured with a Range; a word drawn on two lines is split. A hyphen
# is a fair place to break, so "age-related" counts as two words.
SPLIT_WORDS = r"""() => {
  const split = [];
  for (const cell of document.querySelectorAll("table td, table th")) {
    if (!cell.offsetParent) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /[^\s\-\u2010]+/g;
      let m;
      while ((m = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) split.push(m[0]);
      }
    }
  }
  return split;
}"""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Records CSP violations before any page script runs (init scripts are not subject to CSP).
CSP_WATCH = (
    "window.__csp = []; document.addEventListener('securitypolicyviolation', "
    "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves files gzip-compressed when the browser accepts it, as static hosts do."""

    def log_message(self, *args):
        pass

    def send_head(self):
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # redirects to the folder's URL, with a slash
            target = target / "index.html"
        if not target.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(target.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(target)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(site: Path, prefix: str = "casebook"):
    """Serve the site under /casebook/, the path of its site_url, as GitHub Pages does:
    the 404 page links from there."""
    with tempfile.TemporaryDirectory() as root:
        (Path(root) / prefix).parent.mkdir(parents=True, exist_ok=True)
        (Path(root) / prefix).symlink_to(site.resolve(), target_is_directory=True)
        handler = functools.partial(_Quiet, directory=root)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/{prefix}/"
        finally:
            server.shutdown()
            server.server_close()


def site_pages(site: Path) -> list[str]:
    """Every page of the site a reader stays on, as URL paths: 'cases/golden-key/'. A
    renamed case's old address sends the browser on at once (test_addresses checks it)."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        if 'http-equiv="refresh"' in path.read_text(encoding="utf-8"):
            continue
        relative = path.relative_to(site).as_posix()
        pages.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return pages


class PageReport:
    """What loading one page showed: errors, failed or foreign requests, overflow, axe."""

    def __init__(self):
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        self.foreign: list[str] = []
        self.overflow = 0
        self.violations: list[dict] = []
        self.split_words: list[str] = []
        self.csp: list[str] = []
        self.bodies: dict[str, bytes] = {}

    def problems(self) -> list[str]:
        out = [f"console error: {e}" for e in self.console_errors]
        out += [f"failed request: {r}" for r in self.failed]
        out += [f"request to another host: {r}" for r in self.foreign]
        out += [f"CSP violation: {c}" for c in self.csp]
        if self.overflow > 1:
            out.append(f"scrolls sideways by {self.overflow}px")
        if self.split_words:
            out.append(f"words split across lines in a table: {self.split_words[:8]}")
        out += [
            f"axe {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in self.violations
        ]
        return out


def check_page(context, base: str, path: str, axe_source: str, keep_bodies: bool = False) -> PageReport:
    report = PageReport()
    host = urlsplit(base).netloc
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and report.console_errors.append(m.text))
    page.on("pageerror", lambda e: report.console_errors.append(str(e)))
    page.on("requestfailed", lambda r: report.failed.append(f"{r.url} ({r.failure})"))

    def on_response(response):
        if response.status >= 400:
            report.failed.append(f"{response.url} (HTTP {response.status})")
        elif keep_bodies:
            try:
                report.bodies[response.url] = response.body()
            except Exception:  # a redirect or a body the browser dropped
                pass

    def on_request(request):
        if urlsplit(request.url).netloc != host and not request.url.startswith(("data:", "blob:")):
            report.foreign.append(request.url)

    page.on("response", on_response)
    page.on("request", on_request)
    page.goto(base + path, wait_until="networkidle")
    report.overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    report.split_words = page.evaluate(SPLIT_WORDS)
    page.evaluate(axe_source + "\n;0")
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    report.violations = result["violations"]
    report.csp = page.evaluate("window.__csp || []")
    page.close()
    return report


def compressed_size(bodies: dict[str, bytes], skip: str = "search_index.json") -> int:
    return sum(len(gzip.compress(body, 9)) for url, body in bodies.items() if not url.endswith(skip))


# One Tab stop: where the keyboard went, whether it can be seen there, and whether
# its look changes on focus (outline, shadow, colours or underline; compared with the
# same element blurred, then focus is put back so the next Tab goes on from it).
TAB_STOP = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // The theme fades some controls in on focus: judge them as they end up.
  document.getAnimations().forEach(a => a.finish());
  const look = () => {
    const s = getComputedStyle(el);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor,
            s.borderColor, s.color, s.textDecorationLine].join("|");
  };
  const r = el.getBoundingClientRect();
  const s = getComputedStyle(el);
  const seen = r.width > 2 && r.height > 2 && s.visibility !== "hidden" && parseFloat(s.opacity) > 0
    && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
  const focused = look();
  el.blur();
  const blurred = look();
  el.focus({ preventScroll: true });
  const name = (el.getAttribute("aria-label") || el.textContent || el.id || el.name || "").trim().slice(0, 40);
  return { what: el.tagName.toLowerCase() + (name ? " '" + name + "'" : ""), seen, changes: focused !== blurred };
}"""


_FOCUSED_KEY = (
    "() => document.activeElement.outerHTML.slice(0, 200) + document.activeElement.getBoundingClientRect().top"
)


def tab_stops(page, limit: int = 400) -> list[dict]:
    """Tab through the page from the top, each stop once (until focus comes round)."""
    stops = []
    seen = set()
    page.evaluate("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur()")
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(TAB_STOP)
        if stop is None:
            break
        key = page.evaluate(_FOCUSED_KEY)
        if key in seen:
            break
        seen.add(key)
        stops.append(stop)
    return stops
