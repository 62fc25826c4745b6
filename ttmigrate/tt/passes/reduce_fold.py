"""WS3 reduce folding: what Metalium's reduce does for free, folded into the ``tt.reduce`` records.

Runs after tensorize, on sequences of ``tt.*`` annotations:

- **identity fills.** ``T.fill(acc, 0)`` then ``T.reduce_sum(x, acc, clear=False)`` (or a fill with
  ``-inf`` then ``T.reduce_max``) is a reduce with ``clear=True``: the fill is dropped.
- **scaled sums.** ``T.reduce_sum(x, s)`` followed by ``s[i] = s[i] * c`` (or ``/ c``, or a
  statement redefining ``s`` that reads it only as ``s / c``: ``s = rsqrt(s / N + eps)``) multiplies
  by the scaler instead: ``reduce_tile`` multiplies by the scaler tile's value (a row mean is a sum with
  scaler 1/N, as tt-metal's reduce kernels compute AVG). The element-wise statement is dropped.
- **scaler pages.** Each distinct scaler value is one page of the scaler CB; each record names its
  page (``scaler_tile``), and the CB table gets that many pages.
- **copies only reductions read.** ``x = T.cast(x_shared)`` (a whole-tile copy of a CB the reader
  fills) whose value only reductions read reduces ``x_shared`` itself: the copy through DST is
  dropped (it would also cap the block at the DST size).
- **column vectors in DRAM.** A row reduction's result is a column vector (column 0 of each tile).
  A 1-D DRAM buffer written from one is laid out as a column (``rows = N``, ``cols = 1``), which is
  the same row-major bytes on the host, so the writer stores the tile as it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from tvm import tirx
from tvm.ir import IRModule

from ..contract import (
    Apply,
    Cast,
    CbLeaf,
    Const,
    CopyOp,
    EltwiseOp,
    Expr,
    FillOp,
    ReduceOp,
    decode,
    leaves,
    to_node,
)
from ..ir import buffer_params, func_attr, main_func, seq, shape_ints, walk, with_attrs, with_main
from .infer_shard import buffer_layout
from .memory_space import SCALER_CB


def _record(stmt: Any) -> Any:
    if type(stmt).__name__ != "AttrStmt" or not str(stmt.attr_key).startswith("tt."):
        return None
    return decode(str(stmt.attr_key), stmt.node)


def _as_attr(record: Any, like: Any) -> Any:
    return tirx.AttrStmt(to_node(record), record.KEY, like.value, like.body, span=like.span)


def _fill_value(value: Any) -> float | None:
    """The fill's constant (``-T.infinity`` is ``inf * -1`` in the IR), or None."""
    kind = type(value).__name__
    if kind in ("IntImm", "FloatImm"):
        return float(value.value)
    if kind == "Mul":
        a, b = _fill_value(value.a), _fill_value(value.b)
        return None if a is None or b is None else a * b
    if kind == "Call" and str(getattr(value.op, "name", "")) == "tl.infinity":
        return math.inf
    return None


_IDENTITY = {"sum": 0.0, "max": -math.inf}


def _scaled_leaf(expr: Expr, buffer: str) -> float | None:
    """``c`` when ``expr`` is ``buffer * c``, ``c * buffer`` or ``buffer / c`` (a whole-buffer leaf)."""
    if not isinstance(expr, Apply) or len(expr.operands) != 2:
        return None
    lhs, rhs = expr.operands
    if expr.op in ("mul", "mul_scalar") and isinstance(lhs, Const):
        lhs, rhs = rhs, lhs
    if not (isinstance(lhs, CbLeaf) and lhs.buffer == buffer and lhs.bcast == "none"):
        return None
    if not isinstance(rhs, Const) or float(rhs.value) == 0.0:
        return None
    if expr.op in ("mul", "mul_scalar"):
        return float(rhs.value)
    if expr.op in ("div", "div_scalar"):
        return 1.0 / float(rhs.value)
    return None


def _unscale(expr: Expr, buffer: str, scales: set[float]) -> Expr:
    """``expr`` with each scaled ``buffer`` leaf replaced by the leaf; its scales into ``scales``
    (a leaf of ``buffer`` left unscaled adds 1.0)."""
    c = _scaled_leaf(expr, buffer)
    if c is not None:
        scales.add(c)
        return CbLeaf(_leaf_of(expr).cb_id, buffer)
    if isinstance(expr, CbLeaf) and expr.buffer == buffer:
        scales.add(1.0)
        return expr
    if isinstance(expr, Cast):
        return Cast(_unscale(expr.operand, buffer, scales))
    if isinstance(expr, Apply):
        return Apply(expr.op, tuple(_unscale(o, buffer, scales) for o in expr.operands))
    return expr


