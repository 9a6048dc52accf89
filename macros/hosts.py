"""Web addresses that point inward: at the machine that reads them or its private network.

A case's website or source must be somewhere the public can reach. An address whose host
is a loopback, private, link-local, shared or unspecified address, or ``localhost``,
would instead aim the weekly link check at the runner itself (a cloud machine's
credentials service answers at 169.254.169.254). ``literal_reason`` reads the host as
written, in every form a resolver accepts (``127.1``, ``2130706433``, ``0x7f.0.0.1``,
``[::ffff:127.0.0.1]``), so that validation refuses such an address in a case file; the
link check (lychee, in the weekly workflow) leaves private addresses out as well.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


def host_of(url: str) -> str:
    """The host of ``url``, lowercase, without brackets or a final dot ('' if none)."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    # The forms inet_aton reads besides dotted quads: 127.1, 2130706433, 0x7f000001, 0177.0.0.1.
    if host and all(c in "0123456789abcdefx." for c in host) and host[0].isdigit():
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def address_kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """What kind of address ``address`` is if not a public one ('a loopback address ...'), else None."""
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    for test, words in (
        ("is_loopback", "a loopback address (this machine)"),
        ("is_unspecified", "an unspecified address"),
        ("is_link_local", "a link-local address"),
        ("is_private", "a private network's address"),
        ("is_multicast", "a multicast address"),
        ("is_reserved", "a reserved address"),
    ):
        if getattr(address, test):
            return words
    return None if address.is_global else "not a public address"


def literal_reason(url: str) -> str | None:
    """Why ``url``'s host, as written, is not on the public internet, or None."""
    host = host_of(url)
    if host == "localhost" or host.endswith(".localhost"):
        return f"'{host}' is this machine"
    address = _address(host)
    kind = address_kind(address) if address is not None else None
    return f"{host} is {kind}" if kind else None
