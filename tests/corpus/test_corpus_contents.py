"""The shipped corpus: enough kernels, none broken, every family present, references that fit the IR."""

from __future__ import annotations

from typing import Any

import ml_dtypes
import numpy as np
import pytest

from ttmigrate.corpus import Kernel

from support.corpus import project_corpus

FAMILIES = {
    "gemm",
    "gemm_nonsquare",
    "gemm_multitile",
    "gemm_unaligned",
    "gemm_transposed",
    "gemm_batched",
    "gemm_epilogue",
    "eltwise",
    "fused",
    "unary",
    "broadcast",
    "reduction",
    "softmax",
    "norm",
    "degenerate",
    "scalar",
    "sfpu_chain",
    "cast",
    "gemm_pipelined",
    "edge_shapes",
    "attention",
}

LOAD = project_corpus()
KERNELS = sorted(LOAD.kernels, key=lambda k: (k.family, k.name))


def _id(kernel: Kernel) -> str:
    return f"{kernel.family}/{kernel.name}"


def _inputs(kernel: Kernel, rng: np.random.Generator) -> dict[str, Any]:
    """Random inputs, rounded to the parameter dtype as the harness does, handed over as float32."""
    inputs = {}
    for name in kernel.inputs:
        param = kernel.param(name)
        values = rng.standard_normal(param.shape).astype(np.float32)
        if param.dtype == "bfloat16":
            values = values.astype(ml_dtypes.bfloat16).astype(np.float32)
        inputs[name] = values
    return inputs


def test_corpus_loads_without_broken_kernels() -> None:
    assert [str(b.error) for b in LOAD.broken] == []
    assert len(LOAD.kernels) >= 40


def test_every_family_is_covered() -> None:
    assert {k.family for k in LOAD.kernels} == FAMILIES


def test_names_are_unique_snake_case() -> None:
    names = [k.name for k in LOAD.kernels]
    assert len(names) == len(set(names))
    assert all(n.replace("_", "").isalnum() and n == n.lower() and "-" not in n for n in names)


def test_square_gemm_sizes() -> None:
    square = {k.name for k in LOAD.kernels if k.family == "gemm"}
    assert {"gemm_128", "gemm_256", "gemm_512", "gemm_1024"} <= square
    assert len(square) >= 6


def test_nonsquare_gemms_have_three_distinct_dims() -> None:
    nonsquare = [k for k in LOAD.kernels if k.family == "gemm_nonsquare"]
    assert len(nonsquare) >= 3
    for kernel in nonsquare:
        (m, k_a), (k_b, n) = kernel.param("A").shape, kernel.param("B").shape
        assert k_a == k_b and len({m, n, k_a}) == 3, kernel.name


def test_unaligned_gemms_are_not_tile_multiples() -> None:
    unaligned = [k for k in LOAD.kernels if k.family == "gemm_unaligned"]
    assert len(unaligned) >= 2
    for kernel in unaligned:
        dims = (*kernel.param("A").shape, kernel.param("B").shape[1])
        assert any(d % 32 for d in dims), kernel.name


@pytest.mark.parametrize("kernel", KERNELS, ids=_id)
def test_dtypes_are_bfloat16_unless_tagged(kernel: Kernel) -> None:
    dtypes = {p.dtype for p in kernel.params}
    expected = {"float32"} if "float32" in kernel.tags else {"bfloat16"}
    # kernels that exercise the data-format reconfig calls, and casts (between exactly these two)
    if "mixed-formats" in kernel.tags or "cast" in kernel.tags:
        expected = {"float32", "bfloat16"}
    if "cast" in kernel.tags:  # a cast kernel is tagged with both dtypes it converts between
        assert {"float32", "bfloat16"} <= set(kernel.tags)
    assert dtypes == expected


@pytest.mark.parametrize("kernel", KERNELS, ids=_id)
def test_reference_returns_exactly_the_outputs(kernel: Kernel) -> None:
    if kernel.family != "degenerate":
        assert kernel.inputs and kernel.outputs, "only degenerate kernels may read or write nothing"
    result = kernel.reference(**_inputs(kernel, np.random.default_rng(0)))
    assert set(result) == set(kernel.outputs)
    for name, value in result.items():
        array = np.asarray(value)
        assert array.shape == kernel.param(name).shape, name
        assert array.dtype == np.float32, name
        assert np.isfinite(array).all(), name


@pytest.mark.parametrize("kernel", KERNELS, ids=_id)
def test_tolerance_is_well_formed(kernel: Kernel) -> None:
    if kernel.tolerance is None:
        return
    # atol/rtol only: the emulator's Tolerance.from_mapping rejects keys it does not know, and the
    # PCC key is still spelled differently ("pcc" in the corpus brief, "min_pcc" in ttmigrate.emulate).
    assert set(kernel.tolerance) <= {"atol", "rtol"}
    assert all(0 < float(v) <= 1 for v in kernel.tolerance.values())


def test_softmax_reference_rows_sum_to_one() -> None:
    for kernel in (k for k in LOAD.kernels if k.family == "softmax"):
        (out,) = kernel.reference(**_inputs(kernel, np.random.default_rng(1))).values()
        np.testing.assert_allclose(out.sum(axis=1), 1.0, rtol=1e-5)
