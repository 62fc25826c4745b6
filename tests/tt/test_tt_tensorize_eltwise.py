"""Tensorize of element-wise nests, fills and reductions: the operator tree is read from the IR."""

import pytest
from tt_kernels import annotations, loops, lowered, to_py

from ttmigrate.frontend import T
from ttmigrate.tt import LoweringError

# Three kernels that differ only in the operator of the store.


@T.prim_func
def add(
    A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16"), C: T.Tensor((64, 64), "bfloat16")
):
    with T.Kernel(2, 2, threads=128) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        B_s = T.alloc_shared((32, 32), "bfloat16")
        C_l = T.alloc_fragment((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(B[by * 32, bx * 32], B_s)
        for i, j in T.Parallel(32, 32):
            C_l[i, j] = A_s[i, j] + B_s[i, j]
        T.copy(C_l, C[by * 32, bx * 32])


@T.prim_func
def sub(
    A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16"), C: T.Tensor((64, 64), "bfloat16")
):
    with T.Kernel(2, 2, threads=128) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        B_s = T.alloc_shared((32, 32), "bfloat16")
        C_l = T.alloc_fragment((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(B[by * 32, bx * 32], B_s)
        for i, j in T.Parallel(32, 32):
            C_l[i, j] = A_s[i, j] - B_s[i, j]
        T.copy(C_l, C[by * 32, bx * 32])


@T.prim_func
def mul(
    A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16"), C: T.Tensor((64, 64), "bfloat16")
):
    with T.Kernel(2, 2, threads=128) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        B_s = T.alloc_shared((32, 32), "bfloat16")
        C_l = T.alloc_fragment((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(B[by * 32, bx * 32], B_s)
        for i, j in T.Parallel(32, 32):
            C_l[i, j] = A_s[i, j] * B_s[i, j]
        T.copy(C_l, C[by * 32, bx * 32])


@T.prim_func
def mixed(
    A: T.Tensor((64, 64), "bfloat16"),
    r: T.Tensor((64,), "bfloat16"),
    c: T.Tensor((64, 1), "bfloat16"),
    C: T.Tensor((64, 64), "float32"),
):
    with T.Kernel(2, 2, threads=128) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        r_s = T.alloc_shared((32,), "bfloat16")
        c_s = T.alloc_shared((32, 1), "bfloat16")
        C_l = T.alloc_fragment((32, 32), "float32")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(r[bx * 32], r_s)
        T.copy(c[by * 32, 0], c_s)
        for i, j in T.Parallel(32, 32):
            C_l[i, j] = T.exp(T.cast(A_s[i, j], "float32")) * T.float32(2.0)
        for i, j in T.Parallel(32, 32):
            C_l[i, j] = T.max(C_l[i, j] - T.cast(r_s[j], "float32"), T.float32(0))
        for i, j in T.Parallel(32, 32):
            C_l[i, j] = T.max(C_l[i, j], T.cast(c_s[i, 0], "float32")) / T.cast(c_s[i, 0], "float32")
        T.copy(C_l, C[by * 32, bx * 32])


@T.prim_func
def row_softmax_parts(
    A: T.Tensor((64, 128), "bfloat16"), S: T.Tensor((64,), "bfloat16"), B: T.Tensor((64, 128), "bfloat16")
):
    with T.Kernel(2, threads=128) as bx:
        A_s = T.alloc_shared((32, 128), "bfloat16")
        A_l = T.alloc_fragment((32, 128), "float32")
        m = T.alloc_fragment((32,), "float32")
        s = T.alloc_fragment((32,), "float32")
        T.copy(A[bx * 32, 0], A_s)
        T.copy(A_s, A_l)
        T.reduce_max(A_l, m, dim=1, clear=True)
        for i, j in T.Parallel(32, 128):
            A_l[i, j] = T.exp(A_l[i, j] - m[i])
        T.reduce_sum(A_l, s, dim=1, clear=False)
        T.copy(s, S[bx * 32])
        T.copy(A_l, B[bx * 32, 0])


def _eltwise(func):
    return [to_py(a.node["expr"]) for a in annotations(func, "tt.eltwise")]


def test_operator_read_from_the_ir():
    nodes = {}
    for name, func in (("add", add), ("sub", sub), ("mul", mul)):
        (node,) = [a.node for a in annotations(lowered(func), "tt.eltwise")]
        assert to_py(node["expr"]) == [name, ["cb", 0, "A_s", "none"], ["cb", 1, "B_s", "none"]]
        assert (node["out"].name, int(node["out_cb"]), to_py(node["tiles"]), bool(node["in_place"])) == (
            "C_l",
            16,
            [1, 1],
            False,
        )
        nodes[name] = node
    # the three lowered nests differ exactly in the operator
    rest = [{k: str(v) for k, v in n.items() if k != "expr"} for n in nodes.values()]
    assert rest[0] == rest[1] == rest[2]
    tails = [to_py(n["expr"])[1:] for n in nodes.values()]
    assert tails[0] == tails[1] == tails[2]


def test_unary_cast_const_relu_max_div_and_broadcasts():
    func = lowered(mixed)
    leaf_a, leaf_r, leaf_c = ["cb", 0, "A_s", "none"], ["cb", 1, "r_s", "row"], ["cb", 2, "c_s", "col"]
    out = ["cb", 16, "C_l", "none"]
    assert _eltwise(func) == [
        ["mul_scalar", ["exp", ["cast", leaf_a]], ["const", 2.0]],
        ["relu", ["sub", out, ["cast", leaf_r]]],
        ["div", ["max", out, ["cast", leaf_c]], ["cast", leaf_c]],
    ]
    assert [bool(a.node["in_place"]) for a in annotations(func, "tt.eltwise")] == [False, True, True]


def test_reductions_and_tile_to_tile_copy():
    func = lowered(row_softmax_parts)
    keys = [str(a.attr_key) for a in annotations(func)]
    assert keys == ["tt.copy", "tt.eltwise", "tt.reduce", "tt.eltwise", "tt.reduce", "tt.copy", "tt.copy"]
    cbs = {str(e["name"]): int(e["cb_id"]) for e in func.attrs["tt_circular_buffers"]}
    assert cbs == {"A_s": 0, "reduce_scaler": 1, "A_l": 16, "s": 17, "m": 24}
    (scaler,) = [e for e in func.attrs["tt_circular_buffers"] if str(e["role"]) == "scaler"]
    assert (int(scaler["num_pages"]), str(scaler["dtype"]), to_py(scaler["tiles"])) == (1, "bfloat16", [1, 1])
    copy_in, exp_nest = annotations(func, "tt.eltwise")
    assert to_py(copy_in.node["expr"]) == ["cast", ["cb", 0, "A_s", "none"]]
    assert to_py(exp_nest.node["expr"]) == ["exp", ["sub", ["cb", 16, "A_l", "none"], ["cb", 24, "m", "col"]]]
    rmax, rsum = annotations(func, "tt.reduce")
    assert {k: (v.name if hasattr(v, "name") else to_py(v)) for k, v in rmax.node.items()} == {
        "kind": "max",
        "in_cb": 16,
        "out_cb": 24,
        "in": "A_l",
        "out": "m",
        "dim": 1,
        "clear": True,
        "tiles": [1, 4],
        "scaler_cb": 1,
        "scaler": 1.0,
        "scaler_tile": 0,
    }
    assert (str(rsum.node["kind"]), int(rsum.node["out_cb"]), bool(rsum.node["clear"])) == ("sum", 17, False)
    copy_s = annotations(func, "tt.copy")[1]
    assert ([str(e) for e in copy_s.node["tile_index"]], to_py(copy_s.node["tiles"])) == (["bx"], [1, 1])


@pytest.mark.parametrize("func", [add, sub, mul, mixed, row_softmax_parts])
def test_eltwise_kernels_validate(func):
    assert bool(lowered(func).attrs["tt_ir_validated"])


@T.prim_func
def repeated_scale(A: T.Tensor((32, 64), "float32"), C: T.Tensor((32, 64), "float32")):
    with T.Kernel(2, threads=128) as bx:
        A_s = T.alloc_shared((32, 32), "float32")
        T.copy(A[0, bx * 32], A_s)
        for _r in T.serial(3):
            for i, j in T.Parallel(32, 32):
                A_s[i, j] = A_s[i, j] * T.float32(0.5)
        T.copy(A_s, C[0, bx * 32])


@T.prim_func
def transposed_store(A: T.Tensor((32, 32), "float32"), C: T.Tensor((32, 32), "float32")):
    with T.Kernel(1, threads=128):
        A_s = T.alloc_shared((32, 32), "float32")
        C_l = T.alloc_fragment((32, 32), "float32")
        T.copy(A[0, 0], A_s)
        for i, j in T.Parallel(32, 32):
            C_l[j, i] = A_s[i, j]
        T.copy(C_l, C[0, 0])


def test_a_serial_loop_around_a_nest_stays_a_loop():
    func = lowered(repeated_scale)
    (r,) = [loop for loop in loops(func) if loop.loop_var.name == "_r"]
    assert (int(r.min), int(r.extent)) == (0, 3)
    (scale,) = annotations(r.body)
    assert str(scale.attr_key) == "tt.eltwise"
    assert to_py(scale.node["expr"]) == ["mul_scalar", ["cb", 0, "A_s", "none"], ["const", 0.5]]
    assert bool(scale.node["in_place"])


def test_a_transposed_store_is_not_element_wise():
    with pytest.raises(LoweringError) as err:
        lowered(transposed_store)
    assert [d.kind for d in err.value.diagnostics] == ["unsupported-eltwise-index"]
