"""A finished page's <head> read by a parser: what the build takes from it (its title and
description, as the browser shows them) and where it writes (the policy right after
<meta charset>, the tags for machines at the head's end), whatever the markup's spelling."""

from __future__ import annotations

import pytest

from macros import security
from macros.page_head import read


@pytest.mark.parametrize(
    ("page", "title", "description"),
    [
        (
            '<head><meta charset="utf-8"><title>A &amp; B</title><meta name="description" content="x &lt; y"></head>',
            "A & B",
            "x < y",
        ),
        ("<HEAD><META CHARSET=utf-8><TITLE>Caps</TITLE><META CONTENT='said' NAME=Description></HEAD>", "Caps", "said"),
        ("<head><meta charset=utf-8><title>Only a title</title></head><body><p>text", "Only a title", None),
        ("<head><meta charset=utf-8></head><body><title>not the head's</title>", None, None),
    ],
)  # fmt: skip
def test_the_title_and_description_are_read_as_the_browser_reads_them(page, title, description):
    head = read(page)
    assert (head.title, head.description) == (title, description)


# Each page marks where the policy goes (P) and where the head ends (E).
@pytest.mark.parametrize(
    "marked",
    [
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">P\n'
        '<script>var s = "</head>";</script>\nE</head>\n<body>b</body></html>',
        '<html><head><meta name="x" content="<meta charset=no>">'
        '<meta charset="utf-8">P<link rel="icon" href="i.png">E<body>b',
        "<html><head>\n  <meta  charset = 'utf-8' />P\n  <title>t</title>\nE</head><body>b</body></html>",
    ],
)
def test_the_policy_goes_right_after_meta_charset_and_the_tags_at_the_heads_end(marked):
    page = marked.replace("P", "").replace("E", "")
    head = read(page)
    assert (head.policy_at, head.end) == (marked.index("P"), marked.index("E") - 1)
    finished = security.add_csp(page)
    assert finished.startswith(marked[: marked.index("P")] + '<meta http-equiv="Content-Security-Policy" content=')


def test_without_meta_charset_the_policy_opens_the_head_and_without_a_head_none_is_added():
    assert read("<html><head><title>t</title></head><body>b").policy_at == len("<html><head>")
    assert security.add_csp("<p>no head</p>") == "<p>no head</p>"
