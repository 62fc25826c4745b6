"""The norm family: RMSNorm and LayerNorm over rows with a weight (and bias) vector, at a row width
DST holds and at wider ones (computed in DST-sized chunks), checked against properties of the norm
itself and run in ir_driven on the emulator."""

from __future__ import annotations

import json
from pathlib import Path

import ml_dtypes
import numpy as np
import pytest

from ttmigrate.corpus import Kernel
from ttmigrate.emit import emit_kernel
from ttmigrate.emulate import simulate_kernel

from support.corpus import project_corpus

NORMS = sorted((k for k in project_corpus().kernels if k.family == "norm"), key=lambda k: k.name)


def _bf16(values: np.ndarray) -> np.ndarray:
    return values.astype(ml_dtypes.bfloat16).astype(np.float32)


def _shape(kernel: Kernel) -> tuple[int, ...]:
    return kernel.param("X").shape


def test_the_family_has_both_norms_at_two_shapes_one_wider_than_dst() -> None:
    names = [k.name for k in NORMS]
    assert len(NORMS) >= 4
    for norm in ("rmsnorm", "layernorm"):
        shapes = {_shape(k) for k in NORMS if k.name.startswith(norm)}
        assert len(shapes) >= 2, names
        # a float32 fragment: 4 DST tiles; a row block of more tiles than that is split
        assert any(n // 32 > 4 for _, n in shapes), shapes
    assert all(set(k.inputs) >= {"X", "W"} for k in NORMS)
    assert all("B" in k.inputs for k in NORMS if k.name.startswith("layernorm"))


@pytest.mark.parametrize("kernel", NORMS, ids=lambda k: k.name)
def test_with_unit_weight_and_no_bias_rows_are_normalised(kernel: Kernel) -> None:
    """RMSNorm: every row's mean square is 1; LayerNorm: every row has mean 0 and variance 1."""
    m, n = _shape(kernel)
    rng = np.random.default_rng(3)
    inputs = {"X": _bf16(rng.standard_normal((m, n)).astype(np.float32) * 3 + 1), "W": np.ones(n, np.float32)}
    if "B" in kernel.inputs:
        inputs["B"] = np.zeros(n, np.float32)
    (y,) = kernel.reference(**inputs).values()
    if kernel.name.startswith("rmsnorm"):
        np.testing.assert_allclose((y * y).mean(axis=1), 1.0, rtol=1e-4)
    else:
        np.testing.assert_allclose(y.mean(axis=1), 0.0, atol=1e-5)
        np.testing.assert_allclose(y.var(axis=1), 1.0, rtol=1e-3)


@pytest.mark.parametrize("kernel", NORMS, ids=lambda k: k.name)
def test_weight_scales_columns_and_bias_shifts_them(kernel: Kernel) -> None:
    m, n = _shape(kernel)
    rng = np.random.default_rng(4)
    x = _bf16(rng.standard_normal((m, n)).astype(np.float32))
    w = _bf16(rng.uniform(0.5, 2.0, n).astype(np.float32))
    base = {"X": x, "W": np.ones(n, np.float32)}
    scaled = {"X": x, "W": w}
    if "B" in kernel.inputs:
        b = _bf16(rng.standard_normal(n).astype(np.float32))
        base["B"] = np.zeros(n, np.float32)
        scaled["B"] = b
    (y0,) = kernel.reference(**base).values()
    (y1,) = kernel.reference(**scaled).values()
    expected = y0 * w[None, :] + (scaled["B"][None, :] if "B" in scaled else 0)
    np.testing.assert_allclose(y1, expected, rtol=1e-5, atol=1e-5)


@pytest.fixture(scope="module")
def emitted() -> dict[str, dict[str, str]]:
    return {k.name: emit_kernel(k, mode="ir_driven") for k in NORMS}


@pytest.fixture(scope="module")
def sim_cache(shared_cache_dir: Path) -> Path:
    """The session's emulator cache (tests/conftest.py): the runtime, the costliest compile, is built
    once per session instead of once per test; programs are keyed by their content, so the wrong
    epsilon below is a program of its own."""
    return shared_cache_dir / "sim"


@pytest.mark.parametrize("kernel", NORMS, ids=lambda k: k.name)
def test_ir_driven_norm_is_correct_on_the_emulator(
    kernel: Kernel, emitted: dict[str, dict[str, str]], sim_cache: Path
) -> None:
    artifacts = emitted[kernel.name]
    compute = artifacts["compute.cpp"]
    tiles = _shape(kernel)[1] // 32
    capacity = json.loads(artifacts["tt.plan.json"])["compute"]["dst_tiles"]
    # the Metalium shape of tt-metal's norm kernels: means through the reduce scaler, eps as a scalar
    # operand, rsqrt on the SFPU, the weight (and bias) through the broadcast-rows ops
    assert "reduce_tile<PoolType::SUM, ReduceDim::REDUCE_ROW>" in compute
    assert "add_unary_tile(0, " in compute and "rsqrt_tile(0);" in compute
    assert "mul_tiles_bcast_rows(" in compute
    assert ("add_tiles_bcast_rows(" in compute) == ("B" in kernel.inputs)
    assert (f"c < {tiles}; c += {capacity}" in compute) == (tiles > capacity)
    result = simulate_kernel(kernel=kernel, artifacts=artifacts, cache_dir=sim_cache)
    assert result.status == "correct", result.detail


def test_a_wrong_epsilon_is_caught(emitted: dict[str, dict[str, str]], sim_cache: Path) -> None:
    """The check can fail: eps = 1.0 instead of 1e-5 shrinks every output."""
    kernel = next(k for k in NORMS if k.name.startswith("layernorm"))
    artifacts = emitted[kernel.name]
    old = "add_unary_tile(0, 0x3727C5ACu);"  # float32 bits of 1e-5
    assert artifacts["compute.cpp"].count(old) == 1
    wrong = {
        **artifacts,
        "compute.cpp": artifacts["compute.cpp"].replace(old, "add_unary_tile(0, 0x3F800000u);"),
    }
    result = simulate_kernel(kernel=kernel, artifacts=wrong, cache_dir=sim_cache)
    assert result.status == "wrong", result.detail
