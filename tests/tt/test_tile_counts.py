"""Tiles per core counted on the lowered IR (ttmigrate.tt.tile_counts), against hand-derived counts."""

from __future__ import annotations

from support.corpus import project_corpus

from ttmigrate.tt import lower
from ttmigrate.tt.tile_counts import tiles_per_core

KERNELS = {k.name: k for k in project_corpus().kernels}


def test_gemm_core_reads_its_a_row_and_b_column_of_tiles() -> None:
    cores = tiles_per_core(lower(KERNELS["gemm_256"].main))
    # 8x8 output tiles of 32x32 on 64 cores, K = 256: 8 A tiles + 8 B tiles in, 1 C tile out each
    assert len(cores) == 64
    assert {(c.work_units, c.tiles_read, c.tiles_written) for c in cores} == {(1, 16, 1)}


def test_causal_attention_reads_one_more_kv_block_per_q_block() -> None:
    cores = tiles_per_core(lower(KERNELS["flash_fwd_causal_s256_d64"].main))
    # Q block b (64 x 64: 4 tiles) attends to K/V blocks 0..b, each 4 K + 4 V tiles; O block 4 tiles
    assert [(c.work_units, c.tiles_read, c.tiles_written) for c in cores] == [
        (1, 4 + 8 * (b + 1), 4) for b in range(4)
    ]


def test_non_causal_attention_reads_every_kv_block() -> None:
    cores = tiles_per_core(lower(KERNELS["flash_fwd_mha_h4_s128_d64"].main))
    # 2 Q blocks x 4 heads; each reads its Q block and both K/V blocks of its head
    assert len(cores) == 8
    assert {(c.tiles_read, c.tiles_written) for c in cores} == {(4 + 2 * 8, 4)}
