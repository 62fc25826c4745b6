"""Semantics of each emulated compute operation, one single-tile program per operation, against
NumPy written from Metalium's documented behaviour (see the headers in ttmigrate/emulate/include)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from ttmigrate import ops
from ttmigrate.emulate import simulate
from ttmigrate.emulate.programs import ProgramCase

OP_LINE = "        add_tiles(cb_in0, cb_in1, 0, 0, 0);\n"


_CB = {"icb0": "cb_in0", "icb1": "cb_in1", "itile0": 0, "itile1": 0, "idst": 0}
_MM = {"in0_cb_id": "cb_in0", "in1_cb_id": "cb_in1", "in0_tile_index": 0, "in1_tile_index": 0, "idst": 0}


def _lines(*invocations: tuple[ops.Invocation | None, dict[str, object]]) -> str:
    return "\n".join(inv.render(args) + ";" for inv, args in invocations if inv is not None)


def _registry_case(op: ops.OpDef) -> tuple[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] | None:
    """The compute lines of one registry op on tiles A (cb_in0) and B (cb_in1), and the op's own NumPy
    semantics from the registry: what the emulator must match."""
    f = op.numpy
    assert f is not None
    if op.kind in ("binary", "bcast"):
        return _lines((op.init, {"icb0": "cb_in0", "icb1": "cb_in1"}), (op.call, _CB)), lambda a, b: f(a, b)
    if op.kind == "sfpu":
        copy, relu, half = ops.op("copy"), ops.op("relu"), ops.op("add_scalar")
        lines = _lines((copy.init, {"cbid": "cb_in0"}), (copy.call, _COPY))
        apply = _lines((op.init, {}), (op.call, {"idst": 0}))
        if op.non_negative or op.positive:  # the inputs are uniform in [-1, 1): take their non-negative part
            positive = _lines((relu.init, {}), (relu.call, {"idst": 0}))
            if op.positive:  # ... and lift it off zero
                positive += "\n" + _lines((half.init, {}), (half.call, {"idst": 0, "param1": _HALF}))
                return f"{lines}\n{positive}\n{apply}", lambda a, b: f(np.maximum(a, 0) + np.float32(0.5))
            return f"{lines}\n{positive}\n{apply}", lambda a, b: f(np.maximum(a, 0))
        return f"{lines}\n{apply}", lambda a, b: f(a)
    if op.kind == "scalar":  # A op 0.75 (x / 0.75 multiplies by the host's float32 1 / 0.75)
        copy = ops.op("copy")
        lines = _lines((copy.init, {"cbid": "cb_in0"}), (copy.call, _COPY))
        bits = ops.scalar_bits(op.name, 0.75)
        apply = _lines((op.init, {}), (op.call, {"idst": 0, "param1": bits}))
        return f"{lines}\n{apply}", lambda a, b: f(a, 0.75)
    if op.kind == "sfpu_binary":  # A into DST[0], B into DST[1], op(DST[0], DST[1]) into DST[0]
        copy = ops.op("copy")
        lines = _lines(
            (copy.init, {"cbid": "cb_in0"}),
            (copy.call, _COPY),
            (copy.init, {"cbid": "cb_in1"}),
            (copy.call, {"in_cb_id": "cb_in1", "in_tile_index": 0, "dst_tile_index": 1}),
            (op.init, {}),
            (op.call, {"idst0": 0, "idst1": 1, "odst": 0}),
        )
        return lines, lambda a, b: f(a, b)
    if op.kind == "copy":
        return _lines((op.init, {"cbid": "cb_in0"}), (op.call, _COPY)), lambda a, b: f(a)
    # fill (the acquire itself), matmul (below, with and without transpose), unlowered ops; reduce needs
    # a generated scaler tile and the packer mask: tests/emulate/test_reduce_model.py
    return None


_COPY = {"in_cb_id": "cb_in0", "in_tile_index": 0, "dst_tile_index": 0}
_HALF = ops.scalar_bits("add_scalar", 0.5)
_MATMUL = ops.op("matmul")
assert _MATMUL.init is not None and _MATMUL.numpy is not None

# name -> (compute lines replacing the add_tiles call, NumPy reference of C from A and B)
OPERATIONS: dict[str, tuple[str, Callable[[np.ndarray, np.ndarray], np.ndarray]]] = {
    op.name: case for op in ops.OPS.values() if (case := _registry_case(op)) is not None
}
_ZERO = np.zeros((32, 32))
OPERATIONS.update(
    {
        "matmul": (
            _lines((_MATMUL.init, {"in0_cb_id": "cb_in0", "in1_cb_id": "cb_in1"}), (_MATMUL.call, _MM)),
            lambda a, b: _MATMUL.numpy(_ZERO, a, b),  # type: ignore[misc]
        ),
        "matmul_transposed": (
            _lines(
                (_MATMUL.init, {"in0_cb_id": "cb_in0", "in1_cb_id": "cb_in1", "transpose": "true"}),
                (_MATMUL.call, _MM),
            ),
            lambda a, b: _MATMUL.numpy(_ZERO, a, b, transpose_b=True),  # type: ignore[misc]
        ),
        "matmul_accumulates": (
            "matmul_init(cb_in0, cb_in1);\nmatmul_tiles(cb_in0, cb_in1, 0, 0, 0);\nmatmul_tiles(cb_in0, cb_in1, 0, 0, 0);",
            lambda a, b: 2 * (a @ b),
        ),
        "copy_then_add_overwrites": (
            "copy_init(cb_in1);\ncopy_tile(cb_in1, 0, 0);\nadd_init(cb_in0, cb_in1);\nadd_tiles(cb_in0, cb_in1, 0, 0, 0);",
            lambda a, b: a + b,
        ),
        # deprecated at v0.81.1 but still in the release, so still emulated (g++ warns)
        "deprecated_copy_tile_init": ("copy_tile_init(cb_in0);\ncopy_tile(cb_in0, 0, 0);", lambda a, b: a),
        "generic_bcast_forms": (
            "bcast_init<EltwiseBinaryType::ELWSUB, BroadcastType::COL>(cb_in0, cb_in1);\n"
            "sub_tiles_bcast<BroadcastType::COL>(cb_in0, cb_in1, 0, 0, 0);",
            lambda a, b: a - b[:, 0:1],
        ),
    }
)


def test_every_registry_tile_op_has_an_emulator_case() -> None:
    lowered = {op.name for op in ops.OPS.values() if op.kind not in ("fill", "unlowered", "reduce")}
    assert lowered <= set(OPERATIONS)


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_compute_operation_matches_numpy(
    operation: str, cases: dict[str, ProgramCase], sim_cache: Path, mutate: Callable[..., dict[str, str]]
) -> None:
    lines, formula = OPERATIONS[operation]
    case = cases["tile_ops_32"]
    body = "".join(f"        {line}\n" for line in lines.splitlines())
    artifacts = mutate(case.artifacts, "compute.cpp", OP_LINE, body)
    # the fixture includes the headers of the ops it was written with; add every other registry header
    compute = artifacts["compute.cpp"]
    missing = [h for op in ops.OPS.values() for h in op.headers if f'"{h}"' not in compute]
    extra = "".join(f'#include "{h}"\n' for h in dict.fromkeys(missing))
    artifacts = {
        **artifacts,
        "compute.cpp": compute.replace("#include <cstdint>\n", "#include <cstdint>\n" + extra, 1),
    }

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
