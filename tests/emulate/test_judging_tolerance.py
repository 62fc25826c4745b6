"""judging_tolerance(): the tolerance an output is judged at follows its dtype, the DST mode, the
accumulation length and the fidelity, and never grants a worse configuration's error."""

from __future__ import annotations

import json

import pytest

from ttmigrate.emulate import SimInputError, default_tolerance, judging_tolerance
from ttmigrate.emulate.harness import output_tolerance


def test_bf16_output_is_judged_at_bf16_rounding_whatever_the_dst_mode() -> None:
    base = default_tolerance("bfloat16")
    for fp32 in (False, True):
        got = judging_tolerance(dtype="bfloat16", fp32_dest_acc_en=fp32, accumulation_tiles=16)
        assert got.atol == base.atol and got.min_pcc == base.min_pcc
        assert got.rtol < base.rtol * 1.01  # 32*16 float32 roundings add < 1 % of the bf16 term


def test_a_16_bit_dst_never_widens_a_float32_output() -> None:
    """A float32 GEMM accumulating over K = 1024 in a 16-bit DST is not granted 16-bit error."""
    assert judging_tolerance(
        dtype="float32", fp32_dest_acc_en=False, accumulation_tiles=32
    ) == default_tolerance("float32")


def test_a_float32_accumulation_adds_its_own_rounding() -> None:
    base = default_tolerance("float32")
    long = judging_tolerance(dtype="float32", fp32_dest_acc_en=True, accumulation_tiles=32)
    assert long.rtol == pytest.approx(base.rtol + 32 * 32 * 2.0**-24)
    assert judging_tolerance(dtype="float32", fp32_dest_acc_en=True, accumulation_tiles=0) == base


@pytest.mark.parametrize("fidelity", ["LoFi", "HiFi2", "HiFi3"])
def test_an_unmodelled_fidelity_is_refused(fidelity: str) -> None:
    with pytest.raises(ValueError, match="not modelled"):
        judging_tolerance(
            dtype="bfloat16", fp32_dest_acc_en=True, accumulation_tiles=1, math_fidelity=fidelity
        )
    plan = json.dumps(
        {"compute": {"fp32_dest_acc_en": True, "accumulation_tiles": 1, "math_fidelity": fidelity}}
    )
    with pytest.raises(SimInputError, match=r"tt\.plan\.json"):
        output_tolerance({"tt.plan.json": plan}, "bfloat16")


def test_the_harness_reads_the_plans_compute_section() -> None:
    plan = json.dumps(
        {"compute": {"fp32_dest_acc_en": True, "accumulation_tiles": 8, "math_fidelity": "HiFi4"}}
    )
    got = output_tolerance({"tt.plan.json": plan}, "float32")
    assert got == judging_tolerance(dtype="float32", fp32_dest_acc_en=True, accumulation_tiles=8)
    assert got != default_tolerance("float32")
    assert output_tolerance({}, "float32") == default_tolerance("float32")  # no plan: 16-bit DST
