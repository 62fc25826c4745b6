"""A tensor the DRAM page index does not cover (rank 4, tt-metal's SDPA layout) is one named
refusal with its IR location, not a bare ValueError from the tile arithmetic."""

from __future__ import annotations

from pathlib import Path

import pytest

from ttmigrate.corpus import load_kernel
from ttmigrate.emit import emit_kernel
from ttmigrate.emit.errors import UnsupportedConstruct

KERNEL = Path(__file__).resolve().parents[1] / "data" / "tile_page" / "copy_bhsd_rank4.py"


def test_a_rank_4_tensor_is_a_named_refusal_at_its_copy() -> None:
    with pytest.raises(UnsupportedConstruct) as caught:
        emit_kernel(load_kernel(KERNEL), mode="ir_driven")
    error = caught.value
    assert error.node_kind == "AttrStmt"
    assert error.location.endswith("AttrStmt(tt.copy)") and "For(wu)" in error.location
    assert "tt.copy of A, a tensor of rank 4" in error.construct and "ranks 1 to 3" in error.construct
