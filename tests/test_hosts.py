"""A case may not cite an address inside the machine that reads it or its network, in
any form a resolver accepts: validation refuses it."""

from __future__ import annotations

import pytest

from macros import hosts

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


@pytest.mark.parametrize("url", INWARD)
def test_an_inward_address_is_named_as_such(url):
    assert hosts.literal_reason(url), url


@pytest.mark.parametrize("url", ["https://www.wigan.gov.uk/", "http://93.184.216.34/", "https://[2606:2800:220:1::]/"])
def test_a_public_address_is_not(url):
    assert hosts.literal_reason(url) is None
