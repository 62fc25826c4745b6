"""The constructs of reductions, softmax, norms, SFPU and scalar ops, pipelines and FlashAttention
build the IR TileLang 0.1.15 builds (issues 13 and 16, frontend half).

What each test pins was read off real TileLang's IR of the probe kernels
(tests/corpus/data/tilelang_0_1_15/probes/, captured by ``tox -e tilelang``); the whole-kernel
comparison with those captures is in test_frontend_probe_parity.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from tvm import tirx

from ttmigrate.frontend import T, ops, scalars
from ttmigrate.frontend.gemm_policy import policy_value

from .frontend_irwalk import as_int, nodes_of, region_parts, sblock, tile_calls

SERIAL = int(tirx.ForKind.SERIAL)


def _op(node: Any) -> str:
    assert type(node).__name__ == "Call", node
    return str(node.op.name)


def _stores(func: Any, buffer: str) -> list[Any]:
    return [s for s in nodes_of(func, "BufferStore") if s.buffer.name == buffer]


# --- T.GemmWarpPolicy and T.gemm --------------------------------------------------------------


def test_gemm_warp_policy_has_tilelangs_members() -> None:
    assert {m.name: int(m) for m in T.GemmWarpPolicy} == {"Square": 0, "FullRow": 1, "FullCol": 2}
    assert T.GemmWarpPolicy.FullRow.is_full_row() and not T.GemmWarpPolicy.FullRow.is_square()
    assert T.GemmWarpPolicy.FullCol.is_full_col() and T.GemmWarpPolicy.Square.is_square()


def _gemm(policy: Any = None, clear_accum: bool = False) -> Any:
    kwargs: dict[str, Any] = {} if policy is None else {"policy": policy}

    @T.prim_func
    def main(Q: T.Tensor((64, 64), "bfloat16"), K: T.Tensor((64, 64), "bfloat16")):
        with T.Kernel(1, threads=128):
            Q_s = T.alloc_shared((64, 64), "bfloat16")
            K_s = T.alloc_shared((64, 64), "bfloat16")
            S = T.alloc_fragment((64, 64), "float32")
            T.copy(Q[0, 0], Q_s)
            T.copy(K[0, 0], K_s)
            T.gemm(Q_s, K_s, S, transpose_B=True, clear_accum=clear_accum, **kwargs)

    return main


@pytest.mark.parametrize(
    ("policy", "value"),
    [(None, 0), (T.GemmWarpPolicy.Square, 0), (T.GemmWarpPolicy.FullRow, 1), (T.GemmWarpPolicy.FullCol, 2)],
)
def test_gemm_records_the_policy_as_an_int32_operand(policy: Any, value: int) -> None:
    (call,) = tile_calls(_gemm(policy), "gemm")
    recorded = call.args[8]  # A, B, C, trans_A, trans_B, M, N, K, policy, clear_accum, mbar, C row, C col
    assert (type(recorded).__name__, str(recorded.ty), int(recorded.value)) == ("IntImm", "int32", value)
    assert [as_int(a) for a in call.args[3:8]] == [0, 1, 64, 64, 64]
    assert len(call.args) == 13


def test_gemm_clear_accum_makes_c_write_only() -> None:
    """As TileLang's _gemm_dense_slots: C is "w" with clear_accum=True, "rw" otherwise."""
    (accumulate,) = tile_calls(_gemm(), "gemm")
    (overwrite,) = tile_calls(_gemm(clear_accum=True), "gemm")
    assert region_parts(accumulate.args[2])[2] == ops.ACCESS_READ_WRITE
    assert region_parts(overwrite.args[2])[2] == ops.ACCESS_WRITE
    assert (as_int(accumulate.args[9]), as_int(overwrite.args[9])) == (0, 1)


def test_gemm_rejects_an_unknown_policy() -> None:
    assert policy_value(1) == 1
    with pytest.raises(
        ValueError, match=r"policy=7 is not a T.GemmWarpPolicy \(Square=0, FullRow=1, FullCol=2\)"
    ):
        policy_value(7)


