"""The YAML loader: plain data, positions, and the limits it enforces."""

import json
import subprocess
import sys
import time

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL_CASE, ROOT
from macros.loader import validate_project
from macros.load import MAX_BYTES, MAX_DEPTH, load_file


def _load(tmp_path, text: str | bytes, name: str = "case.yaml"):
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return load_file(path, name)


def test_dates_and_timestamps_stay_text(tmp_path):
    doc, problems = _load(tmp_path, "a: 2019-03-01\nb: 2001-12-14t21:59:43.10-05:00\n")
    assert problems == []
    assert doc.data == {"a": "2019-03-01", "b": "2001-12-14t21:59:43.10-05:00"}


def test_scalars_follow_yaml_core_types(tmp_path):
    doc, _ = _load(tmp_path, "a: 12\nb: 2.5\nc: true\nd: ~\ne: '12'\nf: none\n")
    assert doc.data == {"a": 12, "b": 2.5, "c": True, "d": None, "e": "12", "f": "none"}


def test_positions_are_one_based_and_cover_keys_and_values(tmp_path):
    doc, _ = _load(tmp_path, "id: x\nfunding:\n  - grant\n  - none\n")
    assert doc.where(("id",)) == (1, 5)
    assert doc.where(("funding", 1)) == (4, 5)
    assert doc.where(("funding",), key=True) == (2, 1)
    # A path that is not in the file falls back to its nearest ancestor.
    assert doc.where(("funding", 1, "deeper")) == (4, 5)


def test_oversized_file_is_rejected_before_parsing(tmp_path):
    doc, problems = _load(tmp_path, "a: " + "x" * (MAX_BYTES + 10) + "\n")
    assert doc is None
    assert [p.code for p in problems] == ["too-large"]


def test_deep_block_nesting_is_rejected(tmp_path):
    text = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 4)) + "  " * (MAX_DEPTH + 4) + "v\n"
    doc, problems = _load(tmp_path, text)
    assert doc is None
    assert [p.code for p in problems] == ["too-deep"]


def test_billion_laughs_is_rejected_without_expansion(tmp_path):
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefghi", "bcdefghij", strict=True):
        levels.append(f"{name}: &{name} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    started = time.perf_counter()
    doc, problems = _load(tmp_path, "\n".join(levels) + "\n")
    assert doc is None and [p.code for p in problems] == ["alias"]
    # Expansion would build 9**10 strings; refusing it takes a fraction of a second.
    assert time.perf_counter() - started < 5


def test_utf16_byte_order_mark_is_named(tmp_path):
    doc, problems = _load(tmp_path, "id: x\n".encode("utf-16"))
    assert doc is None
    assert problems[0].code == "bom" and "UTF-16" in problems[0].message


def test_every_duplicate_key_is_reported(tmp_path):
    doc, problems = _load(tmp_path, "a: 1\nb: 2\na: 3\nb: 4\n")
    assert doc.data == {"a": 1, "b": 2}  # the first of each is read; the file still fails
    assert [(p.code, p.line, p.field) for p in problems] == [("duplicate-key", 3, "a"), ("duplicate-key", 4, "b")]


# ---- Explicit tags: refused with a location, never a traceback --------------------


@pytest.mark.parametrize(
    "tagged",
    [
        "!!int abc",
        "!!bool maybe",
        "!!float x",
        "!!int 12",
        "!!null ''",
        "!!timestamp 2019-03-01",
        "!!binary aGk=",
        "!!set {a}",
        "!!map {a: b}",
        "!!seq [a]",
        "!custom text",
        "!<tag:yaml.org,2002:int> abc",
    ],
)
def test_an_explicit_tag_is_a_located_problem(tmp_path, tagged):
    doc, problems = _load(tmp_path, f"id: x\nscope: {tagged}\n")
    assert doc is None
    assert [(p.code, p.line, p.column) for p in problems] == [("tag", 2, 8)]
    assert "is not allowed" in problems[0].message


def test_a_tag_that_keeps_text_as_text_is_accepted(tmp_path):
    doc, problems = _load(tmp_path, "a: !!str 12\nb: !!str yes\n")
    assert problems == [] and doc.data == {"a": "12", "b": "yes"}


def test_tagged_scalars_fail_the_command_line_cleanly(tmp_path):
    files = []
    for index, tagged in enumerate(("!!int abc", "!!bool maybe", "!!float x")):
        path = tmp_path / f"tagged-{index}.yaml"
        path.write_text(
            MINIMAL_CASE.format(id=path.stem, name="Tagged", model="unclassified").replace(
                "scope: Testing", f"scope: {tagged}"
            ),
            encoding="utf-8",
        )
        files.append(path)
    result = subprocess.run(
        [sys.executable, "-m", "macros", "validate", *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    line = MINIMAL_CASE.splitlines().index("scope: Testing") + 1
    assert [row.split(": ")[0] for row in result.stdout.splitlines()] == [f"{path}:{line}:8" for path in files]
    assert "3 problems in 3 files" in result.stderr


# ---- Raw YAML text, written as people write it -------------------------------------


class _Oracle(yaml.SafeLoader):
    """PyYAML's own pure-Python reading, with timestamps kept as the text they were."""


_Oracle.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))

# Plain scalars that YAML 1.1 reads as something other than text, or nearly does.
_TRICKY_PLAIN = [
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "n",
    "true",
    "False",
    "null",
    "~",
    "NULL",
    "12",
    "-7",
    "0x1F",
    "0o17",
    "017",
    "1_000",
    "1:20",
    "3.5",
    "1e3",
    "1.0e+3",
    ".inf",
    "-.Inf",
    "2019-03-01",
    "2001-12-14t21:59:43.10-05:00",
    "0.",
    "+12",
    "v1.2",
    "a b c",
    "Wigan",
    "café",
    "é",
]
_KEY = st.from_regex(r"[a-z][a-z_]{0,7}", fullmatch=True).filter(lambda k: isinstance(yaml.safe_load(k), str))
_TEXT = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0xFFFD, blacklist_categories=("Cs", "Co", "Cn", "Zl", "Zp", "Cc")),
    max_size=20,
)


