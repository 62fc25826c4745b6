"""The emitter's DST decisions, derived from the IR: fp32_dest_acc_en from a float32 accumulator,
DST-sized GEMM subblocks, matmul init outside the DST-held section; host and plan record them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ttmigrate.corpus.load import resolve_kernel
from ttmigrate.emit import emit_kernel

SNAPSHOTS = Path(__file__).resolve().parents[2] / "snapshots"


def _emit(name: str) -> tuple[dict[str, str], dict[str, object]]:
    artifacts = emit_kernel(resolve_kernel(name), mode="ir_driven")
    return artifacts, json.loads(artifacts["tt.plan.json"])["compute"]


def test_a_float32_accumulator_sets_32_bit_dst_and_a_bf16_one_does_not() -> None:
    gemm, gemm_plan = _emit("gemm_512")  # C_local = T.alloc_fragment(..., "float32")
    assert ".fp32_dest_acc_en = true" in gemm["main.cpp"]
    assert gemm_plan["fp32_dest_acc_en"] is True and gemm_plan["dst_tiles"] == 4
    assert gemm_plan["accumulation_tiles"] == 16 and gemm_plan["matmul_subblock"] is None
    add, add_plan = _emit("add_256")  # a bfloat16 fragment and bfloat16 data
    assert "fp32_dest_acc_en" not in add["main.cpp"]
    assert add_plan["fp32_dest_acc_en"] is False and add_plan["dst_tiles"] == 8
    assert add_plan["dst_sync"] == "half" and add_plan["math_fidelity"] == "HiFi4"


def test_a_block_larger_than_dst_is_computed_in_whole_row_subblocks() -> None:
    """4x4 output tiles, 4 DST tiles (32-bit, half sync): 4 subblocks of one tile row, each with its
    own K loop; the reader delivers the subblock's A row and all of B per K step."""
    artifacts, plan = _emit("gemm_512_b128x128x32")
    assert plan["matmul_subblock"] == [1, 4]
    compute, reader = artifacts["compute.cpp"], artifacts["reader.cpp"]
    assert re.search(
        r"for \(uint32_t sb = 0; sb < 4; \+\+sb\) \{\s+tile_regs_acquire\(\);\s+for \(uint32_t k", compute
    )
    assert "matmul_tiles(cb_A_shared, cb_B_shared, 0, ni, ni);" in compute
    assert "cb_reserve_back(cb_C_local, 4);" in compute and "cb_reserve_back(cb_C_local, 16);" not in compute
    assert re.search(r"for \(uint32_t sb = 0; sb < 4; \+\+sb\) \{\s+for \(uint32_t k", reader)
    assert "noc_async_read_page(((by * 4) + sb) * 16 + k, A_gen, A_shared_write_addr);" in reader
    assert "cb_push_back(cb_A_shared, 1);" in reader and "cb_push_back(cb_B_shared, 4);" in reader


def _dst_sections(compute: str) -> list[str]:
    return re.findall(r"tile_regs_acquire\(\);(.*?)tile_regs_release\(\);", compute, flags=re.S)


_PRELOAD = re.compile(r"\b(copy_tile|\w+_tiles_bcast_\w+|\w+_tiles)\(")


def _init_without_preload(section: str) -> bool:
    """A matmul_init in a DST section with nothing written into DST before it. The one init a
    section may hold follows the accumulator's preload (a mask copied in, FlashAttention's
    rescaled output), as tt-metal reloads partials: acquire, copy the partials into DST, then
    matmul_block_init, then the matmul (bmm_large_block_zm_fused_bias_activation.cpp,
    reload_from_cb_to_dst)."""
    if "matmul_init" not in section:
        return False
    before = section.split("matmul_init", 1)[0]
    return not any(m.group(1) != "matmul_tiles" for m in _PRELOAD.finditer(before))


def test_no_ir_driven_golden_inits_matmul_inside_a_dst_section() -> None:
    goldens = sorted(SNAPSHOTS.glob("*/*/ir_driven/compute.cpp"))
    with_matmul = [g for g in goldens if "matmul_tiles(" in g.read_text(encoding="utf-8")]
    assert len(with_matmul) >= 25
    inside = [
        str(g)
        for g in with_matmul
        if any(_init_without_preload(s) for s in _dst_sections(g.read_text("utf-8")))
    ]
    assert inside == []


def test_a_matmul_init_inside_a_section_is_only_allowed_after_a_preload() -> None:
    """The check above can fail: an init opening the section, or after a matmul alone, is flagged."""
    assert _init_without_preload("\n matmul_init(a, b);\n matmul_tiles(a, b, 0, 0, 0);")
    assert _init_without_preload("matmul_tiles(a, b, 0, 0, 0);\n matmul_init(a, b);")
    assert not _init_without_preload(
        "copy_tile(m, 0, 0);\n matmul_init(a, b, true);\n matmul_tiles(a, b, 0, 0, 0);"
    )
    assert not _init_without_preload("mul_tiles_bcast_cols(o, s, t, t / 2, t);\n matmul_init(p, v);")


def test_an_epilogue_gemm_re_inits_matmul_once_per_work_unit_before_its_acquire() -> None:
    compute = (SNAPSHOTS / "gemm_epilogue" / "gemm_bias_512" / "ir_driven" / "compute.cpp").read_text("utf-8")
    body = compute.split("for (uint32_t wu = start_id;", 1)[1]
    assert compute.count("matmul_init(") == 1
    assert re.match(r"[^{]*\{\s+matmul_init\(cb_A_shared, cb_B_shared\);\s+tile_regs_acquire\(\);", body)
    assert body.index("add_bcast_rows_init") > body.index("matmul_tiles")
