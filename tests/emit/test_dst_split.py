"""Element-wise blocks larger than DST, split into DST-sized chunks as tt-metal's softmax does it:
acquire .. pack .. release per chunk, the block's CBs waited once and indexed at the chunk offset,
sub-expressions through chunk-sized CBs, the last step packed straight into the output CB."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ttmigrate.corpus import load_kernel
from ttmigrate.corpus.load import resolve_kernel
from ttmigrate.emit import emit_kernel
from ttmigrate.emulate import simulate_kernel

DATA = Path(__file__).resolve().parents[1] / "data" / "dst_split"
SNAPSHOTS = Path(__file__).resolve().parents[2] / "snapshots"


def _sections(compute: str) -> list[str]:
    return re.findall(r"tile_regs_acquire\(\);(.*?)tile_regs_release\(\);", compute, flags=re.S)


def _packed(section: str) -> int:
    """Tiles one DST section packs (a reserve per pack target)."""
    return sum(int(n) for n in re.findall(r"cb_reserve_back\(\w+, (\d+)\);", section))


def test_no_ir_driven_golden_packs_more_tiles_than_dst_holds() -> None:
    goldens = sorted(SNAPSHOTS.glob("*/*/ir_driven/compute.cpp"))
    assert len(goldens) >= 80
    over = []
    for golden in goldens:
        capacity = json.loads((golden.parent / "tt.plan.json").read_text("utf-8"))["compute"]["dst_tiles"]
        sections = _sections(golden.read_text("utf-8"))
        over += [f"{golden}: {_packed(s)} > {capacity}" for s in sections if _packed(s) > capacity]
    assert over == []


@pytest.mark.parametrize(("name", "tiles"), [("softmax_256", 8), ("softmax_64x512", 16)])
def test_softmax_blocks_wider_than_dst_run_in_chunks_of_its_capacity(name: str, tiles: int) -> None:
    artifacts = emit_kernel(resolve_kernel(name), mode="ir_driven")
    compute = artifacts["compute.cpp"]
    assert json.loads(artifacts["tt.plan.json"])["compute"]["dst_tiles"] == 4
    loops = re.findall(rf"for \(uint32_t c = 0; c < {tiles}; c \+= 4\) \{{", compute)
    assert len(loops) == 3  # the copy into A_local, x - max then exp, and the multiply by 1 / sum
    assert "sub_tiles_bcast_cols(cb_tmp0, cb_row_max, c + t, 0, t);" in compute
    # the last step is packed chunk by chunk into the writer's CB: nothing copies it there after
    last = compute.rsplit("mul_tiles_bcast_cols(", 1)[1]
    assert "pack_tile(t, cb_A_local);" in last and "copy_tile(" not in last
    assert "cb_reserve_back(cb_A_local, 4);" in last and "cb_push_back(cb_A_local, 4);" in last


@pytest.fixture(scope="module")
def emitted() -> dict[str, dict[str, str]]:
    return {p.stem: emit_kernel(load_kernel(p), mode="ir_driven") for p in sorted(DATA.glob("*.py"))}


def test_max_min_needs_both_operands_in_dst_so_its_chunks_are_half_the_capacity(
    emitted: dict[str, dict[str, str]],
) -> None:
    compute = emitted["max_min_64x256"]["compute.cpp"]
    assert "for (uint32_t c = 0; c < 8; c += 2) {" in compute
    assert "copy_tile(cb_B_shared, c + t, t + 2);" in compute
    # max and min go through chunk-sized CBs, pushed and popped in the same chunk
    assert "cb_reserve_back(cb_tmp0, 2);" in compute and "cb_pop_front(cb_tmp0, 2);" in compute
    assert "sub_tiles(cb_tmp0, cb_tmp1, t, t, t);" in compute


def test_a_row_vector_is_indexed_by_the_tile_column_of_the_chunk_offset(
    emitted: dict[str, dict[str, str]],
) -> None:
    compute = emitted["row_bias_exp_64x256"]["compute.cpp"]
    assert "for (uint32_t c = 0; c < 16; c += 4) {" in compute
    assert "add_tiles_bcast_rows(cb_A_shared, cb_b_shared, c + t, (c + t) % 8, t);" in compute
    assert compute.count("cb_wait_front(cb_A_shared, 16);") == 1  # once per block, not per chunk


def test_a_reduce_result_larger_than_dst_is_reduced_and_packed_in_chunks(
    emitted: dict[str, dict[str, str]],
) -> None:
    rows = emitted["row_sum_192x128"]["compute.cpp"]  # 6 result tiles (tile rows), 4 DST tiles
    assert "for (uint32_t rc = 0; rc < 6; rc += 3) {" in rows
    assert "(cb_A_shared, cb_reduce_scaler, (rc + tr) * 4 + tc, 0, tr);" in rows
    assert "cb_reserve_back(cb_S_local, 3);" in rows
    cols = emitted["col_sum_64x512"]["compute.cpp"]  # 8 result tiles (tile columns)
    assert "for (uint32_t rc = 0; rc < 8; rc += 4) {" in cols
    assert "(cb_A_shared, cb_reduce_scaler, tr * 8 + rc + tc, 0, tc);" in cols
    for compute in (rows, cols):
        assert compute.count("cb_wait_front(cb_A_shared, ") == 1  # the operand once, for all chunks
        assert all(_packed(s) <= 4 for s in _sections(compute))


@pytest.mark.parametrize(
    "name", ["max_min_64x256", "row_bias_exp_64x256", "row_sum_192x128", "col_sum_64x512"]
)
def test_split_blocks_are_correct_on_the_emulator(
    name: str, emitted: dict[str, dict[str, str]], sim_cache: Path
) -> None:
    kernel = load_kernel(DATA / f"{name}.py")
    result = simulate_kernel(kernel=kernel, artifacts=emitted[name], cache_dir=sim_cache)
    assert result.status == "correct", result.detail


def test_a_chunk_read_at_the_wrong_offset_is_wrong(
    emitted: dict[str, dict[str, str]], sim_cache: Path
) -> None:
    """The check can fail: every chunk reads the block's first tiles (and bias columns)."""
    artifacts = emitted["row_bias_exp_64x256"]
    old = "add_tiles_bcast_rows(cb_A_shared, cb_b_shared, c + t, (c + t) % 8, t);"
    assert artifacts["compute.cpp"].count(old) == 1
    wrong = {
        **artifacts,
        "compute.cpp": artifacts["compute.cpp"].replace(
            old, "add_tiles_bcast_rows(cb_A_shared, cb_b_shared, t, t % 8, t);"
        ),
    }
    kernel = load_kernel(DATA / "row_bias_exp_64x256.py")
    result = simulate_kernel(kernel=kernel, artifacts=wrong, cache_dir=sim_cache)
    assert result.status != "correct"


def test_a_reduce_chunk_at_the_wrong_rows_is_wrong(
    emitted: dict[str, dict[str, str]], sim_cache: Path
) -> None:
    """The check can fail: both chunks reduce the block's first 3 tile rows."""
    artifacts = emitted["row_sum_192x128"]
    old = "(rc + tr) * 4 + tc"
    assert artifacts["compute.cpp"].count(old) == 1
    wrong = {**artifacts, "compute.cpp": artifacts["compute.cpp"].replace(old, "tr * 4 + tc")}
    kernel = load_kernel(DATA / "row_sum_192x128.py")
    result = simulate_kernel(kernel=kernel, artifacts=wrong, cache_dir=sim_cache)
    assert result.status == "wrong", result.detail