@st.composite
def _scalar_text(draw, indent: int) -> str:
    """One scalar as YAML text: plain, quoted or block, chosen at random."""
    style = draw(st.sampled_from(["plain", "single", "double", "literal", "folded"]))
    if style == "plain":
        return draw(st.sampled_from(_TRICKY_PLAIN))
    value = draw(_TEXT)
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "double":
        return json.dumps(value)
    lines = draw(
        st.lists(
            st.from_regex(r"[A-Za-z0-9 ,.'!?]{1,12}", fullmatch=True).map(str.strip).filter(bool),
            min_size=1,
            max_size=3,
        )
    )
    pad = " " * (indent + draw(st.integers(1, 3)))
    return (
        ("|" if style == "literal" else ">")
        + draw(st.sampled_from(["", "-", "+"]))
        + "\n"
        + "\n".join(pad + line for line in lines)
    )


@st.composite
def _node_text(draw, indent: int, depth: int) -> str:
    """A value as it follows `key:` or `- `: a scalar, a flow or block collection."""
    kind = draw(st.sampled_from(["scalar", "scalar", "map", "seq"] if depth < 3 else ["scalar"]))
    if kind == "scalar":
        return " " + draw(_scalar_text(indent))
    flow = draw(st.booleans())
    if flow:
        items = draw(st.lists(st.sampled_from(_TRICKY_PLAIN[:20]) | _TEXT.map(json.dumps), max_size=3))
        if kind == "seq":
            return " [" + ", ".join(items) + "]"
        keys = draw(st.lists(_KEY, min_size=len(items), max_size=len(items), unique=True))
        return " {" + ", ".join(f"{k}: {v}" for k, v in zip(keys, items, strict=True)) + "}"
    step = draw(st.integers(1, 4))
    if kind == "map":
        return "\n" + draw(_mapping_text(indent + step, depth + 1))
    count = draw(st.integers(1, 3))
    # A sequence may sit at its key's own indentation, as much YAML does.
    at = indent + draw(st.integers(0, 3))
    return "\n" + "".join(" " * at + "-" + draw(_node_text(at + 2, depth + 1)) + "\n" for _ in range(count))