# --- T.infinity, T.if_then_else ---------------------------------------------------------------


def test_infinity_is_a_tl_infinity_call_and_its_negation_a_mul() -> None:
    inf = T.infinity("float32")
    assert (_op(inf), str(inf.ty), [a.value for a in inf.args]) == ("tl.infinity", "float32", ["float32"])
    assert scalars.is_infinity(inf)
    neg = -T.infinity("float32")
    assert type(neg).__name__ == "Mul" and scalars.is_infinity(neg.a)
    assert (type(neg.b).__name__, str(neg.b.ty), float(neg.b.value)) == ("FloatImm", "float32", -1.0)
    assert str(neg) == 'T.infinity("float32") * T.float32(-1.0)'


def test_fill_with_minus_infinity_keeps_the_call() -> None:
    @T.prim_func
    def main(A: T.Tensor((32,), "float32")):
        with T.Kernel(1):
            m = T.alloc_fragment((32,), "float32")
            T.fill(m, -T.infinity("float32"))
            T.copy(m, A[0])

    (fill,) = tile_calls(main, "fill")
    value = fill.args[1]
    assert type(value).__name__ == "Mul" and scalars.is_infinity(value.a) and float(value.b.value) == -1.0


def test_if_then_else_on_block_indices_as_in_causal_attention() -> None:
    @T.prim_func
    def main(Out: T.Tensor((64, 64), "float32")):
        with T.Kernel(2) as bx:
            acc = T.alloc_fragment((32, 64), "float32")
            for k in T.serial(2):
                for i, j in T.Parallel(32, 64):
                    acc[i, j] = T.if_then_else(bx * 32 + i >= k * 32 + j, 0, -T.infinity(acc.dtype))
            T.copy(acc, Out[bx * 32, 0])

    (store,) = _stores(main, "acc")
    select = store.value
    assert (_op(select), str(select.ty)) == ("prim.if_then_else", "float32")
    cond, then, other = select.args
    assert type(cond).__name__ == "GE" and str(cond) == "bx * 32 + i >= k * 32 + j"
    # the int 0 becomes the branch's dtype, as in TileLang: T.float32(0.0)
    assert (type(then).__name__, str(then.ty), float(then.value)) == ("FloatImm", "float32", 0.0)
    assert type(other).__name__ == "Mul" and scalars.is_infinity(other.a)


# --- SFPU ops, scalars, casts -----------------------------------------------------------------


def _eltwise(body: Any) -> Any:
    """The store of a one-statement T.Parallel body over float32 x (and a bf16 weight w)."""

    @T.prim_func
    def main(A: T.Tensor((32, 32), "bfloat16"), W: T.Tensor((32,), "bfloat16")):
        with T.Kernel(1):
            A_s = T.alloc_shared((32, 32), "bfloat16")
            w = T.alloc_shared((32,), "bfloat16")
            x = T.alloc_fragment((32, 32), "float32")
            T.copy(A[0, 0], A_s)
            T.copy(W, w)
            T.copy(A_s, x)
            for i, j in T.Parallel(32, 32):
                x[i, j] = body(x, w, i, j)
            T.copy(x, A[0, 0])

    (store,) = _stores(main, "x")
    return store.value