def _leaf_of(expr: Expr) -> CbLeaf:
    found = leaves(expr)
    assert len(found) == 1
    return found[0]


def _fold_scale(record: EltwiseOp, buffer: str) -> tuple[float, EltwiseOp | None] | None:
    """The statement right after a sum into ``buffer``, when it redefines ``buffer`` and reads it
    only scaled by one constant ``c`` (``s = s / N``, ``r = rsqrt(s / N + eps)``): (c, the statement
    reading the scaled sum as the plain leaf, or None when nothing is left of it)."""
    if str(record.out.name) != buffer:
        return None
    if _scaled_leaf(record.expr, buffer) is not None:
        return _scaled_leaf(record.expr, buffer), None  # type: ignore[return-value]
    scales: set[float] = set()
    expr = _unscale(record.expr, buffer, scales)
    if len(scales) != 1 or 1.0 in scales:
        return None
    return scales.pop(), replace(record, expr=expr)


@dataclass(frozen=True)
class _Source:
    buffer_var: Any
    cb_id: int


class _Folder:
    def __init__(self, func: Any) -> None:
        table = func_attr(func, "tt_circular_buffers") or []
        self.roles = {int(e["cb_id"]): str(e["role"]) for e in table}
        self.buffers: dict[str, Any] = {}  # tile buffer name -> its Var (the AllocBuffers)

        def visit(node: Any) -> None:
            if type(node).__name__ in ("AllocBuffer", "DeclBuffer"):
                self.buffers[str(node.buffer.name)] = node.buffer

        walk(func.body, visit)
        self.scalers: list[float] = []
        self.column_vectors: set[str] = set()  # tile buffers holding a row reduction's result
        self.column_outputs: set[str] = set()  # 1-D DRAM buffers written from one

    def copy_source(self, record: EltwiseOp) -> Any:
        """The leaf of ``out = cast(leaf)`` / ``out = leaf`` when the leaf is a reader-filled CB."""
        expr = record.expr
        while isinstance(expr, Cast):
            expr = expr.operand
        if record.in_place or not isinstance(expr, CbLeaf) or expr.bcast != "none":
            return None
        var = self.buffers.get(expr.buffer)
        if var is None or self.roles.get(expr.cb_id) != "input":
            return None
        return _Source(buffer_var=var, cb_id=expr.cb_id)

    def scaler_tile(self, value: float) -> int:
        if value not in self.scalers:
            self.scalers.append(value)
        return self.scalers.index(value)

    def visit(self, stmt: Any) -> Any:
        kind = type(stmt).__name__
        if kind == "SeqStmt":
            return seq(self.fold(list(stmt.seq)))
        if kind == "For":
            return tirx.For(
                stmt.loop_var,
                stmt.min,
                stmt.extent,
                stmt.kind,
                self.visit(stmt.body),
                annotations=stmt.annotations,
                span=stmt.span,
            )
        if kind == "AttrStmt" and not str(stmt.attr_key).startswith("tt."):
            return tirx.AttrStmt(stmt.node, stmt.attr_key, stmt.value, self.visit(stmt.body), span=stmt.span)
        return stmt  # a lone annotation, or a statement holding none

    def fold(self, stmts: list[Any]) -> list[Any]:
        out: list[Any] = []
        i = 0
        while i < len(stmts):
            stmt = stmts[i]
            record = _record(stmt)
            if isinstance(record, EltwiseOp) and (source := self.copy_source(record)) is not None:
                users = _reduce_only_users(stmts[i + 1 :], str(record.out.name))
                if users is not None:
                    for j in users:
                        use = _record(stmts[i + 1 + j])
                        stmts[i + 1 + j] = _as_attr(
                            replace(use, src=source.buffer_var, in_cb=source.cb_id), stmts[i + 1 + j]
                        )
                    i += 1
                    continue
            nxt = _record(stmts[i + 1]) if i + 1 < len(stmts) else None
            if (
                isinstance(record, FillOp)
                and isinstance(nxt, ReduceOp)
                and not nxt.clear
                and str(nxt.dst.name) == str(record.cb.name)
                and _fill_value(record.value) == _IDENTITY[nxt.kind]
            ):
                stmts[i + 1] = _as_attr(_replace(nxt, clear=True), stmts[i + 1])
                i += 1  # the fill is what clear=True does
                continue
            if isinstance(record, ReduceOp):
                scale = 1.0
                if (
                    record.kind == "sum"
                    and record.clear
                    and isinstance(nxt, EltwiseOp)
                    and (found := _fold_scale(nxt, str(record.dst.name))) is not None
                ):
                    scale, rest = found  # the scaling is the scaler's job
                    if rest is None:
                        i += 1  # nothing else in the statement
                    else:
                        stmts[i + 1] = _as_attr(rest, stmts[i + 1])
                if record.dim == 1:
                    self.column_vectors.add(str(record.dst.name))
                folded = _replace(record, scaler=scale, scaler_tile=self.scaler_tile(scale))
                out.append(_as_attr(folded, stmt))
                i += 1
                continue
            if isinstance(record, CopyOp) and record.direction == "write":
                shape = shape_ints(record.buffer)
                if str(record.cb.name) in self.column_vectors and shape is not None and len(shape) == 1:
                    self.column_outputs.add(str(record.buffer.name))
            if record is None:
                stmt = self.visit(stmt)
            elif isinstance(record, EltwiseOp) and not _keeps_orientation(record):
                self.column_vectors.discard(str(record.out.name))
            out.append(stmt)
            i += 1
        return out