@st.composite
def _mapping_text(draw, indent: int = 0, depth: int = 0) -> str:
    keys = draw(st.lists(_KEY, min_size=1, max_size=4, unique=True))
    out = ""
    for key in keys:
        value = draw(_node_text(indent, depth))
        out += " " * indent + key + ":" + value + ("" if value.endswith("\n") else "\n")
    return out


@given(_mapping_text())
def test_the_loader_reads_raw_yaml_as_pyyaml_does(tmp_path_factory, text):
    """An oracle: for valid text, the loader's values equal PyYAML's own reading."""
    expected = yaml.load(text, Loader=_Oracle)
    path = tmp_path_factory.mktemp("oracle") / "case.yaml"
    path.write_text(text, encoding="utf-8")
    doc, problems = load_file(path, "case.yaml")
    assert problems == [], (text, problems)
    assert doc.data == expected, text


_INSERTS = [
    "!!int abc",
    "!!bool maybe",
    "!!float x",
    "!!str 1",
    "!custom",
    "!!python/object:os.system",
    "&anchor",
    "*anchor",
    "? [a, b]\n: c",
    "? {a: b}\n: c",
    "{a: [b, {c: d}]}",
    "- ",
    ": ",
    "'",
    '"',
    "|",
    ">",
    "#",
    "---",
    "...",
    "%YAML 1.1",
    "\t",
    "\ufeff",
    "\x00",
    "\x85",
    "   ",
    "\n  ",
    "\n    x: y",
]


