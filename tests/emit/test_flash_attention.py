"""The attention family's FlashAttention forward, emitted whole by the IR-driven emitter (online
softmax with its running max, running sum and output accumulator held in CBs across the K/V loop,
docs/ATTENTION.md) and run on the configuration-state emulator against the NumPy reference."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ttmigrate.corpus import load_kernel
from ttmigrate.corpus.load import resolve_kernel
from ttmigrate.emit import emit_kernel
from ttmigrate.emulate import simulate_kernel

EMITTED = (
    "flash_fwd_s128_d64",
    "flash_fwd_causal_s256_d64",
    "flash_fwd_mha_h4_s128_d64",
    "flash_fwd_mha_causal_h2_s256_d64",
    "flash_fwd_s256_d128",
    "flash_fwd_causal_s128_d128",
)


@pytest.fixture(scope="module")
def artifacts() -> dict[str, dict[str, str]]:
    return {name: emit_kernel(resolve_kernel(name), mode="ir_driven") for name in EMITTED}


def _loop(compute: str) -> str:
    """The K/V loop's body (the text from the loop line to the end of the work loop)."""
    match = re.search(r"for \(uint32_t k = 0; k < \w+; \+\+k\) \{", compute)
    assert match is not None
    return compute[match.end() :]


def test_the_running_max_starts_at_minus_infinity(artifacts: dict[str, dict[str, str]]) -> None:
    compute = artifacts["flash_fwd_s128_d64"]["compute.cpp"]
    before_loop = compute.split("for (uint32_t k = 0;", 1)[0]
    # acquire (DST is zero), then 0 + (-inf): the float32 bits of -inf
    assert re.search(
        r"tile_regs_acquire\(\);\s+binop_with_scalar_tile_init\(\);\s+for \(uint32_t t = 0; t < 2; \+\+t\) \{\s+"
        r"add_unary_tile\(t, 0xFF800000u\);",
        before_loop,
    )
    assert before_loop.rstrip().endswith("cb_wait_front(cb_scores_max, 2);")


def test_loop_carried_values_are_popped_and_pushed_once_per_iteration(
    artifacts: dict[str, dict[str, str]],
) -> None:
    """scores_max, logsum and acc_o enter each iteration waited in their own CB; the body pops the
    old value once and pushes the new one once; Q, read before the loop, is never popped in it."""
    for name, emitted in artifacts.items():
        body = _loop(emitted["compute.cpp"])
        loop_end = body.index("\n        }\n")  # the K/V loop's closing brace (work loop depth + 1)
        body = body[:loop_end]
        for cb, pages in (("cb_scores_max", 2), ("cb_logsum", 2)):
            assert body.count(f"cb_pop_front({cb}, {pages});") == 1, (name, cb)
            assert body.count(f"cb_push_back({cb}, {pages});") == 1, (name, cb)
        # d = 64: O (4 tiles) packed once; d = 128: O (8 tiles) packed per 4-tile subblock
        pushes = re.findall(r"cb_push_back\(cb_acc_o, (\d+)\);", body)
        pops = re.findall(r"cb_pop_front\(cb_acc_o, (\d+)\);", body)
        assert pushes == ["4"], (name, pushes)
        assert pops in (["4"], ["8"]), (name, pops)
        assert "cb_pop_front(cb_Q_shared" not in body and "cb_wait_front(cb_Q_shared" in body, name


def test_a_d128_output_larger_than_dst_is_reloaded_per_subblock(artifacts: dict[str, dict[str, str]]) -> None:
    """O of 2x4 tiles, DST of 4 (float32): filled in two chunks, and P @ V accumulates onto the
    rescaled O one tile row at a time: acquire, copy the row's partials in, matmul init, matmul,
    pack (tt-metal's reload_from_cb_to_dst)."""
    compute = artifacts["flash_fwd_s256_d128"]["compute.cpp"]
    assert re.search(
        r"for \(uint32_t c = 0; c < 8; c \+= 4\) \{\s+tile_regs_acquire\(\);\s+tile_regs_commit", compute
    )
    reload = re.search(
        r"for \(uint32_t sb = 0; sb < 2; \+\+sb\) \{\s+tile_regs_acquire\(\);\s+copy_init\((cb_\w+)\);"
        r"\s+for \(uint32_t t = 0; t < 4; \+\+t\) \{\s+copy_tile\(\1, t, t\);\s+\}\s+cb_pop_front\(\1, 4\);"
        r"\s+matmul_init\(cb_acc_s_cast, cb_V_shared\);",
        compute,
    )
    assert reload is not None
    assert "matmul_tiles(cb_acc_s_cast, cb_V_shared, sb * 2 + ki_1, ki_1 * 4 + ni_1, ni_1);" in compute


@pytest.mark.parametrize("name", EMITTED)
def test_flash_attention_is_correct_on_the_emulator(
    name: str, artifacts: dict[str, dict[str, str]], sim_cache: Path
) -> None:
    result = simulate_kernel(kernel=resolve_kernel(name), artifacts=artifacts[name], cache_dir=sim_cache)
    assert result.status == "correct", result.detail
    assert result.pcc is not None and result.pcc > 0.9999


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # the accumulator rescaled by the first row block's factor only
        (
            "mul_tiles_bcast_cols(cb_acc_o, cb_scores_scale, t, t / 2, t);",
            "mul_tiles_bcast_cols(cb_acc_o, cb_scores_scale, t, 0, t);",
        ),
        # the running sum not rescaled: l = l * rowsum(P) instead of l * alpha
        ("mul_tiles(cb_logsum, cb_scores_scale, t, t, t);", "mul_tiles(cb_logsum, cb_scores_sum, t, t, t);"),
    ],
)
def test_a_wrong_online_softmax_step_is_wrong(
    old: str, new: str, artifacts: dict[str, dict[str, str]], sim_cache: Path
) -> None:
    """The check can fail: one changed step of the causal kernel's online softmax."""
    name = "flash_fwd_causal_s256_d64"
    emitted = artifacts[name]
    assert emitted["compute.cpp"].count(old) == 1
    mutant = {**emitted, "compute.cpp": emitted["compute.cpp"].replace(old, new)}
    result = simulate_kernel(kernel=resolve_kernel(name), artifacts=mutant, cache_dir=sim_cache)
    assert result.status == "wrong", result.detail


RUNNING_MAX = (
    Path(__file__).resolve().parents[1] / "data" / "attention_steps" / "flash_fwd_running_max_s128_d64.py"
)


def test_a_running_max_taking_the_previous_max_is_a_binary_max_and_correct(
    sim_cache: Path,
) -> None:
    """``m = max(rowmax(S), m_prev)``: both column vectors in DST (m at 0, m_prev at 2), one
    binary_max_tile per tile, then the rescale reads the packed m from its CB."""
    kernel = load_kernel(RUNNING_MAX)
    emitted = emit_kernel(kernel, mode="ir_driven")
    compute = _loop(emitted["compute.cpp"])
    assert re.search(
        r"copy_tile\(cb_scores_max_prev, t, t \+ 2\);\s+\}\s+binary_max_tile_init\(\);\s+"
        r"for \(uint32_t t = 0; t < 2; \+\+t\) \{\s+binary_max_tile\(t, t \+ 2, t\);",
        compute,
    )
    result = simulate_kernel(kernel=kernel, artifacts=emitted, cache_dir=sim_cache)
    assert result.status == "correct", result.detail