@pytest.mark.parametrize(
    ("body", "printed", "ops_outside_in"),
    [
        (lambda x, w, i, j: T.exp(x[i, j]), "T.exp(x[i, j])", ["tirx.exp"]),
        (lambda x, w, i, j: T.exp2(x[i, j]), "T.exp2(x[i, j])", ["tirx.exp2"]),
        (lambda x, w, i, j: T.log(x[i, j]), "T.log(x[i, j])", ["tirx.log"]),
        (lambda x, w, i, j: T.log2(x[i, j]), "T.log2(x[i, j])", ["prim.log2"]),
        (lambda x, w, i, j: T.sqrt(x[i, j]), "T.sqrt(x[i, j])", ["tirx.sqrt"]),
        (lambda x, w, i, j: T.rsqrt(x[i, j]), "T.rsqrt(x[i, j])", ["tirx.rsqrt"]),
        (lambda x, w, i, j: T.sigmoid(x[i, j]), "T.sigmoid(x[i, j])", ["tirx.sigmoid"]),
        (lambda x, w, i, j: T.tanh(x[i, j]), "T.tanh(x[i, j])", ["tirx.tanh"]),
        (
            lambda x, w, i, j: T.log(T.exp2(T.sigmoid(x[i, j]))),
            "T.log(T.exp2(T.sigmoid(x[i, j])))",
            ["tirx.log", "tirx.exp2", "tirx.sigmoid"],
        ),
    ],
)
def test_sfpu_ops_are_tvm_intrinsic_calls(body: Any, printed: str, ops_outside_in: list[str]) -> None:
    value = _eltwise(body)
    assert str(value) == printed
    chain = []
    while type(value).__name__ == "Call":
        chain.append(_op(value))
        (value,) = value.args
    assert chain == ops_outside_in
    assert type(value).__name__ == "TensorLoad" and value.source.name == "x"


@pytest.mark.parametrize(
    ("body", "printed", "node", "const_side"),
    [
        (lambda x, w, i, j: x[i, j] * 0.5, "x[i, j] * T.float32(0.5)", "Mul", "b"),
        (lambda x, w, i, j: x[i, j] + 0.25, "x[i, j] + T.float32(0.25)", "Add", "b"),
        (lambda x, w, i, j: 2.0 - x[i, j], "T.float32(2.0) - x[i, j]", "Sub", "a"),
        (lambda x, w, i, j: x[i, j] / 4.0, "x[i, j] / T.float32(4.0)", "Div", "b"),
        (lambda x, w, i, j: x[i, j] / 256, "x[i, j] / T.float32(256.0)", "Div", "b"),  # an int N, as in x / N
        (lambda x, w, i, j: 1.0 / x[i, j], "T.float32(1.0) / x[i, j]", "Div", "a"),  # reciprocal
        (lambda x, w, i, j: T.exp(x[i, j]) * T.float32(0.5), "T.exp(x[i, j]) * T.float32(0.5)", "Mul", "b"),
    ],
)
def test_scalar_operands_are_float32_immediates(body: Any, printed: str, node: str, const_side: str) -> None:
    value = _eltwise(body)
    assert (type(value).__name__, str(value)) == (node, printed)
    const = getattr(value, const_side)
    assert (type(const).__name__, str(const.ty)) == ("FloatImm", "float32")


def test_elementwise_max_min_of_two_tensors() -> None:
    value = _eltwise(lambda x, w, i, j: T.max(x[i, j], x[j, i]) - T.min(x[i, j], x[j, i]))
    assert type(value).__name__ == "Sub"
    assert (type(value.a).__name__, type(value.b).__name__) == ("Max", "Min")
    assert str(value) == "T.max(x[i, j], x[j, i]) - T.min(x[i, j], x[j, i])"


def test_casts_between_bfloat16_and_float32() -> None:
    wide = _eltwise(lambda x, w, i, j: T.Cast("float32", w[j]))
    assert (type(wide).__name__, str(wide.ty), str(wide.value.ty)) == ("Cast", "float32", "bfloat16")
    # .astype builds the same Cast node (T.Cast("bfloat16", ...) in TileLang's print)
    narrow = (tirx.Var("v", "float32") * 2.0).astype("bfloat16")
    assert (type(narrow).__name__, str(narrow.ty)) == ("Cast", "bfloat16")


def test_a_bfloat16_operand_of_a_float32_expression_is_cast_as_in_tilelang() -> None:
    """RMSNorm's x * r * W_shared[j]: TileLang prints T.Cast("float32", W_shared[j])."""
    value = _eltwise(lambda x, w, i, j: x[i, j] * w[j])
    assert str(value) == 'x[i, j] * T.Cast("float32", w[j])'


