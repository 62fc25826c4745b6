"""The op registry (ttmigrate/ops): calls print from their signatures, every op is complete, the
generated part of docs/METALIUM_SUBSET.md is current, and the registry is stage-free."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

import ttmigrate.ops
from ttmigrate import ops
from ttmigrate.ops import doc, kernel_api

ROOT = Path(__file__).resolve().parents[2]


def test_render_prints_by_parameter_name_and_drops_trailing_defaults() -> None:
    matmul = ops.op("matmul")
    assert matmul.init is not None and matmul.startup is not None
    assert matmul.init.render({"in0_cb_id": "a", "in1_cb_id": "b"}) == "matmul_init(a, b)"
    assert (
        matmul.init.render({"in0_cb_id": "a", "in1_cb_id": "b", "transpose": "true"})
        == "matmul_init(a, b, true)"
    )
    assert matmul.startup.render({"icb0": "a", "icb1": "b", "ocb": "c"}) == (
        "compute_kernel_hw_startup<SrcOrder::Reverse>(a, b, c)"
    )
    reduce = ops.reduce("sum", "row")
    assert reduce.call is not None
    assert reduce.call.render({"icb": "i", "icb_scaler": "s", "itile": 0, "itile_scaler": 0, "idst": 0}) == (
        "reduce_tile<PoolType::SUM, ReduceDim::REDUCE_ROW>(i, s, 0, 0, 0)"
    )
    # an explicit later argument fills the defaulted ones before it
    assert kernel_api.fn("copy_init").render({"cbid": "c", "transpose_within_16x16_face": "1"}) == (
        "copy_init(c, 0, 1)"
    )


def test_render_refuses_a_missing_or_unknown_parameter() -> None:
    add = ops.op("add")
    assert add.call is not None
    with pytest.raises(TypeError, match="required parameter `idst`"):
        add.call.render({"icb0": "a", "icb1": "b", "itile0": 0, "itile1": 0})
    with pytest.raises(TypeError, match="no parameter"):
        add.call.render({"icb0": "a", "icb1": "b", "itile0": 0, "itile1": 0, "idst": 0, "transpose": 1})


def test_mul_says_it_overwrites_dst_on_every_architecture() -> None:
    mul = ops.op("mul")
    assert mul.init is not None
    assert mul.init.render({"icb0": "a", "icb1": "b"}) == "mul_init(a, b, false)"


@pytest.mark.parametrize("op", list(ops.OPS.values()), ids=list(ops.OPS))
def test_every_lowered_op_is_complete(op: ops.OpDef) -> None:
    p = op.pattern
    assert sum(x is not None for x in (p.node, p.call, p.tile_op)) == 1
    assert op.annotation.startswith("tt.") and op.numpy is not None
    if op.kind in ("fill", "unlowered"):
        return
    assert op.call is not None and op.init is not None and op.startup is not None and op.config is not None
    assert set(op.cb_params) | set(op.tile_params) | ({op.dst_param} if op.dst_param else set()) <= {
        q.name for q in op.call.fn.params
    }
    assert all(not inv.fn.deprecated for inv in (op.call, op.init, op.startup))
    assert all(h.startswith("api/compute/") for h in op.headers)


def test_numpy_semantics() -> None:
    a = np.arange(4, dtype=np.float32).reshape(2, 2)
    b = np.array([[10, 20], [30, 40]], dtype=np.float32)
    assert (ops.bcast("add", "row").numpy(a, b) == a + b[:1, :]).all()  # type: ignore[misc]
    assert (ops.bcast("mul", "col").numpy(a, b) == a * b[:, :1]).all()  # type: ignore[misc]
    assert (ops.op("relu").numpy(a - 2) == np.maximum(a - 2, 0)).all()  # type: ignore[misc]
    assert (ops.reduce("max", "row").numpy(a, 2.0) == [[2.0], [6.0]]).all()  # type: ignore[misc]


def test_lowering_patterns_resolve_to_one_op_each() -> None:
    assert ops.for_node("Add") is ops.op("add")
    assert ops.for_node("Max", zero_operand=True) is ops.op("relu")
    assert ops.for_node("Max") is ops.op("max")  # read into the tree, rejected by the emitters by name
    assert ops.for_call("tirx.exp") is ops.op("exp")
    assert ops.for_node("Min") is None


def test_dst_order_math_calls_cover_every_op_that_writes_dst() -> None:
    from ttmigrate.compare.checks.dst_order import MATH_CALLS

    assert {"mul_tiles_bcast_cols", "add_tiles_bcast_rows", "matmul_tiles", "exp_tile"} <= MATH_CALLS
    assert ops.math_calls() == MATH_CALLS


def test_generated_subset_document_is_current() -> None:
    text = (ROOT / "docs" / "METALIUM_SUBSET.md").read_text(encoding="utf-8")
    assert doc.splice(text) == text, "run: python -m ttmigrate.ops.doc docs/METALIUM_SUBSET.md"


def test_the_registry_imports_no_stage() -> None:
    root = Path(ttmigrate.ops.__file__).parent
    allowed = {"ttmigrate.atomic"}
    offenders = []
    for path in sorted(root.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            if (
                module
                and module.startswith("ttmigrate")
                and module not in allowed
                and not module.startswith("ttmigrate.ops")
            ):
                offenders.append(f"{path.name}: {module}")
    assert offenders == []


def test_scalar_and_fused_patterns_resolve_to_one_op_each() -> None:
    assert ops.for_node("Mul", scalar="right") is ops.op("mul_scalar")
    assert ops.for_node("Mul", scalar="left") is ops.op("mul_scalar")  # c * x
    assert ops.for_node("Sub", scalar="right") is ops.op("sub_scalar")
    assert ops.for_node("Sub", scalar="left") is ops.op("rsub_scalar")  # c - x
    assert ops.for_node("Div", scalar="right") is ops.op("div_scalar")
    assert ops.for_node("Div", scalar="left", value=1.0) is ops.op("recip")  # 1 / x
    assert ops.for_node("Div", scalar="left", value=2.0) is None  # c / x: no tile operator here
    assert ops.for_gate("Mul", "tirx.sigmoid") is ops.op("silu")
    assert ops.for_node("Mul") is ops.op("mul")


def test_scalar_bits_are_the_float32_pattern_and_division_passes_the_reciprocal() -> None:
    assert ops.scalar_bits("mul_scalar", 0.5) == "0x3F000000u"
    assert ops.scalar_bits("rsub_scalar", -2.0) == "0xC0000000u"
    assert ops.scalar_bits("div_scalar", 4.0) == "0x3E800000u"  # 0.25
    # 1/3 rounded to float32 once (not 1/3 in double then truncated)
    assert (
        ops.scalar_bits("div_scalar", 3.0) == f"0x{int(np.float32(1 / np.float32(3)).view(np.uint32)):08X}u"
    )
    a = np.array([1.0, 2.0], dtype=np.float32)
    assert (ops.op("rsub_scalar").numpy(a, 2.0) == [1.0, 0.0]).all()  # type: ignore[misc]
    assert (ops.op("div_scalar").numpy(a, 4.0) == [0.25, 0.5]).all()  # type: ignore[misc]
