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

from ttmigrate.corpus import Kernel, load_corpus
from ttmigrate.emulate.tensors import round_to_bfloat16

PROBES = Path(__file__).resolve().parents[1] / "data" / "frontend_probes"
# The family is staged with the frontend probes until the lowering takes every step of it (exp2
# is an op-registry entry still to come); then it moves to corpus/attention, and this test follows.
ATTENTION = sorted(
    (k for k in (*load_corpus().kernels, *load_corpus(PROBES).kernels) if k.family == "attention"),
    key=lambda k: k.name,
)
BLOCK = 64


def _bf16(x: np.ndarray) -> np.ndarray:
    return round_to_bfloat16(x)


def _online_softmax_head(q: np.ndarray, k: np.ndarray, v: np.ndarray, *, causal: bool) -> np.ndarray:
    seq, dim = q.shape
    scale = np.float32((1.0 / dim) ** 0.5 * 1.44269504)
    out = np.empty_like(q)
    for q0 in range(0, seq, BLOCK):
        qb = q[q0 : q0 + BLOCK]
        m = np.full((BLOCK, 1), -np.inf, np.float32)
        row_sum = np.zeros((BLOCK, 1), np.float32)
        o = np.zeros((BLOCK, dim), np.float32)
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
        name: _bf16(rng.uniform(-1.0, 1.0, size=kernel.param(name).shape).astype(np.float32))
        for name in kernel.inputs
    }


def test_family_covers_the_issue_matrix() -> None:
    shapes = {(k.param("Q").shape[-2], k.param("Q").shape[-1]) for k in ATTENTION}
    causal = {"causal" in k.tags for k in ATTENTION}
    multi_head = [k for k in ATTENTION if len(k.param("Q").shape) == 4 and k.param("Q").shape[1] > 1]
    assert len(ATTENTION) >= 4
    assert {s for s, _ in shapes} >= {128, 256} and {d for _, d in shapes} >= {64, 128}
    assert causal == {True, False}
    assert multi_head


@pytest.mark.parametrize("kernel", ATTENTION, ids=[k.name for k in ATTENTION])
def test_tolerance_bounds_the_bf16_schedule(kernel: Kernel) -> None:
    inputs = _uniform(kernel)
    expected = kernel.reference(**inputs)["Output"]
    q, k, v = (inputs[n] for n in ("Q", "K", "V"))
    heads_q = q.reshape(-1, *q.shape[-2:])
    heads_k = k.reshape(-1, *k.shape[-2:])
    heads_v = v.reshape(-1, *v.shape[-2:])
    causal = "causal" in kernel.tags
    actual = np.stack(
        [
            _online_softmax_head(a, b, c, causal=causal)
            for a, b, c in zip(heads_q, heads_k, heads_v, strict=True)
        ]
    ).reshape(expected.shape)
    tol = kernel.tolerance
    assert tol is not None
    error = np.abs(actual - expected)
    assert np.all(error <= tol["atol"] + tol["rtol"] * np.abs(expected)), float(error.max())
    # The reference really is attention: each output row is a convex combination of V rows.
    assert np.all(np.abs(expected) <= np.abs(v).max() + 1e-6)
