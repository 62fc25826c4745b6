"""Each probe kernel's NumPy ``reference`` agrees with a simple, independently written computation.

The probes (tests/data/frontend_probes/) follow the corpus convention so that the next developer
can promote them once the emitters lower them; their references must be right before then. Each
independent computation below takes another route to the same numbers (closed forms, Python loops,
``np.var``, FlashAttention's own blockwise online softmax against the reference's direct softmax).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ttmigrate.corpus import kernel_files

from .probe_loads import loaded

PROBES = Path(__file__).resolve().parents[2] / "tests" / "data" / "frontend_probes"
PROBE_FILES = kernel_files(PROBES)
Arrays = dict[str, np.ndarray]


def _rows(a: np.ndarray, f: Callable[[list[float]], float]) -> np.ndarray:
    return np.array([f([float(v) for v in row]) for row in a], dtype=np.float64)


def _flash(q: np.ndarray, k: np.ndarray, v: np.ndarray, *, causal: bool) -> np.ndarray:
    """FlashAttention forward as the probe computes it: 64x64 blocks, exp2 with log2(e)/sqrt(d)."""
    seq, dim = q.shape
    block = 64
    scale = (1.0 / dim) ** 0.5 * 1.44269504
    out = np.zeros_like(q, dtype=np.float64)
    for b in range(seq // block):
        rows = slice(b * block, (b + 1) * block)
        m = np.full(block, -np.inf)
        total = np.zeros(block)
        acc = np.zeros((block, dim))
        for kb in range(b + 1 if causal else seq // block):
            cols = slice(kb * block, (kb + 1) * block)
            s = q[rows] @ k[cols].T
            if causal:
                i = np.arange(block)[:, None] + b * block
                j = np.arange(block)[None, :] + kb * block
                s = np.where(i >= j, s, -np.inf)
            m_new = np.maximum(m, s.max(axis=1))
            rescale = np.exp2(m * scale - m_new * scale)
            p = np.exp2(s * scale - m_new[:, None] * scale)
            total = total * rescale + p.sum(axis=1)
            acc = acc * rescale[:, None] + p @ v[cols]
            m = m_new
        out[rows] = acc / total[:, None]
    return out


def _window(a: np.ndarray) -> np.ndarray:
    out = np.zeros_like(a, dtype=np.float64)
    blocks = a.shape[0] // 32
    for r in range(blocks):
        for k in range(max(r - 1, 0), min(r + 2, blocks)):
            out[r * 32 : (r + 1) * 32] += a[k * 32 : (k + 1) * 32]
    return out


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


INDEPENDENT: dict[str, Callable[..., Arrays]] = {
    "reduction/row_sum_1d_128x256": lambda A: {"S": _rows(A, math.fsum)},
    "reduction/row_sum_keepdim_fragment_128x256": lambda A: {"S": _rows(A, math.fsum)[:, None]},
    "reduction/row_max_serial_128x256": lambda A: {"R": _rows(A, max)[:, None]},
    "reduction/row_mean_128x256": lambda A: {"Y": _rows(A, lambda r: math.fsum(r) / len(r))[:, None]},
    "reduction/col_sum_128x256": lambda A: {"S": _rows(A.T, math.fsum)},
    "reduction/row_min_absmax_abssum_64x128": lambda A: {
        "Mn": _rows(A, min),
        "Amax": _rows(A, lambda r: max(abs(v) for v in r)),
        "Asum": _rows(A, lambda r: math.fsum(abs(v) for v in r)),
    },
    "reduction/shared_operands_64x128": lambda A: {
        "S": _rows(A, math.fsum),
        "Cmax": _rows(A.T, max),
        "Csum": _rows(A.T, math.fsum),
    },
    "softmax/softmax_stable_64x256": lambda A: {
        "B": np.array(
            [[math.exp(v) / math.fsum(math.exp(u) for u in row) for v in row] for row in A.astype(float)]
        )
    },
    "norm/rmsnorm_64x256": lambda X, W: {
        "Y": X
        / np.sqrt(np.linalg.norm(X.astype(np.float64), axis=1, keepdims=True) ** 2 / X.shape[1] + 1e-6)
        * W
    },
    "norm/layernorm_64x256": lambda X, W, B: {
        "Y": (X - X.mean(axis=1, keepdims=True))
        / np.sqrt(np.var(X.astype(np.float64), axis=1, keepdims=True) + 1e-5)
        * W
        + B
    },
    "sfpu/sigmoid_exp2_log_128": lambda A: {"B": _sigmoid(A.astype(np.float64)) * math.log(2.0)},
    "sfpu/exp_rsqrt_sqrt_tanh_128": lambda A: {"B": np.tanh(np.exp(-A.astype(np.float64) / 4.0))},
    "sfpu/log2_reciprocal_128": lambda A: {"B": -A.astype(np.float64) / math.log(2.0)},
    "scalar/mul_add_128": lambda A: {"B": (2.0 * A + 1.0) / 4.0},
    "scalar/rsub_div_128": lambda A: {"B": 0.5 - 0.25 * A},
    "scalar/exp_half_128": lambda A: {"B": np.exp(A.astype(np.float64) - math.log(2.0))},
    "eltwise/max_min_128": lambda A, B: {"C": np.abs(A.astype(np.float64) - B)},
    "gemm_epilogue/gemm_silu_128": lambda A, B: {
        "C": (lambda s: s * _sigmoid(s))(np.einsum("mk,kn->mn", A.astype(np.float64), B))
    },
    "cast/cast_bf16_f32_128": lambda A: {"F": A.copy(), "D": A + A},
    "pipeline/copy_pipelined_forms_256x32": lambda A: {"B": np.array(A, dtype=np.float64, copy=True)},
    "pipeline/gemm_3stage_256x128x256": lambda A, B: {"C": np.einsum("mk,kn->mn", A.astype(np.float64), B)},
    "attention/flash_fwd_128x64": lambda Q, K, V: {"Output": _flash(Q, K, V, causal=False)},
    "attention/flash_fwd_causal_128x64": lambda Q, K, V: {"Output": _flash(Q, K, V, causal=True)},
    "attention/flash_fwd_macros_causal_128x64": lambda Q, K, V: {"Output": _flash(Q, K, V, causal=True)},
    "lets/window_sum_min_max_128x64": lambda A: {"B": _window(A)},
}


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def _inputs(kernel: Any, seed: int) -> Arrays:
    """Uniform [-1, 1] inputs, as the emulator draws them, rounded to bfloat16 where the tensor is bf16."""
    rng = np.random.default_rng(seed)
    shapes = {p.name: (p.shape, p.dtype) for p in kernel.params}
    arrays: Arrays = {}
    for name in kernel.inputs:
        shape, dtype = shapes[name]
        values = rng.uniform(-1.0, 1.0, size=shape).astype(np.float32)
        if dtype == "bfloat16":  # keep the top 16 bits (round to nearest even), as a bf16 store would
            bits = values.view(np.uint32)
            bits = (bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF0000
            values = bits.astype(np.uint32).view(np.float32)
        arrays[name] = values
    return arrays


def test_every_probe_has_an_independent_check() -> None:
    assert {_id(p) for p in PROBE_FILES} == set(INDEPENDENT)


@pytest.mark.parametrize("path", PROBE_FILES, ids=_id)
def test_probe_follows_the_corpus_convention(path: Path) -> None:
    kernel = loaded(path)
    assert kernel.tags and all(isinstance(t, str) for t in kernel.tags)
    assert kernel.tolerance is not None and set(kernel.tolerance) == {"atol", "rtol"}
    outputs = kernel.reference(**_inputs(kernel, 0))
    assert set(outputs) == set(kernel.outputs)
    shapes = {p.name: p.shape for p in kernel.params}
    assert {name: value.shape for name, value in outputs.items()} == {name: shapes[name] for name in outputs}


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("path", PROBE_FILES, ids=_id)
def test_reference_matches_the_independent_computation(path: Path, seed: int) -> None:
    kernel = loaded(path)
    inputs = _inputs(kernel, seed)
    got = kernel.reference(**inputs)
    want = INDEPENDENT[_id(path)](**inputs)
    assert set(got) == set(want)
    for name, value in want.items():
        np.testing.assert_allclose(
            np.asarray(got[name], dtype=np.float64), value, rtol=2e-5, atol=2e-5, err_msg=name
        )


def test_the_independent_checks_can_fail() -> None:
    """A reference that forgets the causal mask is caught by the blockwise causal computation."""
    kernel = loaded(PROBES / "attention" / "flash_fwd_causal_128x64.py")
    inputs = _inputs(kernel, 0)
    unmasked = loaded(PROBES / "attention" / "flash_fwd_128x64.py").reference(**inputs)["Output"]
    want = INDEPENDENT["attention/flash_fwd_causal_128x64"](**inputs)["Output"]
    assert not np.allclose(unmasked, want, rtol=2e-5, atol=2e-5)
