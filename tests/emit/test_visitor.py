"""Task 1: one test per visitor method of TTCodegenVisitor, on hand-built TIR."""

from __future__ import annotations

import pytest
import tvm_ffi
from tvm import tirx
from tvm.script import tirx as T

from ttmigrate.emit import UnsupportedConstruct
from ttmigrate.emit.ir_driven.dataflow import ReaderVisitor
from ttmigrate.emit.ir_driven.visitor import TTCodegenVisitor
from ttmigrate.emit.program import CircularBufferSpec, DramTensor

CB = CircularBufferSpec(cb_id=0, name="A_shared", role="input", num_pages=2, page_size=2048, dtype="bfloat16")


def _lines(visitor: TTCodegenVisitor) -> list[str]:
    return [line.strip() for line in visitor.out.lines]


def _base() -> TTCodegenVisitor:
    visitor = TTCodegenVisitor(None, (CB,))
    visitor.kernel_kind = "compute"
    return visitor


def _reader() -> ReaderVisitor:
    tensor = DramTensor(
        name="A", dtype="bfloat16", batch=1, rows=128, cols=128, is_input=True, is_output=False
    )
    return ReaderVisitor(None, (CB,), {"A": tensor})


def _read_copy(
    a: tirx.Var, a_shared: tirx.Var, index: list[tirx.PrimExpr], tiles: tuple[int, int] = (1, 1)
) -> tirx.Stmt:
    info = {
        "direction": "read",
        "buffer": a,
        "cb": a_shared,
        "cb_id": 0,
        "tile_index": index,
        "tiles": list(tiles),  # the lowering passes record a list
        "transpose": False,
    }
    return tirx.AttrStmt(info, "tt.copy", 0, tirx.Evaluate(0))


def _buffers() -> tuple[tirx.Var, tirx.Var]:
    a = tirx.decl_buffer((128, 128), "bfloat16", name="A")
    a_shared = tirx.decl_buffer((32, 32), "bfloat16", name="A_shared", scope="shared.dyn")
    return a, a_shared


def test_for_prints_the_ir_loop_and_drops_loops_that_drive_nothing() -> None:
    a, a_shared = _buffers()
    k, i = tirx.Var("k", "int32"), tirx.Var("i", "int32")
    reader = _reader()
    reader.visit(tirx.For(k, 0, 8, tirx.ForKind.SERIAL, _read_copy(a, a_shared, [tirx.const(0, "int32"), k])))
    reader.finish()
    assert _lines(reader)[0] == "for (uint32_t k = 0; k < 8; ++k) {"
    assert "noc_async_read_page(k, A_gen, A_shared_write_addr);" in _lines(reader)
    empty = _base()
    empty.visit(tirx.For(i, 0, 4, tirx.ForKind.SERIAL, tirx.Evaluate(0)))
    assert _lines(empty) == []


def test_for_with_a_start_prints_start_plus_extent() -> None:
    a, a_shared = _buffers()
    wu, start, count = tirx.Var("wu", "int32"), tirx.Var("start_id", "int32"), tirx.Var("num_units", "int32")
    reader = _reader()
    reader.visit(
        tirx.For(wu, start, count, tirx.ForKind.SERIAL, _read_copy(a, a_shared, [wu, tirx.const(0, "int32")]))
    )
    reader.finish()
    assert _lines(reader)[0] == "for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {"
    assert "noc_async_read_page(wu * 4, A_gen, A_shared_write_addr);" in _lines(reader)


def test_seqstmt_keeps_only_binds_the_kernel_uses_and_batches_reads_behind_one_barrier() -> None:
    a, a_shared = _buffers()
    wu, bx, by = (tirx.Var(n, "int32") for n in ("wu", "bx", "by"))
    body = tirx.SeqStmt(
        [
            tirx.Bind(bx, tirx.floormod(wu, 4)),
            tirx.Bind(by, tirx.floordiv(wu, 4)),
            _read_copy(a, a_shared, [by, tirx.const(0, "int32")]),
            _read_copy(a, a_shared, [by, tirx.const(1, "int32")]),
        ]
    )
    reader = _reader()
    reader.visit(body)
    reader.finish()
    lines = _lines(reader)
    assert lines[0] == "uint32_t by = wu / 4;"
    assert not any(line.startswith("uint32_t bx") for line in lines)
    assert lines.count("noc_async_read_barrier();") == 1
    assert lines[-3:] == [
        "noc_async_read_barrier();",
        "cb_push_back(cb_A_shared, 1);",
        "cb_push_back(cb_A_shared, 1);",
    ]


