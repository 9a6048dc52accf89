"""Content-Security-Policy for a static host: a <meta> tag on every page.

The policy allows only the site's own files: no third-party scripts, styles, fonts
or connections. The theme writes a few small inline scripts into each page (their
text varies with the page's depth), so each page's policy allows exactly those by
their SHA-256 hashes, computed from the finished HTML. Anything else inline, such as
a script smuggled into a page, would not run.
"""

from __future__ import annotations

import base64
import hashlib
import re

from . import page_head

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_EXECUTABLE_TYPES = {"", "text/javascript", "module", "application/javascript"}

BASE_POLICY = (
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


def inline_script_hashes(html: str) -> list[str]:
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match["attrs"]
        if re.search(r"\bsrc\s*=", attrs, re.I):
            continue
        kind = re.search(r"\btype\s*=\s*[\"']?([^\"'\s>]+)", attrs, re.I)
        if kind and kind[1].lower() not in _EXECUTABLE_TYPES:
            continue  # data blocks such as the theme's JSON config do not run
        digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
        hashes.append("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return sorted(set(hashes))


# A page whose script runs Pagefind (the search page, the cases finder) says so with
# this attribute. Pagefind compiles WebAssembly, which needs 'wasm-unsafe-eval' (it
# allows WebAssembly only, not eval); every other page does without it.
USES_WASM = re.compile(r"<[a-z]+\s[^>]*\bdata-cb-pagefind\b")


def policy(html: str, serving: bool = False) -> str:
    wasm = ["'wasm-unsafe-eval'"] if USES_WASM.search(html) else []
    if serving:
        # `mkdocs serve` injects its live-reload script into each response, with a new
        # timestamp every time, so no hash can name it. Only the local preview allows
        # inline scripts; a built site never does.
        scripts = " ".join(["script-src 'self' 'unsafe-inline'", *wasm])
    else:
        scripts = " ".join(["script-src 'self'", *wasm, *inline_script_hashes(html)])
    return "; ".join([BASE_POLICY[0], scripts, *BASE_POLICY[1:]])


def add_csp(html: str, serving: bool = False, at: int | None = None) -> str:
    """The page with its Content-Security-Policy right after <meta charset>, before
    any script (a policy only covers what comes after it). ``at``: that place, if the
    caller has read the page's head already (page_head.Head.policy_at)."""
    if at is None:
        at = page_head.read(html).policy_at
    if at is None:
        return html  # no <head>: not a page a generator writes
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, serving)}">'
    return html[:at] + meta + html[at:]
