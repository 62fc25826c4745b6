"""Task 1 helpers: identifiers and emit_expr."""

from __future__ import annotations

import pytest
from tvm import tirx

from ttmigrate.emit import UnsupportedConstruct
from ttmigrate.emit.ir_driven.naming import NameTable
from ttmigrate.emit.ir_driven.visitor import TTCodegenVisitor


def _visitor() -> TTCodegenVisitor:
    visitor = TTCodegenVisitor(None, ())
    visitor.kernel_kind = "compute"
    return visitor


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("A_shared", "A_shared"),
        ("a.b-c", "a_b_c"),
        ("0x", "v_0x"),
        ("int", "v_int"),
        ("kernel_main", "v_kernel_main"),
        ("__x", "v_x"),
        ("", "v"),
        ("ü", "_"),
    ],
)
def test_sanitize_yields_valid_identifiers(raw: str, expected: str) -> None:
    assert NameTable.sanitize(raw) == expected


def test_names_are_unique_per_object_and_stable() -> None:
    table = NameTable()
    a, b = tirx.Var("x", "int32"), tirx.Var("x", "int32")
    assert table.get(a, "x") == "x"
    assert table.get(b, "x") == "x_1"
    assert table.get(a, "x") == "x"


def test_emit_expr_arithmetic_comparisons_and_selects() -> None:
    v = _visitor()
    i, j = tirx.Var("i", "int32"), tirx.Var("j", "int32")
    assert v.emit_expr(i * 4 + j) == "((i * 4) + j)"
    assert v.emit_expr(tirx.floordiv(i, 4)) == "(i / 4)"
    assert v.emit_expr(tirx.floormod(i, 4)) == "(i % 4)"
    assert v.emit_expr(i < j) == "(i < j)"
    assert v.emit_expr(tirx.all(i < j, i >= 0)) in ("((i < j) && (i >= 0))",)
    assert v.emit_expr(tirx.min(i, j)) == "(i < j ? i : j)"
    assert v.emit_expr(tirx.max(i, j)) == "(i > j ? i : j)"
    assert v.emit_expr(tirx.Select(i < j, i, j)) == "((i < j) ? i : j)"
    assert v.emit_expr(tirx.Cast("uint32", i)) == "static_cast<uint32_t>(i)"
    assert v.emit_expr(tirx.const(7, "int32")) == "7"
    assert v.emit_expr(tirx.const(True, "bool")) == "true"
    assert v.emit_expr(tirx.ceildiv(i, 32)) in ("((i + 32 - 1) / 32)", "(((i + 32) - 1) / 32)")


def test_emit_expr_rejects_what_a_kernel_cannot_compute() -> None:
    v = _visitor()
    with pytest.raises(UnsupportedConstruct) as info:
        v.emit_expr(tirx.exp(tirx.Var("x", "float32")))
    assert info.value.node_kind == "Call"
    assert "exp" in info.value.construct
    with pytest.raises(UnsupportedConstruct) as cast_info:
        v.emit_expr(tirx.Cast("float16", tirx.Var("x", "float32")))
    assert cast_info.value.node_kind == "Cast"