# --- lets, loops ------------------------------------------------------------------------------


def test_min_max_assignments_are_lets_as_in_tilelang() -> None:
    """``lo = T.max(...)`` is a Bind (TileLang's let), not apache-tvm's mutable scalar buffer."""

    @T.prim_func
    def main(A: T.Tensor((128, 32), "float32"), B: T.Tensor((128, 32), "float32")):
        with T.Kernel(4) as bx:
            acc = T.alloc_fragment((32, 32), "float32")
            lo = T.max(bx - 1, 0)
            hi = T.min(bx + 2, 4)
            T.clear(acc)
            for k in T.serial(lo, hi):
                T.copy(A[k * 32, 0], acc)
            T.copy(acc, B[bx * 32, 0])

    binds = {b.var.name: b for b in nodes_of(main, "Bind")}
    assert (type(binds["lo"].value).__name__, str(binds["lo"].value)) == ("Max", "T.max(bx - 1, 0)")
    assert (type(binds["hi"].value).__name__, str(binds["hi"].value)) == ("Min", "T.min(bx + 2, 4)")
    assert not [a for a in nodes_of(main, "AllocBuffer")]  # no scalar buffers
    assert [b.name for b in sblock(main, "tilelang_root").alloc_buffers] == ["acc"]
    (loop,) = [f for f in nodes_of(main, "For") if int(f.kind) == SERIAL]
    assert loop.min.same_as(binds["lo"].var)
    assert str(loop.extent) == "hi - lo"


def test_causal_loop_range_is_a_min_let_over_ceildivs() -> None:
    @T.prim_func
    def main(A: T.Tensor((128, 64), "float32")):
        with T.Kernel(2) as bx:
            S = T.alloc_shared((64, 64), "float32")
            loop_range = T.min(T.ceildiv(128, 64), T.ceildiv((bx + 1) * 64, 64))
            for k in T.Pipelined(loop_range, num_stages=1):
                T.copy(A[k * 64, 0], S)

    (bind,) = [b for b in nodes_of(main, "Bind") if b.var.name == "loop_range"]
    # TileLang prints T.min(2, ((bx + 1) * 64 + 64 - 1) // 64): ceildiv of ints folds, of an expr expands
    assert str(bind.value) == "T.min(2, ((bx + 1) * 64 + 64 - 1) // 64)"
    (loop,) = [f for f in nodes_of(main, "For") if int(f.kind) == SERIAL]
    assert loop.extent.same_as(bind.var) and dict(loop.annotations) == {"num_stages": 1}


def test_reassigning_a_let_binds_a_new_one() -> None:
    @T.prim_func
    def main(A: T.Tensor((8,), "int32")):
        with T.Kernel(1) as bx:
            n = T.max(bx, 1)
            n = n + 1
            A[0] = n

    binds = [b for b in nodes_of(main, "Bind") if b.var.name == "n"]
    assert [str(b.value) for b in binds] == ["T.max(bx, 1)", "n + 1"]
    assert not binds[0].var.same_as(binds[1].var)


def test_augmented_assignment_is_a_store_of_the_binary_op() -> None:
    @T.prim_func
    def main(Out: T.Tensor((32, 32), "float32")):
        with T.Kernel(1):
            acc = T.alloc_fragment((32, 32), "float32")
            scale = T.alloc_fragment((32,), "float32")
            for i, j in T.Parallel(32, 32):
                acc[i, j] *= scale[i]
            for i, j in T.Parallel(32, 32):
                acc[i, j] /= scale[i]
            T.copy(acc, Out[0, 0])

    assert [str(s.value) for s in _stores(main, "acc")] == ["acc[i, j] * scale[i]", "acc[i, j] / scale[i]"]