def test_bind_and_letstmt_declare_locals() -> None:
    visitor = _base()
    x, y = tirx.Var("x", "int32"), tirx.Var("y", "int32")
    visitor.visit_Bind(tirx.Bind(x, y * 2))
    assert _lines(visitor) == ["uint32_t x = (y * 2);"]


def test_if_then_else_and_while_wrap_their_bodies() -> None:
    a, a_shared = _buffers()
    i = tirx.Var("i", "int32")
    reader = _reader()
    reader.visit(tirx.IfThenElse(i < 2, _read_copy(a, a_shared, [i, i]), None))
    reader.finish()
    assert _lines(reader)[0] == "if ((i < 2)) {"
    reader = _reader()
    reader.visit(tirx.While(i < 2, _read_copy(a, a_shared, [i, i])))
    reader.finish()
    assert _lines(reader)[0] == "while ((i < 2)) {"


def test_buffer_store_outside_a_tile_operation_is_unsupported_with_its_location() -> None:
    _, a_shared = _buffers()
    i = tirx.Var("i", "int32")
    store = tirx.BufferStore(a_shared, tirx.const(0, "bfloat16"), [i, i])
    visitor = _base()
    with pytest.raises(UnsupportedConstruct) as info:
        visitor.visit(tirx.SeqStmt([tirx.Evaluate(0), store]))
    assert info.value.node_kind == "BufferStore"
    assert info.value.location == "main/SeqStmt[1]"
    assert "A_shared" in info.value.construct


def test_alloc_buffer_of_a_cb_prints_nothing_and_of_anything_else_is_unsupported() -> None:
    _, a_shared = _buffers()
    visitor = _base()
    visitor.visit(tirx.AllocBuffer(a_shared))
    assert _lines(visitor) == []
    scratch = tirx.decl_buffer((4,), "float32", name="scratch", scope="local")
    with pytest.raises(UnsupportedConstruct) as info:
        visitor.visit(tirx.AllocBuffer(scratch))
    assert info.value.node_kind == "AllocBuffer"


def test_evaluate_of_a_call_and_unknown_annotations_are_unsupported() -> None:
    visitor = _base()
    visitor.visit(tirx.Evaluate(0))
    assert _lines(visitor) == []
    with pytest.raises(UnsupportedConstruct) as info:
        visitor.visit(tirx.Evaluate(tirx.call_extern("int32", "printf")))
    assert info.value.node_kind == "Evaluate"
    with pytest.raises(UnsupportedConstruct) as attr_info:
        visitor.visit(tirx.AttrStmt({}, "tt.mystery", 0, tirx.Evaluate(0)))
    assert "tt.mystery" in attr_info.value.construct


def test_tensor_load_of_a_tile_element_is_unsupported() -> None:
    _, a_shared = _buffers()
    visitor = _base()
    with pytest.raises(UnsupportedConstruct) as info:
        visitor.emit_expr(a_shared[0, 0])
    assert info.value.node_kind == "TensorLoad"


def test_is_circular_buffer_and_cb_id() -> None:
    a, a_shared = _buffers()
    visitor = _base()
    assert visitor.is_circular_buffer(a_shared) and not visitor.is_circular_buffer(a)
    assert visitor.cb_id(a_shared) == 0
    assert visitor.cb_symbol(CB) == "cb_A_shared"


def _decl_buffer_node() -> tirx.Stmt:
    @T.prim_func
    def viewed(A: T.Buffer((32, 32), "bfloat16")):
        A_view = T.decl_buffer((16, 64), "bfloat16", data=A.data)  # noqa: F841 (the node is the point)
        T.evaluate(0)

    found: list[tirx.Stmt] = []
    tvm_ffi.structural_walk(
        viewed.body, lambda n: found.append(n) if type(n).__name__ == "DeclBuffer" else None
    )
    return found[0]


def test_decl_buffer_of_a_cb_prints_nothing_and_of_anything_else_is_unsupported() -> None:
    decl = _decl_buffer_node()
    as_cb = CircularBufferSpec(
        cb_id=1, name="A_view", role="input", num_pages=2, page_size=2048, dtype="bfloat16"
    )
    visitor = TTCodegenVisitor(None, (as_cb,))
    visitor.visit(decl)
    assert _lines(visitor) == []
    with pytest.raises(UnsupportedConstruct) as info:
        _base().visit(decl)
    assert info.value.node_kind == "DeclBuffer" and "A_view" in info.value.construct
