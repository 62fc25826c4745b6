"""Selectors: names, family/name, globs, tag:, family:, @file (with comments, nesting), and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ttmigrate.run.selection import Candidate, SelectionError, select

CORPUS = [
    Candidate("gemm_256", "gemm", ("gemm", "square")),
    Candidate("gemm_384", "gemm", ("gemm",)),
    Candidate("add_256", "eltwise", ("eltwise",)),
    Candidate("add_256", "broadcast", ("eltwise", "bcast")),
    Candidate("reduce_sum", "reduce", ()),
]


def _names(selectors: list[str]) -> list[str]:
    return [c.qualified for c in select(selectors, CORPUS)]


def test_no_selector_is_everything_in_corpus_order() -> None:
    assert _names([]) == [c.qualified for c in CORPUS]


def test_name_family_glob_tag() -> None:
    assert _names(["gemm_384"]) == ["gemm/gemm_384"]
    assert _names(["add_256"]) == ["eltwise/add_256", "broadcast/add_256"]
    assert _names(["broadcast/add_256"]) == ["broadcast/add_256"]
    assert _names(["gemm_*"]) == ["gemm/gemm_256", "gemm/gemm_384"]
    assert _names(["*/add_*"]) == ["eltwise/add_256", "broadcast/add_256"]
    assert _names(["tag:bcast", "family:red*"]) == ["broadcast/add_256", "reduce/reduce_sum"]
    assert _names(["tag:square", "gemm_256"]) == ["gemm/gemm_256"]


def test_file_lists_with_comments_and_nesting(tmp_path: Path) -> None:
    inner = tmp_path / "inner.txt"
    inner.write_text("reduce_sum\n")
    outer = tmp_path / "retry-list.txt"
    outer.write_text(f"# header\n\ngemm_384   # why\n@{inner}\n")
    assert _names([f"@{outer}"]) == ["gemm/gemm_384", "reduce/reduce_sum"]


def test_a_selector_matching_nothing_is_an_error_with_its_origin(tmp_path: Path) -> None:
    with pytest.raises(SelectionError, match="command line: selector 'gemm_999' matches no corpus kernel"):
        select(["gemm_999"], CORPUS)
    listing = tmp_path / "list.txt"
    listing.write_text("gemm_256\ntypo\n")
    with pytest.raises(SelectionError, match=rf"{listing}:2: the selector on this line matches no") as info:
        select([f"@{listing}"], CORPUS)
    assert "typo" not in str(info.value)  # a file's content is never echoed (think @/etc/passwd)


def test_a_file_that_is_not_a_selection_is_never_echoed(tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    with pytest.raises(SelectionError) as info:
        select([f"@{secret}"], CORPUS)
    assert "root" not in str(info.value).replace(str(tmp_path), "")
    binary = tmp_path / "blob"
    binary.write_bytes(b"\xff\xfe\x00secret")
    with pytest.raises(SelectionError, match="not a UTF-8 text file") as info:
        select([f"@{binary}"], CORPUS)
    assert "secret" not in str(info.value)


def test_unreadable_empty_and_self_including_files(tmp_path: Path) -> None:
    with pytest.raises(SelectionError, match="cannot read selection file"):
        select([f"@{tmp_path / 'missing.txt'}"], CORPUS)
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing changed\n")
    with pytest.raises(SelectionError, match="is empty"):
        select([f"@{empty}"], CORPUS)
    loop = tmp_path / "loop.txt"
    loop.write_text(f"@{loop}\n")
    with pytest.raises(SelectionError, match="includes itself"):
        select([f"@{loop}"], CORPUS)
