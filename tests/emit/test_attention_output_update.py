"""FlashAttention's P·V accumulation with the accumulator rescale (``acc_o *= scores_scale[i]`` then
``T.gemm(P, V, acc_o)`` inside the K/V loop), emitted by the IR-driven emitter and run on the
emulator: the accumulator stays in DST across iterations and is packed to a CB only for the
column-broadcast multiply, as tt-metal's SDPA kernel updates its output."""

from __future__ import annotations

from pathlib import Path

import pytest

from ttmigrate.corpus import load_kernel
from ttmigrate.emit import emit_kernel
from ttmigrate.emulate import simulate_kernel

KERNEL = Path(__file__).resolve().parents[1] / "data" / "attention_steps" / "rescaled_output_128x64.py"


@pytest.fixture(scope="module")
def emitted() -> dict[str, str]:
    return emit_kernel(load_kernel(KERNEL), mode="ir_driven")


def test_rescale_then_matmul_accumulates_onto_the_rescaled_output(emitted: dict[str, str]) -> None:
    loop = emitted["compute.cpp"].split("for (uint32_t k = 0; k < 4; ++k) {", 1)[1]
    order = [
        "pack_tile(t, cb_tmp0);",
        "mul_bcast_cols_init(cb_tmp0, cb_alpha);",
        "mul_tiles_bcast_cols(cb_tmp0, cb_alpha, t, t / 2, t);",
        "matmul_init(cb_P_shared, cb_V_shared);",
        "matmul_tiles(",
    ]
    positions = [loop.index(text) for text in order]
    assert positions == sorted(positions)
    # no acquire between the rescale and the matmul: the product accumulates onto the rescaled O
    between = loop[positions[2] : positions[4]]
    assert "tile_regs_acquire" not in between and "pack_tile" not in between


def test_output_update_is_correct_on_the_emulator(emitted: dict[str, str]) -> None:
    result = simulate_kernel(kernel=load_kernel(KERNEL), artifacts=emitted)
    assert result.status == "correct", result.detail
    assert result.pcc is not None and result.pcc > 0.9999


def test_a_rescale_by_the_wrong_rows_is_wrong(emitted: dict[str, str]) -> None:
    """The check can fail: every tile scaled by alpha's first tile (rows 0-31) instead of its own."""
    old = "mul_tiles_bcast_cols(cb_tmp0, cb_alpha, t, t / 2, t);"
    assert emitted["compute.cpp"].count(old) == 1
    artifacts = {
        **emitted,
        "compute.cpp": emitted["compute.cpp"].replace(
            old, "mul_tiles_bcast_cols(cb_tmp0, cb_alpha, t, 0, t);"
        ),
    }
    result = simulate_kernel(kernel=load_kernel(KERNEL), artifacts=artifacts)
    assert result.status == "wrong"
