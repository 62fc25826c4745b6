"""The compute kernel's numeric configuration, derived from the lowered IR once for both
emitters (the host's ComputeConfig and the plan's ``compute`` section): the DST mode TileLang's
accumulator dtype asks for, and how a GEMM block is cut to the DST that mode leaves math."""

from __future__ import annotations

from typing import Any

from ttmigrate.tt import contract
from ttmigrate.tt.contract import MatmulOp
from ttmigrate.tt.ir import walk

from .program import CircularBufferSpec, ComputeNumerics


def compute_numerics(func: Any, circular_buffers: tuple[CircularBufferSpec, ...]) -> ComputeNumerics:
    """The DST mode the IR asks for: a float32 fragment (TileLang's ``accum_dtype``, e.g.
    ``T.alloc_fragment(..., "float32")``) or Float32 data means a 32-bit DST (fp32_dest_acc_en);
    otherwise DST keeps 16 bits. Half sync (the default) and HiFi4 always."""
    if getattr(func, "body", None) is None:  # a visitor driven statement by statement (no PrimFunc)
        return ComputeNumerics(fp32_dest_acc_en=any(cb.data_format == "Float32" for cb in circular_buffers))
    fp32 = _float32_fragment(func) or any(cb.data_format == "Float32" for cb in circular_buffers)
    return ComputeNumerics(fp32_dest_acc_en=fp32, accumulation_tiles=_accumulation_tiles(func))


def matmul_subblock(info: MatmulOp, capacity: int) -> tuple[int, int] | None:
    """None when the GEMM's (mt x nt) output block fits the DST math may use; else the (rows, nt)
    output subblock each DST section holds: whole tile rows, so the subblocks leave compute in the
    block's row-major order the writer drains, each with its own K loop (the reader delivers the
    subblock's A rows and all of B per K step). A block whose one tile row exceeds DST raises."""
    if info.mt * info.nt <= capacity:
        return None
    rows = max((r for r in range(1, info.mt + 1) if info.mt % r == 0 and r * info.nt <= capacity), default=0)
    if rows == 0:
        raise ValueError(
            f"a GEMM output block row of {info.nt} tiles exceeds the {capacity}-tile DST (column subblocks "
            "would need out-of-order packing, which this emitter does not emit)"
        )
    return rows, info.nt


def k_loop_matmul(node: Any) -> MatmulOp | None:
    """The matmul inside a GEMM's K loop (a For annotated ``tt.k_loop``), else None."""
    if type(node).__name__ != "For" or "tt.k_loop" not in {str(k) for k in node.annotations}:
        return None
    found: list[MatmulOp] = []

    def visit(inner: Any) -> None:
        if type(inner).__name__ == "AttrStmt" and str(inner.attr_key) == MatmulOp.KEY:
            op = contract.decode(MatmulOp.KEY, inner.node)
            assert isinstance(op, MatmulOp)
            found.append(op)

    walk(node.body, visit)
    return found[0] if len(found) == 1 else None


def _float32_fragment(func: Any) -> bool:
    found: list[bool] = []

    def visit(node: Any) -> None:
        if type(node).__name__ == "AllocBuffer":
            buffer = node.buffer
            if str(buffer.scope()).startswith("local") and str(buffer.dtype) == "float32":
                found.append(True)

    walk(func.body, visit)
    return bool(found)


def _accumulation_tiles(func: Any) -> int:
    """K tiles a GEMM accumulates per output tile: the matmul's kt times its K loop's trip count."""
    best = 0

    def visit(node: Any) -> None:
        nonlocal best
        if type(node).__name__ == "AttrStmt" and str(node.attr_key) == MatmulOp.KEY:
            op = contract.decode(MatmulOp.KEY, node.node)
            assert isinstance(op, MatmulOp)
            best = max(best, op.kt)
        info = k_loop_matmul(node)
        extent = getattr(getattr(node, "extent", None), "value", None)
        if info is not None and isinstance(extent, int):
            best = max(best, info.kt * extent)

    walk(func.body, visit)
    return best