def test_pipelined_records_its_stages_on_a_serial_loop() -> None:
    """As TileLang's tl.Pipelined frame: num_stages only when > 0, order/stage only when given."""

    @T.prim_func
    def main(A: T.Tensor((256, 32), "bfloat16")):
        with T.Kernel(1):
            S = T.alloc_shared((32, 32), "bfloat16")
            for k in T.Pipelined(8, num_stages=3):
                T.copy(A[k * 32, 0], S)
            for k in T.Pipelined(8):
                T.copy(A[k * 32, 0], S)
            for k in T.Pipelined(2, 8, num_stages=2, annotations={"note": 1}):
                T.copy(A[k * 32, 0], S)
            for k in T.Pipelined(8, order=[1, 0], stage=[0, 1]):
                T.copy(A[k * 32, 0], S)

    loops = [f for f in nodes_of(main, "For") if int(f.kind) == SERIAL]
    summary = [
        (as_int(f.min), as_int(f.extent), {k: _annotation(v) for k, v in f.annotations.items()})
        for f in loops
    ]
    assert summary == [
        (0, 8, {"num_stages": 3}),
        (0, 8, {}),  # num_stages=0: no pipelining, a plain serial loop
        (2, 6, {"note": 1, "num_stages": 2}),
        (0, 8, {"tl_pipeline_order": [1, 0], "tl_pipeline_stage": [0, 1]}),
    ]


def _annotation(value: Any) -> Any:
    return [as_int(v) for v in value] if hasattr(value, "__len__") else as_int(value)


# --- reductions -------------------------------------------------------------------------------


def _reduce_summary(call: Any) -> tuple[Any, ...]:
    src, dst = region_parts(call.args[0]), region_parts(call.args[1])
    return (
        src[0],
        src[3],
        dst[0],
        dst[2],
        dst[3],
        call.args[2].value,
        as_int(call.args[3]),
        as_int(call.args[4]),
    )


def test_reductions_over_both_dims_keep_dims_and_clear() -> None:
    @T.prim_func
    def main(A: T.Tensor((32, 64), "float32")):
        with T.Kernel(1):
            x = T.alloc_fragment((32, 64), "float32")
            row = T.alloc_fragment((32,), "float32")
            row_kept = T.alloc_fragment((32, 1), "float32")
            col = T.alloc_fragment((64,), "float32")
            col_kept = T.alloc_fragment((1, 64), "float32")
            T.copy(A[0, 0], x)
            T.fill(row, -T.infinity("float32"))
            T.reduce_max(x, row, dim=1, clear=False)
            T.reduce_sum(x, row_kept, dim=1)
            T.reduce_sum(x, col, dim=0, clear=True)
            T.reduce_max(x, col_kept, dim=0)

    assert [_reduce_summary(c) for c in tile_calls(main, "reduce")] == [
        ("x", [32, 64], "row", ops.ACCESS_WRITE, [32], "max", 1, 0),
        ("x", [32, 64], "row_kept", ops.ACCESS_WRITE, [32, 1], "sum", 1, 1),
        ("x", [32, 64], "col", ops.ACCESS_WRITE, [64], "sum", 0, 1),
        ("x", [32, 64], "col_kept", ops.ACCESS_WRITE, [1, 64], "max", 0, 1),
    ]


def test_reduce_rejects_a_shape_that_is_neither_dropped_nor_kept() -> None:
    with pytest.raises(Exception, match=r"expected \(32,\) or \(32, 1\)"):

        @T.prim_func
        def main(A: T.Tensor((32, 64), "float32")):
            with T.Kernel(1):
                x = T.alloc_fragment((32, 64), "float32")
                bad = T.alloc_fragment((32, 2), "float32")
                T.copy(A[0, 0], x)
                T.reduce_sum(x, bad, dim=1)


