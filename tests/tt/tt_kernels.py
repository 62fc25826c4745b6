"""Hand-built kernels for the lowering tests (written with the TileLang-compatible frontend).

No ``from __future__ import annotations`` here: the TVMScript parser evaluates the annotations.
"""

from typing import Any

import tvm_ffi

from ttmigrate.frontend import T
from ttmigrate.tt import lower


def gemm(
    m: int, n: int, k: int, bm: int = 32, bn: int = 32, bk: int = 32, *, transpose_b: bool = False
) -> Any:
    b_shape = (n, k) if transpose_b else (k, n)
    b_block = (bn, bk) if transpose_b else (bk, bn)

    @T.prim_func
    def main(
        A: T.Tensor((m, k), "bfloat16"),
        B: T.Tensor(b_shape, "bfloat16"),
        C: T.Tensor((m, n), "bfloat16"),
    ):
        with T.Kernel(T.ceildiv(n, bn), T.ceildiv(m, bm), threads=128) as (bx, by):
            A_shared = T.alloc_shared((bm, bk), "bfloat16")
            B_shared = T.alloc_shared(b_block, "bfloat16")
            C_local = T.alloc_fragment((bm, bn), "float32")
            T.clear(C_local)
            for ko in T.Pipelined(T.ceildiv(k, bk), num_stages=2):
                T.copy(A[by * bm, ko * bk], A_shared)
                if transpose_b:
                    T.copy(B[bx * bn, ko * bk], B_shared)
                else:
                    T.copy(B[ko * bk, bx * bn], B_shared)
                T.gemm(A_shared, B_shared, C_local, transpose_B=transpose_b)
            T.copy(C_local, C[by * bm, bx * bn])

    return main


def lowered(func: Any, **kwargs: Any) -> Any:
    return lower(func, **kwargs)["main"]


def annotations(func: Any, key: str | None = None) -> list[Any]:
    """The tt.* AttrStmts of a lowered function (or of one statement), in program order."""
    found: list[Any] = []

    def visit(node: Any) -> None:
        if type(node).__name__ == "AttrStmt" and (key is None or node.attr_key == key):
            found.append(node)

    tvm_ffi.structural_walk(func.body if type(func).__name__ == "PrimFunc" else func, visit)
    return found


def loops(func: Any) -> list[Any]:
    found: list[Any] = []

    def visit(node: Any) -> None:
        if type(node).__name__ == "For":
            found.append(node)

    tvm_ffi.structural_walk(func.body, visit)
    return found[::-1]  # outermost first (the walk visits children before parents)


def exprs(values: Any) -> list[str]:
    return [str(v) for v in values]


def to_py(value: Any) -> Any:
    """ffi containers as Python lists/dicts (IR nodes stay as they are)."""
    kind = type(value).__name__
    if kind in ("Array", "list", "tuple"):
        return [to_py(v) for v in value]
    if kind in ("Map", "dict"):
        return {str(k): to_py(v) for k, v in value.items()}
    if kind == "String":
        return str(value)
    return value
