"""The YAML loader: plain data, positions, and the limits it enforces."""

import time

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
    assert doc is None
    assert [(p.code, p.line, p.field) for p in problems] == [
        ("duplicate-key", 3, "a"), ("duplicate-key", 4, "b")]
