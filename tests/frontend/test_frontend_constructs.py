"""Each TileLang construct of ``ttmigrate.frontend.T`` builds the IR TileLang's frontend builds."""

from __future__ import annotations

from typing import Any

import pytest
from tvm import tirx

from ttmigrate.frontend import T, ops

from .frontend_irwalk import as_int, loop_nest, nodes_of, region_parts, sblock, tile_calls

THREAD_BINDING = int(tirx.ForKind.THREAD_BINDING)
SERIAL = int(tirx.ForKind.SERIAL)
PARALLEL = int(tirx.ForKind.PARALLEL)


def _gemm_kernel(transpose_b: bool = False) -> Any:
    @T.prim_func
    def main(
        A: T.Tensor((128, 96), "bfloat16"),
        B: T.Tensor((96, 64), "bfloat16"),
        C: T.Tensor((128, 64), "bfloat16"),
    ):
        with T.Kernel(T.ceildiv(64, 32), T.ceildiv(128, 32), threads=128) as (bx, by):
            A_shared = T.alloc_shared((32, 32), "bfloat16")
            B_shared = T.alloc_shared((32, 32), "bfloat16")
            C_local = T.alloc_fragment((32, 32), "float32")
            T.clear(C_local)
            for k in T.Pipelined(T.ceildiv(96, 32), num_stages=3):
                T.copy(A[by * 32, k * 32], A_shared)
                T.copy(B[k * 32, bx * 32], B_shared)
                T.gemm(A_shared, B_shared, C_local)
            T.copy(C_local, C[by * 32, bx * 32])

    return main


@pytest.fixture(scope="module")
def gemm() -> Any:
    return _gemm_kernel()


# --- launch -----------------------------------------------------------------------------------


def test_kernel_grid_is_blockidx_thread_bindings(gemm: Any) -> None:
    loops = loop_nest(gemm.body.block.body)  # under the implicit root block of an s_tir PrimFunc
    assert [int(f.kind) for f in loops] == [THREAD_BINDING, THREAD_BINDING]
    assert [f.thread_binding.thread_tag for f in loops] == ["blockIdx.x", "blockIdx.y"]
    assert [as_int(f.extent) for f in loops] == [2, 4]  # ceildiv(64, 32), ceildiv(128, 32)
    assert [f.loop_var.name for f in loops] == ["bx", "by"]


def test_kernel_three_grid_dims_and_single_var() -> None:
    @T.prim_func
    def batched(A: T.Tensor((3, 64, 64), "bfloat16")):
        with T.Kernel(2, 2, 3) as (bx, by, bz):
            S = T.alloc_shared((32, 32), "bfloat16")
            T.copy(A[bz, by * 32, bx * 32], S)

    @T.prim_func
    def single(A: T.Tensor((64,), "float32")):
        with T.Kernel(5, threads=64) as bx:
            S = T.alloc_shared((32,), "float32")
            T.copy(A[bx * 32], S)

    fors = nodes_of(batched, "For")
    assert [(f.thread_binding.thread_tag, as_int(f.extent)) for f in fors] == [
        ("blockIdx.x", 2),
        ("blockIdx.y", 2),
        ("blockIdx.z", 3),
    ]
    (only,) = nodes_of(single, "For")
    assert (only.thread_binding.thread_tag, as_int(only.extent), only.loop_var.name) == (
        "blockIdx.x",
        5,
        "bx",
    )
    # as TileLang 0.1.15: tl.launch_threads holds (x, y, z) thread extents
    assert list(sblock(single, "tilelang_root").annotations["tl.launch_threads"]) == [64, 1, 1]


def test_kernel_rejects_more_than_three_grid_dims() -> None:
    with pytest.raises(ValueError, match="1 to 3 grid extents"):
        T.Kernel(1, 2, 3, 4)


def test_root_block_holds_allocations_with_scopes(gemm: Any) -> None:
    root = sblock(gemm, "tilelang_root")
    allocs = [(b.name, b.scope(), [as_int(s) for s in b.shape], str(b.dtype)) for b in root.alloc_buffers]
    assert allocs == [
        ("A_shared", "shared.dyn", [32, 32], "bfloat16"),
        ("B_shared", "shared.dyn", [32, 32], "bfloat16"),
        ("C_local", "local.fragment", [32, 32], "float32"),
    ]
    assert list(root.annotations["tl.launch_threads"]) == [128, 1, 1]