def test_shared_operands_are_staged_through_fragments_as_in_tilelang() -> None:
    """TileLang's reduce macro: shared input -> fresh `<name>_frag` fragment; shared output ->
    fragment (its current values copied in first when clear=False), then copied back."""

    @T.prim_func
    def main(A: T.Tensor((32, 64), "float32")):
        with T.Kernel(1):
            A_s = T.alloc_shared((32, 64), "float32")
            out_s = T.alloc_shared((64,), "float32")
            T.copy(A[0, 0], A_s)
            T.reduce_max(A_s, out_s, dim=0, clear=False)

    root = sblock(main, "tilelang_root")
    assert [(b.name, b.scope(), [as_int(e) for e in b.shape]) for b in root.alloc_buffers] == [
        ("A_s", "shared.dyn", [32, 64]),
        ("out_s", "shared.dyn", [64]),
        ("A_s_frag", "local.fragment", [32, 64]),
        ("out_s_frag", "local.fragment", [64]),
    ]
    steps = []
    for call in nodes_of(main, "Call"):
        if ops.is_tile_op(call, "copy"):
            steps.append(("copy", region_parts(call.args[0])[0], region_parts(call.args[1])[0]))
        elif ops.is_tile_op(call, "reduce"):
            steps.append(("reduce", region_parts(call.args[0])[0], region_parts(call.args[1])[0]))
    assert steps == [
        ("copy", "A", "A_s"),
        ("copy", "out_s", "out_s_frag"),  # clear=False: the running values come in first
        ("copy", "A_s", "A_s_frag"),
        ("reduce", "A_s_frag", "out_s_frag"),
        ("copy", "out_s_frag", "out_s"),
    ]


def test_reduce_refuses_a_scope_mix_tilelang_refuses() -> None:
    with pytest.raises(Exception, match=r"cannot reduce x \(local\) into r \(local.fragment\)"):

        @T.prim_func
        def main(A: T.Tensor((4, 8), "float32")):
            with T.Kernel(1):
                x = T.alloc_local((4, 8), "float32")
                r = T.alloc_fragment((4,), "float32")
                x[0, 0] = A[0, 0]
                T.reduce_sum(x, r, dim=1)


def test_min_absmax_abssum_reductions_carry_their_kind() -> None:
    @T.prim_func
    def main(A: T.Tensor((32, 64), "float32")):
        with T.Kernel(1):
            x = T.alloc_fragment((32, 64), "float32")
            r = T.alloc_fragment((32,), "float32")
            T.copy(A[0, 0], x)
            T.reduce_min(x, r, dim=1)
            T.reduce_absmax(x, r, dim=1, clear=False)
            T.reduce_abssum(x, r, dim=1)

    kinds = [(c.args[2].value, as_int(c.args[4])) for c in tile_calls(main, "reduce")]
    assert kinds == [("min", 1), ("absmax", 0), ("abssum", 1)]


def test_scoped_buffer_annotations_default_their_scope() -> None:
    assert T.SharedBuffer([64, 64], "bfloat16").scope() == "shared.dyn"
    assert T.FragmentBuffer([64], "float32").scope() == "local.fragment"
    assert T.LocalBuffer((4,), "float32").scope() == "local"
    assert T.FragmentBuffer((64, 64), "float32", scope="local.fragment.x").scope() == "local.fragment.x"
    indexed = T.FragmentBuffer[(64,), "float32"]
    assert ([as_int(s) for s in indexed.shape], str(indexed.dtype)) == ([64], "float32")


def test_macros_with_scoped_parameters_inline_into_the_kernel() -> None:
    """FlashAttention's Rescale macro, as TileLang's example writes it."""

    @T.macro
    def rescale(acc: T.FragmentBuffer([32, 32], "float32"), scale: T.FragmentBuffer([32], "float32")):
        for i, j in T.Parallel(32, 32):
            acc[i, j] *= scale[i]

    @T.prim_func
    def main(Out: T.Tensor((32, 32), "float32")):
        with T.Kernel(1):
            acc = T.alloc_fragment((32, 32), "float32")
            scale = T.alloc_fragment((32,), "float32")
            T.fill(acc, 1.0)
            T.fill(scale, 0.5)
            rescale(acc, scale)
            T.copy(acc, Out[0, 0])

    (store,) = _stores(main, "acc")
    assert str(store.value) == "acc[i, j] * scale[i]"
    assert [b.name for b in sblock(main, "tilelang_root").alloc_buffers] == ["acc", "scale"]