def _mentions(stmt: Any, name: str) -> bool:
    """Whether any ``tt.*`` annotation in ``stmt`` names tile buffer ``name``."""
    found = False

    def visit(node: Any) -> None:
        nonlocal found
        if type(node).__name__ == "AttrStmt" and str(node.attr_key).startswith("tt."):
            record = decode(str(node.attr_key), node.node)
            for value in vars(record).values():
                if getattr(value, "name", None) is not None and str(value.name) == name:
                    found = True
            if isinstance(record, EltwiseOp) and any(leaf.buffer == name for leaf in leaves(record.expr)):
                found = True

    walk(stmt, visit)
    return found


def _reduce_only_users(rest: list[Any], name: str) -> list[int] | None:
    """Indices in ``rest`` of the reductions reading ``name`` when they are its only readers
    until it is redefined (or the sequence ends), else None."""
    users: list[int] = []
    for j, stmt in enumerate(rest):
        record = _record(stmt)
        if isinstance(record, ReduceOp) and str(record.src.name) == name and str(record.dst.name) != name:
            users.append(j)
            continue
        if isinstance(record, EltwiseOp) and str(record.out.name) == name and not record.in_place:
            break  # redefined: the old value is dead
        if _mentions(stmt, name):
            return None
    return users or None


def _keeps_orientation(record: EltwiseOp) -> bool:
    """An element-wise statement on a column vector whose leaves are all that vector (or constants)
    keeps it a column vector (``s = s * c``, ``r = 1 / s``)."""
    names = {leaf.buffer for leaf in leaves(record.expr)}
    return names <= {str(record.out.name)}


def _replace(record: ReduceOp, **changes: Any) -> ReduceOp:
    return replace(record, **changes)


def reduce_fold(mod: IRModule) -> IRModule:
    func = main_func(mod)
    folder = _Folder(func)
    body = folder.visit(func.body)
    attrs: dict[str, Any] = {}
    if folder.scalers:
        table = []
        for entry in func_attr(func, "tt_circular_buffers") or []:
            entry = {str(k): v for k, v in entry.items()}
            if str(entry["name"]) == SCALER_CB:
                entry["num_pages"] = len(folder.scalers)
                entry["scalers"] = list(folder.scalers)
            table.append(entry)
        attrs["tt_circular_buffers"] = table
    for buffer in buffer_params(func):
        name = str(buffer.name)
        if name in folder.column_outputs:
            shape = shape_ints(buffer)
            assert shape is not None and len(shape) == 1
            layout = buffer_layout((shape[0], 1), str(func_attr(func, "tt_layout_type", "dram_interleaved")))
            attrs[f"tt_buffer_{name}_layout"] = layout
    new_func = tirx.PrimFunc(func.params, body, func.ret_type, func.attrs, func.span)
    return with_main(mod, with_attrs(new_func, attrs) if attrs else new_func)