def test_kernel_binds_thread_indices_like_tilelang(gemm: Any) -> None:
    binds = nodes_of(gemm, "Bind")
    assert [(b.var.name, b.value.op.name, as_int(b.value.args[0])) for b in binds] == [
        ("tx", "tl.launch_thread_idx", 0),
        ("ty", "tl.launch_thread_idx", 1),
        ("tz", "tl.launch_thread_idx", 2),
    ]


def test_alloc_local_scope() -> None:
    @T.prim_func
    def main(A: T.Tensor((32,), "float32")):
        with T.Kernel(1):
            acc = T.alloc_local((1,), "float32")
            S = T.alloc_shared((32,), "float32")
            T.copy(A[0], S)
            acc[0] = S[0]

    root = sblock(main, "tilelang_root")
    assert [(b.name, b.scope()) for b in root.alloc_buffers] == [("acc", "local"), ("S", "shared.dyn")]


# --- tile operations --------------------------------------------------------------------------


def test_copy_regions_carry_access_masks_and_extents(gemm: Any) -> None:
    copies = tile_calls(gemm, "copy")
    assert len(copies) == 3
    parts = [tuple(region_parts(arg) for arg in c.args) for c in copies]
    assert parts[0] == (
        ("A", ["by * 32", "k * 32"], ops.ACCESS_READ, [32, 32]),
        ("A_shared", ["0", "0"], ops.ACCESS_WRITE, [32, 32]),
    )
    assert parts[1] == (
        ("B", ["k * 32", "bx * 32"], ops.ACCESS_READ, [32, 32]),
        ("B_shared", ["0", "0"], ops.ACCESS_WRITE, [32, 32]),
    )
    assert parts[2] == (
        ("C_local", ["0", "0"], ops.ACCESS_READ, [32, 32]),
        ("C", ["by * 32", "bx * 32"], ops.ACCESS_WRITE, [32, 32]),
    )


def test_copy_into_higher_rank_tensor_gets_leading_unit_extent() -> None:
    @T.prim_func
    def main(A: T.Tensor((4, 64, 64), "bfloat16")):
        with T.Kernel(2, 2, 4) as (bx, by, bz):
            S = T.alloc_shared((32, 32), "bfloat16")
            T.copy(A[bz, by * 32, bx * 32], S)

    (copy,) = tile_calls(main, "copy")
    assert region_parts(copy.args[0]) == ("A", ["bz", "by * 32", "bx * 32"], ops.ACCESS_READ, [1, 32, 32])
    assert region_parts(copy.args[1]) == ("S", ["0", "0"], ops.ACCESS_WRITE, [32, 32])


def test_copy_of_a_column_tile_keeps_its_shape() -> None:
    """A (32, 1) tile from a tile origin is a column, as in TileLang (not squeezed into a row)."""

    @T.prim_func
    def main(s: T.Tensor((64, 1), "bfloat16")):
        with T.Kernel(1, 2) as (_bx, by):
            s_shared = T.alloc_shared((32, 1), "bfloat16")
            T.copy(s[by * 32, 0], s_shared)

    (copy,) = tile_calls(main, "copy")
    assert region_parts(copy.args[0]) == ("s", ["by * 32", "0"], ops.ACCESS_READ, [32, 1])


def test_root_block_declares_empty_reads_and_writes(gemm: Any) -> None:
    """As TileLang's T.Kernel: no regions inferred from tile-op origins (they would be wrong)."""
    root = sblock(gemm, "tilelang_root")
    assert (len(root.reads), len(root.writes)) == (0, 0)


def test_copy_from_slice_uses_slice_extents() -> None:
    @T.prim_func
    def main(A: T.Tensor((64, 64), "float32"), S_out: T.Tensor((64, 1), "float32")):
        with T.Kernel(2) as bx:
            S = T.alloc_fragment((32,), "float32")
            T.copy(A[bx * 32 : bx * 32 + 32, 0], S)
            T.copy(S, S_out[bx * 32 : (bx + 1) * 32, 0])

    first, second = tile_calls(main, "copy")
    assert region_parts(first.args[0]) == ("A", ["bx * 32", "0"], ops.ACCESS_READ, [32, 1])
    assert region_parts(first.args[1]) == ("S", ["0"], ops.ACCESS_WRITE, [32])
    assert region_parts(second.args[1]) == ("S_out", ["bx * 32", "0"], ops.ACCESS_WRITE, [32, 1])


