"""Semantics of each emulated compute operation, one single-tile program per operation, against
NumPy written from Metalium's documented behaviour (see the headers in ttmigrate/emulate/include)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from ttmigrate.emulate import simulate
from ttmigrate.emulate.programs import ProgramCase

OP_LINE = "        add_tiles(cb_in0, cb_in1, 0, 0, 0);\n"


def _row_reduce(values: np.ndarray) -> np.ndarray:
    out = np.zeros((32, 32))
    out[:, 0] = values
    return out


# name -> (compute lines replacing the add_tiles call, NumPy reference of C from A and B)
OPERATIONS: dict[str, tuple[str, Callable[[np.ndarray, np.ndarray], np.ndarray]]] = {
    "copy": ("copy_tile_init(cb_in0);\ncopy_tile(cb_in0, 0, 0);", lambda a, b: a),
    "exp": ("copy_tile(cb_in0, 0, 0);\nexp_tile_init();\nexp_tile(0);", lambda a, b: np.exp(a)),
    "relu": ("copy_tile(cb_in0, 0, 0);\nrelu_tile_init();\nrelu_tile(0);", lambda a, b: np.maximum(a, 0.0)),
    "sub": ("sub_tiles_init(cb_in0, cb_in1);\nsub_tiles(cb_in0, cb_in1, 0, 0, 0);", lambda a, b: a - b),
    "mul": ("mul_tiles_init(cb_in0, cb_in1);\nmul_tiles(cb_in0, cb_in1, 0, 0, 0);", lambda a, b: a * b),
    "matmul": ("matmul_tiles(cb_in0, cb_in1, 0, 0, 0, false);", lambda a, b: a @ b),
    "matmul_transposed": ("matmul_tiles(cb_in0, cb_in1, 0, 0, 0, true);", lambda a, b: a @ b.T),
    "matmul_accumulates": (
        "matmul_tiles(cb_in0, cb_in1, 0, 0, 0, false);\nmatmul_tiles(cb_in0, cb_in1, 0, 0, 0, false);",
        lambda a, b: 2 * (a @ b),
    ),
    "copy_then_add_overwrites": (
        "copy_tile(cb_in1, 0, 0);\nadd_tiles(cb_in0, cb_in1, 0, 0, 0);",
        lambda a, b: a + b,
    ),
    "add_bcast_rows": (
        "add_bcast_rows_init_short(cb_in0, cb_in1);\nadd_tiles_bcast_rows(cb_in0, cb_in1, 0, 0, 0);",
        lambda a, b: a + b[0:1, :],
    ),
    # The scaler tile is B; Metalium's reduce multiplies by its value s = B[0, 0].
    "reduce_row_sum": (
        "reduce_init<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb_in0, cb_in1, cb_out0);\n"
        "reduce_tile<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb_in0, cb_in1, 0, 0, 0);\nreduce_uninit();",
        lambda a, b: _row_reduce(b[0, 0] * a.sum(axis=1)),
    ),
    "reduce_row_max": (
        "reduce_init<PoolType::MAX, ReduceDim::REDUCE_ROW>(cb_in0, cb_in1, cb_out0);\n"
        "reduce_tile<PoolType::MAX, ReduceDim::REDUCE_ROW>(cb_in0, cb_in1, 0, 0, 0);\nreduce_uninit();",
        lambda a, b: _row_reduce((b[0, 0] * a).max(axis=1)),
    ),
}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_compute_operation_matches_numpy(
    operation: str, cases: dict[str, ProgramCase], sim_cache: Path, mutate: Callable[..., dict[str, str]]
) -> None:
    lines, formula = OPERATIONS[operation]
    case = cases["tile_ops_32"]
    body = "".join(f"        {line}\n" for line in lines.splitlines())
    artifacts = mutate(case.artifacts, "compute.cpp", OP_LINE, body)

    def reference(A: np.ndarray, B: np.ndarray) -> dict[str, np.ndarray]:
        return {"C": formula(A.astype(np.float64), B.astype(np.float64))}

    result = simulate(
        artifacts=artifacts,
        tensors=list(case.tensors),
        reference=reference,
        tolerance=None,
        cache_dir=sim_cache,
    )
    assert result.status == "correct", result.detail


def test_operations_are_told_apart(cases: dict[str, ProgramCase], sim_cache: Path) -> None:
    # Guards the test above against a reference that any output would satisfy.
    case = cases["tile_ops_32"]
    result = simulate(
        artifacts=case.artifacts,
        tensors=list(case.tensors),
        reference=lambda A, B: {"C": A * B},
        tolerance=None,
        cache_dir=sim_cache,
    )
    assert result.status == "wrong"
