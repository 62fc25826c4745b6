"""The attention family: its shapes cover the issue's matrix, and each kernel's TOLERANCE bounds the
error of the Tenstorrent schedule's bf16 rounding (docs/ATTENTION.md, "Tolerance").

The schedule is modelled in NumPy the way the compute kernel runs it on a core: per 64-row Q block,
per 64-row K/V block, scores S = Q Kᵀ accumulated in float32 and packed to a bf16 CB, the running
max and row sum, P = exp2(S·scale - m·scale) packed as bf16, the accumulator rescaled and P V added,
each intermediate rounded to bf16 when it is packed. The reference is float32 exact softmax.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ttmigrate.corpus import Kernel, load_kernel
from ttmigrate.emulate.tensors import round_to_bfloat16

from support.corpus import project_corpus

PROBES = Path(__file__).resolve().parents[1] / "data" / "frontend_probes"
CORPUS = sorted((k for k in project_corpus().kernels if k.family == "attention"), key=lambda k: k.name)
# the corpus family and the FlashAttention frontend probes (same algorithm, 128x64): the probes'
# attention folder only (collection would otherwise import every probe of every family), and a
# probe that does not load fails the module instead of dropping out of the list
ATTENTION = CORPUS + [load_kernel(path) for path in sorted((PROBES / "attention").glob("*.py"))]
BLOCK = 64


def _online_softmax_head(
    q: np.ndarray, k: np.ndarray, v: np.ndarray, *, causal: bool, rounded: bool = True
) -> np.ndarray:
    """The block schedule; ``rounded``: every packed intermediate rounded to bf16, else exact (float64)."""
    _bf16 = round_to_bfloat16 if rounded else (lambda x: x)
    if not rounded:
        q, k, v = (a.astype(np.float64) for a in (q, k, v))
    seq, dim = q.shape
    scale = q.dtype.type((1.0 / dim) ** 0.5 * 1.44269504)
    out = np.empty_like(q)
    for q0 in range(0, seq, BLOCK):
        qb = q[q0 : q0 + BLOCK]
        m = np.full((BLOCK, 1), -np.inf, q.dtype)
        row_sum = np.zeros((BLOCK, 1), q.dtype)
        o = np.zeros((BLOCK, dim), q.dtype)
        last = min(seq, q0 + BLOCK) if causal else seq
        for k0 in range(0, last, BLOCK):
            s = qb @ k[k0 : k0 + BLOCK].T
            if causal:
                rows = np.arange(q0, q0 + BLOCK)[:, None]
                cols = np.arange(k0, k0 + BLOCK)[None, :]
                s = np.where(rows >= cols, s, -np.inf)
            s = _bf16(s)
            m_new = _bf16(np.maximum(m, s.max(axis=1, keepdims=True)))
            alpha = _bf16(np.exp2(m * scale - m_new * scale))
            p = _bf16(np.exp2(s * scale - m_new * scale))
            row_sum = _bf16(row_sum * alpha + p.sum(axis=1, keepdims=True))
            o = _bf16(o * alpha + p @ v[k0 : k0 + BLOCK])
            m = m_new
        out[q0 : q0 + BLOCK] = _bf16(o / row_sum)
    return out


def _uniform(kernel: Kernel) -> dict[str, np.ndarray]:
    """Uniform [-1, 1) inputs rounded to bf16, as the emulator harness gives them."""
    rng = np.random.default_rng(0)
    return {
        name: round_to_bfloat16(rng.uniform(-1.0, 1.0, size=kernel.param(name).shape).astype(np.float32))
        for name in kernel.inputs
    }


def test_family_covers_the_issue_matrix() -> None:
    shapes = {(k.param("Q").shape[-2], k.param("Q").shape[-1]) for k in CORPUS}
    causal = {"causal" in k.tags for k in CORPUS}
    multi_head = [k for k in CORPUS if len(k.param("Q").shape) == 3 and k.param("Q").shape[0] > 1]
    assert len(CORPUS) >= 4
    assert {s for s, _ in shapes} >= {128, 256} and {d for _, d in shapes} >= {64, 128}
    assert causal == {True, False}
    assert multi_head


def _schedule(kernel: Kernel, inputs: dict[str, np.ndarray], *, rounded: bool) -> np.ndarray:
    """The block schedule per head of a (seq, dim) or (batch, heads, seq, dim) layout."""
    q, k, v = (inputs[n] for n in ("Q", "K", "V"))
    heads = zip(*(a.reshape(-1, *a.shape[-2:]) for a in (q, k, v)), strict=True)
    causal = "causal" in kernel.tags
    out = [_online_softmax_head(a, b, c, causal=causal, rounded=rounded) for a, b, c in heads]
    return np.stack(out).reshape(q.shape)


@pytest.mark.parametrize("kernel", ATTENTION, ids=[k.name for k in ATTENTION])
def test_reference_is_the_exact_block_schedule(kernel: Kernel) -> None:
    """The float32 reference (one softmax over the whole row) agrees with the exact online
    softmax over blocks, computed independently in float64: the reference is attention."""
    inputs = _uniform(kernel)
    expected = kernel.reference(**inputs)["Output"]
    np.testing.assert_allclose(expected, _schedule(kernel, inputs, rounded=False), atol=2e-6, rtol=1e-5)


@pytest.mark.parametrize("kernel", ATTENTION, ids=[k.name for k in ATTENTION])
def test_tolerance_bounds_the_bf16_schedule(kernel: Kernel) -> None:
    inputs = _uniform(kernel)
    expected = kernel.reference(**inputs)["Output"]
    actual = _schedule(kernel, inputs, rounded=True)
    v = inputs["V"]
    tol = kernel.tolerance
    assert tol is not None
    error = np.abs(actual - expected)
    assert np.all(error <= tol["atol"] + tol["rtol"] * np.abs(expected)), float(error.max())
    # The reference really is attention: each output row is a convex combination of V rows.
    assert np.all(np.abs(expected) <= np.abs(v).max() + 1e-6)