def test_gemm_operands_and_attributes(gemm: Any) -> None:
    (call,) = tile_calls(gemm, "gemm")
    a, b, c = (region_parts(r) for r in call.args[:3])
    assert a == ("A_shared", ["0", "0"], ops.ACCESS_READ, [32, 32])
    assert b == ("B_shared", ["0", "0"], ops.ACCESS_READ, [32, 32])
    assert c == ("C_local", ["0", "0"], ops.ACCESS_READ_WRITE, [32, 32])
    trans_a, trans_b, m, n, k = (as_int(x) for x in call.args[3:8])
    assert (trans_a, trans_b, m, n, k) == (0, 0, 32, 32, 32)
    assert str(call.args[3].ty) == "bool"


def test_gemm_transpose_b_reads_b_as_n_by_k() -> None:
    @T.prim_func
    def main(A: T.Tensor((64, 32), "bfloat16"), B: T.Tensor((128, 32), "bfloat16")):
        with T.Kernel(1):
            A_s = T.alloc_shared((64, 32), "bfloat16")
            B_s = T.alloc_shared((128, 32), "bfloat16")
            C_l = T.alloc_fragment((64, 128), "float32")
            T.copy(A[0, 0], A_s)
            T.copy(B[0, 0], B_s)
            T.gemm(A_s, B_s, C_l, transpose_B=True)

    (call,) = tile_calls(main, "gemm")
    assert [as_int(x) for x in call.args[3:8]] == [0, 1, 64, 128, 32]


def test_clear_is_fill_with_int_zero(gemm: Any) -> None:
    # TileLang 0.1.15's T.clear passes the Python int 0 through (tests/corpus/data/tilelang_0_1_15/)
    (fill,) = tile_calls(gemm, "fill")
    assert region_parts(fill.args[0]) == ("C_local", ["0", "0"], ops.ACCESS_WRITE, [32, 32])
    value = fill.args[1]
    assert type(value).__name__ == "IntImm"
    assert (int(value.value), str(value.ty)) == (0, "int32")


def test_fill_passes_its_value_through() -> None:
    @T.prim_func
    def main(C: T.Tensor((32, 32), "bfloat16")):
        with T.Kernel(1):
            F = T.alloc_fragment((32, 32), "bfloat16")
            T.fill(F, 1.5)
            T.copy(F, C[0, 0])

    (fill,) = tile_calls(main, "fill")
    assert (float(fill.args[1].value), str(fill.args[1].ty)) == (1.5, "float32")


def test_reduce_calls_carry_kind_dim_and_clear() -> None:
    @T.prim_func
    def main(A: T.Tensor((32, 64), "float32")):
        with T.Kernel(1):
            X = T.alloc_fragment((32, 64), "float32")
            mx = T.alloc_fragment((32,), "float32")
            sm = T.alloc_fragment((64,), "float32")
            T.copy(A[0, 0], X)
            T.reduce_max(X, mx, dim=1, clear=False)
            T.reduce_sum(X, sm, dim=0)
            T.reduce_sum(X, mx, dim=-1)

    calls = tile_calls(main, "reduce")
    summary = [
        (
            region_parts(c.args[0])[0],
            region_parts(c.args[1]),
            c.args[2].value,
            as_int(c.args[3]),
            as_int(c.args[4]),
        )
        for c in calls
    ]
    assert summary == [
        ("X", ("mx", ["0"], ops.ACCESS_WRITE, [32]), "max", 1, 0),
        ("X", ("sm", ["0"], ops.ACCESS_WRITE, [64]), "sum", 0, 1),
        ("X", ("mx", ["0"], ops.ACCESS_WRITE, [32]), "sum", 1, 1),  # dim=-1 is normalised to 1
    ]


# --- loops ------------------------------------------------------------------------------------


def test_pipelined_is_serial_for_with_num_stages(gemm: Any) -> None:
    serial_loops = [f for f in nodes_of(gemm, "For") if int(f.kind) == SERIAL]
    assert len(serial_loops) == 1
    (loop,) = serial_loops
    assert (loop.loop_var.name, as_int(loop.min), as_int(loop.extent)) == ("k", 0, 3)
    assert dict(loop.annotations) == {"num_stages": 3}
    assert len(tile_calls(loop, "copy")) == 2 and len(tile_calls(loop, "gemm")) == 1


