"""What cannot be lowered stops with structured diagnostics: kind, node, and where."""

from pathlib import Path

import pytest
from tt_kernels import lowered
from tvm import tirx

from ttmigrate.frontend import T
from ttmigrate.tt import LoweringError

HERE = Path(__file__).resolve()


def line_of(marker: str) -> int:
    lines = HERE.read_text().splitlines()
    (number,) = [n for n, text in enumerate(lines, start=1) if text.rstrip().endswith(f"# {marker}")]
    return number


@T.prim_func
def branch_on_values(A: T.Tensor((64, 64), "bfloat16"), C: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2, 2, threads=128) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        C_l = T.alloc_fragment((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        for i, j in T.Parallel(32, 32):
            if A_s[i, j] > T.bfloat16(0):  # BRANCH
                C_l[i, j] = A_s[i, j]
        T.copy(C_l, C[by * 32, bx * 32])


@T.prim_func
def dram_to_dram(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(1, threads=128):
        T.copy(A[0:32, 0:32], B[0:32, 0:32])  # DRAM_COPY


@T.prim_func
def two_problems(A: T.Tensor((64, 64), "bfloat16"), C: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2, 2, threads=128) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        C_l = T.alloc_fragment((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        for i, j in T.Parallel(32, 32):
            C_l[i, j] = T.min(A_s[i, j], T.bfloat16(1))  # MIN
        for i, j in T.Parallel(32, 32):
            C_l[i, j] = C_l[i, j] + A[i, j]  # GLOBAL_READ
        T.copy(C_l, C[by * 32, bx * 32])


@T.prim_func
def partial_fill(C: T.Tensor((64, 64), "float32")):
    with T.Kernel(2, 2, threads=128) as (bx, by):
        C_l = T.alloc_fragment((64, 64), "float32")
        T.fill(C_l[0:32, 0:32], 1.0)  # PARTIAL
        T.copy(C_l[0:32, 0:32], C[by * 32, bx * 32])


def _only(err: pytest.ExceptionInfo) -> object:
    assert len(err.value.diagnostics) == 1, err.value
    return err.value.diagnostics[0]


def test_data_dependent_branch():
    with pytest.raises(LoweringError) as err:
        lowered(branch_on_values)
    diag = _only(err)
    assert diag.kind == "data-dependent-branch"
    assert type(diag.node).__name__ == "IfThenElse"
    assert diag.location == f"{HERE}:{line_of('BRANCH')}"
    assert "A_s" in diag.message
    assert diag.ir_path == "main/SeqStmt[2]/For(wu)/SeqStmt[3]/For(i)/For(j)"


def test_copy_between_two_dram_buffers():
    with pytest.raises(LoweringError) as err:
        lowered(dram_to_dram)
    diag = _only(err)
    assert diag.kind == "copy-global-to-global"
    assert diag.location == f"{HERE}:{line_of('DRAM_COPY')}"
    assert "`A`" in diag.message and "`B`" in diag.message


def test_every_problem_is_reported_at_once():
    with pytest.raises(LoweringError) as err:
        lowered(two_problems)
    found = [(d.kind, d.location) for d in err.value.diagnostics]
    assert found == [
        ("unsupported-eltwise-op", f"{HERE}:{line_of('MIN')}"),
        ("global-access-in-compute", f"{HERE}:{line_of('GLOBAL_READ')}"),
    ]
    assert "tirx.min" in err.value.diagnostics[0].message or "Min" in err.value.diagnostics[0].message
    text = str(err.value)
    assert "[unsupported-eltwise-op]" in text and "[global-access-in-compute]" in text
    assert "Traceback" not in text


def test_partial_tile_buffer():
    with pytest.raises(LoweringError) as err:
        lowered(partial_fill)
    kinds = [d.kind for d in err.value.diagnostics]
    assert kinds == ["partial-tile-buffer", "partial-tile-buffer"]
    assert err.value.diagnostics[0].location == f"{HERE}:{line_of('PARTIAL')}"


def test_a_node_without_span_is_located_by_its_tvmscript_path():
    """Hand-built TIR carries no spans: the location is the node's path in the lowered TVMScript."""
    A = tirx.decl_buffer((32, 32), "bfloat16", name="A")
    A_s = tirx.decl_buffer((32, 32), "bfloat16", name="A_s", scope="shared.dyn")
    bx, k = tirx.Var("bx", "int32"), tirx.Var("k", "int32")
    branch = tirx.IfThenElse(
        A_s[0, 0] > tirx.const(0, "bfloat16"), tirx.Evaluate(tirx.const(0, "int32")), None
    )
    inner = tirx.For(
        k, 0, 2, tirx.ForKind.SERIAL, tirx.SeqStmt([tirx.Evaluate(tirx.const(0, "int32")), branch])
    )
    thread = tirx.IterVar(None, bx, tirx.IterVar.ThreadIndex, "blockIdx.x")
    launch = tirx.For(
        bx,
        0,
        1,
        tirx.ForKind.THREAD_BINDING,
        tirx.SeqStmt([tirx.AllocBuffer(A_s), inner]),
        thread_binding=thread,
    )
    func = tirx.PrimFunc([A], launch)
    with pytest.raises(LoweringError) as err:
        lowered(func)
    diag = _only(err)
    assert diag.kind == "data-dependent-branch"
    assert diag.node.same_as(branch)
    assert diag.location == diag.ir_path == "main/For(wu)/SeqStmt[2]/For(k)/SeqStmt[1]"
