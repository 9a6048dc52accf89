"""Link checks: internal links in a built site (offline, for every pull request) and
the cases' external URLs (online, on a schedule, never blocking a build).

``internal_problems(site_dir, prefix)`` reads every HTML file and returns a line per
link that does not resolve to a file in the site, or to an anchor in that file.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import socket
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import hosts
from .model import Casebook

_LINKING = {"a": "href", "link": "href", "script": "src", "img": "src"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        wanted = _LINKING.get(tag)
        if wanted and attrs.get(wanted):
            self.links.append(attrs[wanted])


def _read(path: Path, cache: dict) -> _Collector:
    if path not in cache:
        collector = _Collector()
        collector.feed(path.read_text(encoding="utf-8", errors="replace"))
        cache[path] = collector
    return cache[path]


def resolve(site: Path, html_file: Path, link: str, prefix: str = "/") -> tuple[Path | None, str]:
    """The file an internal link points to (None for an external link) and its fragment.
    ``prefix`` is the path of the site's URL, which absolute links (404.html) start with."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None, ""
    if not parts.path:
        return html_file, parts.fragment
    if parts.path.startswith("/"):
        if not parts.path.startswith(prefix):
            return site / "__outside_the_site__", ""
        target = site / unquote(parts.path[len(prefix) :])
    else:
        target = html_file.parent / unquote(parts.path)
    target = target.resolve()
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def internal_problems(site: Path, prefix: str = "/") -> list[str]:
    site = site.resolve()
    cache: dict = {}
    problems = []
    for html_file in sorted(site.rglob("*.html")):
        for link in _read(html_file, cache).links:
            target, fragment = resolve(site, html_file, link, prefix)
            if target is None:
                continue
            where = f"{html_file.relative_to(site).as_posix()}: {link}"
            if not target.exists():
                problems.append(f"{where}: no such page or file")
            elif fragment and target.suffix == ".html" and fragment not in _read(target, cache).ids:
                problems.append(f"{where}: no anchor '{fragment}' on that page")
    return problems


def case_urls(casebook: Casebook) -> list[tuple[str, str]]:
    """(case file, URL) for every website and source URL, in file order."""
    found = []
    for case in casebook.cases:
        if case.get("website"):
            found.append((case.source_file, case["website"]))
        found += [(case.source_file, s["url"]) for s in case["sources"]]
    return found


def _public_connection(address, *args, **kwargs) -> socket.socket:
    """socket.create_connection, refusing a peer inside this machine or its network: the
    address actually connected to, whatever DNS said a moment before."""
    sock = socket.create_connection(address, *args, **kwargs)
    peer = sock.getpeername()[0]
    kind = hosts.answer_kind(peer)
    if kind:
        sock.close()
        raise OSError(f"not fetched: {address[0]} is {peer}, {kind}")
    return sock


class _PublicHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _public_connection


class _PublicHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _public_connection


class _PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_PublicHTTPConnection, req)


class _PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_PublicHTTPSConnection, req, context=self._context)


class _PublicRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to a public address."""

    def __init__(self, resolve: hosts.Resolver):
        self.resolve = resolve

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        reason = hosts.resolved_reason(newurl, self.resolve)
        if reason:
            raise urllib.error.HTTPError(newurl, code, f"redirect not followed: {reason}", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(resolve: hosts.Resolver) -> urllib.request.OpenerDirector:
    # No proxy handler: a proxy would make the connection's peer the proxy, not the site.
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}), _PublicHTTPHandler, _PublicHTTPSHandler, _PublicRedirects(resolve)
    )


def check_url(url: str, timeout: float = 20.0, resolve: hosts.Resolver = hosts.dns) -> str | None:
    """None when the URL answers, else why not. HEAD first; some servers only GET.
    An address inside this machine or its network (as written, as DNS gives it, as
    connected to, or redirected to) is never fetched: the check runs on CI's runner."""
    reason = hosts.resolved_reason(url, resolve)
    if reason:
        return f"not fetched: {reason}"
    opener = _opener(resolve)
    headers = {"User-Agent": "collaboration-casebook-link-check"}
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers=headers)
        try:
            with opener.open(request, timeout=timeout):
                return None
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue
            return error.msg if str(error.msg).startswith("redirect not followed") else f"HTTP {error.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            return str(getattr(error, "reason", error))
    return "no answer"


def external_problems(casebook: Casebook, workers: int = 8) -> list[tuple[str, str, str]]:
    urls = case_urls(casebook)
    unique = sorted({u for _, u in urls})
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        results = dict(zip(unique, pool.map(check_url, unique), strict=True))
    return [(file, url, results[url]) for file, url in urls if results[url]]