def test_parallel_opens_nested_parallel_loops() -> None:
    @T.prim_func
    def main(A: T.Tensor((32, 64), "float32"), B: T.Tensor((32, 64), "float32")):
        with T.Kernel(1):
            S = T.alloc_shared((32, 64), "float32")
            F = T.alloc_fragment((32, 64), "float32")
            T.copy(A[0, 0], S)
            for i, j in T.Parallel(32, 64):
                F[i, j] = S[i, j] * T.float32(2)
            for t in T.Parallel(32):
                F[t, 0] = T.float32(0)
            T.copy(F, B[0, 0])

    parallel = [f for f in nodes_of(main, "For") if int(f.kind) == PARALLEL]
    assert [(f.loop_var.name, as_int(f.extent)) for f in parallel] == [("i", 32), ("j", 64), ("t", 32)]
    _outer, inner = loop_nest(parallel[0])
    assert inner is parallel[1] or inner.same_as(parallel[1])
    store = inner.body
    assert type(store).__name__ == "BufferStore" and store.buffer.name == "F"
    assert [str(i) for i in store.indices] == ["i", "j"]
    assert type(store.value).__name__ == "Mul"


def test_serial_and_grid_loops() -> None:
    @T.prim_func
    def main(A: T.Tensor((4, 8), "float32")):
        with T.Kernel(1):
            L = T.alloc_local((4, 8), "float32")
            for i in T.serial(4):
                L[i, 0] = A[i, 0]
            for i, j in T.grid(4, 8):
                L[i, j] = A[i, j]

    serial_loops = [
        (f.loop_var.name, as_int(f.extent)) for f in nodes_of(main, "For") if int(f.kind) == SERIAL
    ]
    assert serial_loops == [("i", 4), ("i", 4), ("j", 8)]


# --- arithmetic helpers -----------------------------------------------------------------------


def test_ceildiv_on_ints_is_python_int() -> None:
    assert T.ceildiv(100, 32) == 4 and type(T.ceildiv(100, 32)) is int
    assert T.ceildiv(96, 32) == 3
    assert T.ceildiv(1, 32) == 1


def test_ceildiv_on_expr_is_tir_expression() -> None:
    n = tirx.Var("n", "int32")
    result = T.ceildiv(n, 32)
    assert not isinstance(result, int)
    assert str(result.ty) == "int32"
    assert "n" in str(result)


def test_max_min_fold_constants_and_build_exprs() -> None:
    assert T.max(3, 7) == 7 and T.min(3, 7) == 3
    x = tirx.Var("x", "float32")
    assert type(T.max(x, T.float32(0))).__name__ == "Max"
    assert type(T.min(x, T.float32(0))).__name__ == "Min"
    assert type(T.exp(x)).__name__ == "Call" and T.exp(x).op.name == "tirx.exp"


def test_dtype_literals_and_cast() -> None:
    zero = T.float32(0)
    assert (type(zero).__name__, str(zero.ty), float(zero.value)) == ("FloatImm", "float32", 0.0)
    assert str(T.bfloat16(1).ty) == "bfloat16"
    assert str(T.int32(3).ty) == "int32"
    x = tirx.Var("x", "bfloat16")
    cast = T.cast(x, "float32")
    assert type(cast).__name__ == "Cast" and str(cast.ty) == "float32"


def test_cast_and_literals_in_kernel_body() -> None:
    @T.prim_func
    def main(A: T.Tensor((32, 32), "bfloat16"), B: T.Tensor((32, 32), "float32")):
        with T.Kernel(1):
            S = T.alloc_shared((32, 32), "bfloat16")
            F = T.alloc_fragment((32, 32), "float32")
            T.copy(A[0, 0], S)
            for i, j in T.Parallel(32, 32):
                F[i, j] = T.max(T.cast(S[i, j], "float32"), T.float32(0))
            T.copy(F, B[0, 0])

    (store,) = nodes_of(main, "BufferStore")
    assert type(store.value).__name__ == "Max"
    cast = store.value.a
    assert type(cast).__name__ == "Cast" and str(cast.ty) == "float32"
    assert type(cast.value).__name__ == "TensorLoad" and str(cast.value.ty) == "bfloat16"
    assert str(store.value.b.ty) == "float32"


def test_params_are_tensors_with_shapes_and_dtypes(gemm: Any) -> None:
    params = [(b.name, [as_int(s) for s in b.shape], str(b.dtype)) for b in gemm.params]
    assert params == [("A", [128, 96], "bfloat16"), ("B", [96, 64], "bfloat16"), ("C", [128, 64], "bfloat16")]


def test_unknown_name_is_reported() -> None:
    with pytest.raises(AttributeError, match=r"unknown TileLang construct T\.no_such_op"):
        _ = T.no_such_op


def test_tvmscript_names_fall_through() -> None:
    assert T.thread_binding is not None and T.sblock is not None
