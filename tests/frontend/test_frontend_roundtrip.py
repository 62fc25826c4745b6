"""Every corpus kernel prints to TVMScript that parses back (with the TileLang ``T``) to the same IR."""

from __future__ import annotations

from pathlib import Path

import pytest
import tvm_ffi

from ttmigrate.corpus import kernel_files, load_kernel
from ttmigrate.frontend import parse_script

KERNEL_FILES = kernel_files()


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def test_corpus_is_not_empty() -> None:
    assert len(KERNEL_FILES) >= 40


@pytest.mark.parametrize("path", KERNEL_FILES, ids=_id)
def test_print_parse_round_trip(path: Path) -> None:
    main = load_kernel(path).main
    text = main.script()
    assert "T.tl.tileop." in text or "T.evaluate(0)" in text  # the tile ops are printed, not dropped
    reparsed = parse_script(text)
    assert tvm_ffi.structural_equal(reparsed, main), f"{_id(path)}: round trip changed the IR"
    assert reparsed.script() == text


def test_round_trip_detects_a_change() -> None:
    """The comparison above can fail: an edited print does not compare equal."""
    main = load_kernel(next(p for p in KERNEL_FILES if p.stem == "gemm_128")).main
    text = main.script()
    assert 'num_stages": 2' in text
    edited = parse_script(text.replace('num_stages": 2', 'num_stages": 3'))
    assert not tvm_ffi.structural_equal(edited, main)
