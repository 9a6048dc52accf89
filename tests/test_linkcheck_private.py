"""The weekly link check never fetches an address inside its own machine or network."""

from __future__ import annotations

import http.server
import socket
import threading

import pytest

from macros import linkcheck

INWARD = [
    "http://127.0.0.1:8080/admin",
    "http://localhost/",
    "http://169.254.169.254/latest/meta-data/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://[::1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://10.0.0.1/",
    "http://192.168.1.1/",
    "http://[fd00::1]/",
]


def no_dns(host):
    raise AssertionError(f"{host}: a literal address needs no DNS, and none may be asked")


@pytest.mark.parametrize("url", INWARD)
def test_an_inward_address_as_written_is_not_fetched(url):
    reason = linkcheck.check_url(url, timeout=2, resolve=no_dns)
    assert reason and reason.startswith("not fetched: "), reason


@pytest.mark.parametrize("answer", ["127.0.0.1", "169.254.169.254", "10.1.2.3", "::1", "fe80::1", "100.64.0.1"])
def test_a_name_dns_points_inward_is_not_fetched(answer):
    # A stub resolver, as an attacker's DNS would answer: one public address and one inward.
    stub = lambda host: ["93.184.216.34", answer] if host == "innocent.example" else []
    reason = linkcheck.check_url("https://innocent.example/page", timeout=2, resolve=stub)
    assert reason == f"not fetched: 'innocent.example' resolves to {answer}, " + reason.split(", ", 1)[1]
    assert answer in reason


def test_a_redirect_inward_is_not_followed():
    handler = linkcheck._PublicRedirects(lambda host: ["93.184.216.34"])
    with pytest.raises(Exception) as raised:
        handler.redirect_request(None, None, 302, "Found", {}, "http://169.254.169.254/latest/meta-data/")
    assert "redirect not followed: 169.254.169.254 is a link-local address" in str(raised.value)


def test_the_connection_itself_refuses_an_inward_peer():
    # What a DNS answer changed between the check and the connection (rebinding) meets:
    # the address connected to is checked, here a real server on this machine.
    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.handle_request, daemon=True).start()
    try:
        with pytest.raises(OSError, match="not fetched: 127.0.0.1 is 127.0.0.1, a loopback address"):
            linkcheck._public_connection(("127.0.0.1", server.server_port), timeout=2)
        # An ordinary connection to the same server works: the refusal is the check's own.
        socket.create_connection(("127.0.0.1", server.server_port), timeout=2).close()
    finally:
        server.server_close()