@st.composite
def _broken_text(draw) -> str:
    text = draw(_mapping_text())
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split("\n")
        index = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["insert", "indent", "dedent", "delete"]))
        line = lines[index]
        if edit == "insert":
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(st.sampled_from(_INSERTS)) + line[at:]
        elif edit == "indent":
            lines[index] = " " * draw(st.integers(1, 5)) + line
        elif edit == "dedent":
            lines[index] = line.lstrip(" ")
        else:
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + line[at + draw(st.integers(1, 4)) :]
        text = "\n".join(lines)
    return text


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(_broken_text())
def test_raw_yaml_with_tags_anchors_complex_keys_and_odd_indentation_never_crashes(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("raw") / "raw-text.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    doc, problems = load_file(path, "raw-text.yaml")
    # A document comes back whole, or with only duplicated keys dropped, or not at all.
    assert doc is not None or problems
    assert doc is None or all(p.code == "duplicate-key" for p in problems)
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.code and problem.message
    # The whole check, schema and rules included, never raises either.
    casebook, problems = validate_project(ROOT, [path])
    assert (casebook is None) == bool(problems)


# ---- YAML mistakes in plain words, on the line where they are ----------------------

SYNTAX = [
    # (text, line, column, words the message must hold)
    ("id: x\nname: Foo\n  summary: bar\n", 3, 3, "`summary` is indented more than `name` on line 2"),
    ("id: x\n  name: y\n", 2, 3, "Line `name` up with `id` (0 spaces)"),
    (
        "id: x\nplace:\n  areas: [a]\n   region: london\n",
        4,
        4,
        "indent it by 2 spaces, to line up with `areas` on line 3.",
    ),
    ("id: x\nplace:\n  areas: [a]\n region: london\n", 4, 2, "`region` (1 space) lines up with no field above it"),
    ("id: x\npartners:\n  - name: A\n    role: B\n   sources: [s]\n", 5, 4, "by 4 spaces, to line up with `role`"),
    # A list entry's field moved left: back into the entry, or out to the top level.
    (
        "id: x\npartners:\n  - name: A\n    type: nhs\n  role: B\n",
        5,
        3,
        "indent it by 0 spaces, to line up with `partners` on line 2 or by 4 spaces, to line up with `type` on line 4",
    ),
    # A top-level field indented by one: the top level, or into the block above.
    (
        "id: x\nplace:\n  areas: [a]\n scope: y\n",
        4,
        2,
        "indent it by 0 spaces, to line up with `place` on line 2 or by 2 spaces, to line up with `areas` on line 3",
    ),
    # The first field of a block over-indented: its sibling is blamed, with the other reading offered.
    (
        "id: x\nplace:\n   areas: [a]\n  region: london\n",
        4,
        3,
        "(Or, if `areas` on line 3 is the one out of line, indent it by 2 spaces.)",
    ),
    # A field moved left inside its block: the next field trips, but the moved one is named.
    (
        "id: x\nplace:\n  region: london\nnation: england\n  sources: [s]\n",
        4,
        1,
        "`nation` is indented less than the fields around it (`region` on line 3, `sources` on line 5)",
    ),
    ("id: x\nsummary: Foo: bar\n", 2, 13, 'Put the whole value in double quotes: `summary: "..."`'),
    ('id: x\nname: "Foo\nsummary: y\n', 2, 7, 'the quotation mark " that starts this value is never closed'),
    ('id: x\nname: "Foo\nsummary: y\nscope: "z"\n', 2, 7, "not closed on its line, so YAML reads on to the next"),
    ("id: x\nname: 'Foo\nsummary: y\n", 2, 7, "the quotation mark ' that starts this value is never closed"),
    ("id: x\nfunding: [grant\nsummary: y\n", 2, 10, "the list opened with `[` here is not closed"),
    ("id: x\nsummary: {a\n", 2, 10, "the mapping opened with `{` here is not closed"),
    ("id: x\nname Foo\nsummary: y\n", 2, 1, "this line has no colon after its field name"),
    ("id: x\nsummary: - a\n", 2, 10, "a list item (`- `) cannot start on the same line as its field"),
    ("id: x\nname: @foo\n", 2, 7, "a value cannot start with `@` unless it is in quotes"),
    # An escape for no character: libyaml stops inside the quote, which is closed.
    ('id: x\nname: "a \\ud800 b"\n', 2, 10, "the escape `\\ud800` is not a character: U+D800 is one half"),
    ('id: x\nname: "a \\udfff"\n', 2, 10, "its whole code as `\\U` and eight digits"),
    ('id: x\nname: "\\ud83d\\ude00"\n', 2, 8, "in one escape, `\\U0001F600`, in place of `\\ud83d\\ude00`"),
    ('id: x\nname: "a \\U00110000"\n', 2, 10, "U+110000 is beyond U+10FFFF"),
]


@pytest.mark.parametrize("text, line, column, words", SYNTAX, ids=[w[:40] for *_, w in SYNTAX])
def test_yaml_mistakes_get_plain_words_on_the_right_line(tmp_path, text, line, column, words):
    doc, problems = _load(tmp_path, text)
    assert doc is None
    (problem,) = problems
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", line, column), problem.message
    assert words in problem.message
    assert "in this context" not in problem.message and "while parsing" not in problem.message
    if "escape" in words:  # its quotes are closed: none is reported as left open
        assert "never closed" not in problem.message and "not closed" not in problem.message


def test_the_pair_suggested_for_two_escapes_is_the_character_they_encode():
    """The suggested escape, checked against Python's own UTF-16 decoding of the pair."""
    import re

    from macros.load import syntax_problem

    text = 'name: "\\ud83d\\ude00"\n'
    with pytest.raises(yaml.YAMLError) as raised:
        yaml.load(text, Loader=yaml.CSafeLoader)
    suggested = re.search(r"`\\U([0-9A-F]{8})`, in place", syntax_problem(raised.value, text)[2])[1]
    assert chr(int(suggested, 16)) == bytes.fromhex("d83dde00").decode("utf-16-be")


def test_a_key_that_lost_its_indentation_is_not_told_to_merge(tmp_path):
    text = "id: x\nsources:\n  - id: s\n    title: T\nsources: [s]\n"
    doc, problems = _load(tmp_path, text)
    (problem,) = problems
    assert problem.code == "duplicate-key" and problem.line == 5
    assert "If this one belongs with `title` on line 4, indent it by 4 spaces" in problem.message
    assert "merge" not in problem.message


def test_a_duplicated_key_does_not_hide_the_other_problems(tmp_path, capsys):
    from conftest import run_cli

    path = tmp_path / "two-problems.yaml"
    path.write_text(
        MINIMAL_CASE.format(id="two-problems", name="Two", model="unclassified")
        + "scope: Again\nwebsite: not-a-web-address\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli(capsys, "validate", path)
    assert code == 1
    assert [line.rsplit("[", 1)[1] for line in out.splitlines()] == ["duplicate-key]", "url]"]
