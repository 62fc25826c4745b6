"""Causal masks: ``S[i, j] = T.if_then_else(row0 + i >= col0 + j, keep, masked)`` over a tile buffer.

This is how TileLang's FlashAttention examples start the causal score tile before ``Q @ Kᵀ``
accumulates into it. Tenstorrent tile code cannot select per element, so the select is read as a
relation between the block's tiles: with ``d = (row0 - col0) / 32 + ti - tj`` (in tiles), tile
(ti, tj) is all ``keep`` when d > 0, all ``masked`` when d < 0, and the lower triangle of one tile
when d = 0 (row >= col; row > col for a strict ``>``). That needs ``row0 - col0`` to be a multiple
of the tile size, which block origins like ``bx * 64`` and ``k * 64`` are. The three tiles are
generated once by the reader (as tt-metal's SDPA reader generates its mask tiles); compute copies
the right one of them into DST per tile (ttmigrate.emit.ir_driven.compute.mask).
"""

from __future__ import annotations

import math
from typing import Any

from tvm import tirx

from ..contract import MaskOp
from ..ir import TILE, analyzer, const_int, shape_ints, walk
from .eltwise import EltwiseProblem, Nest, StoreReader

IF_THEN_ELSE = "tirx.if_then_else"
INFINITY = "tl.infinity"
MASK_CB = "causal_mask"
MASK_TILES = 3  # keep, masked, the triangle on the diagonal (their order in the mask CB)


def _select(store: Any) -> Any | None:
    """The ``T.if_then_else`` call a store writes (through a cast to the buffer's dtype), else None."""
    value = store.value
    while type(value).__name__ == "Cast":
        value = value.value
    if type(value).__name__ == "Call" and getattr(value.op, "name", "") in (
        IF_THEN_ELSE,
        "prim.if_then_else",
    ):
        return value
    return None


def is_mask_store(store: Any) -> bool:
    """A store whose value is an element-wise select (``T.if_then_else``)."""
    return _select(store) is not None


def constant(node: Any) -> float | None:
    """The value of a constant expression (``T.infinity``, negation and casts folded), else None."""
    kind = type(node).__name__
    if kind in ("FloatImm", "IntImm"):
        return float(node.value)
    if kind == "Cast":
        return constant(node.value)
    if kind == "Call" and getattr(node.op, "name", "") == INFINITY:
        return math.inf
    if kind in ("Mul", "Add", "Sub"):
        a, b = constant(node.a), constant(node.b)
        if a is None or b is None:
            return None
        if kind == "Mul":
            # inf * 0 has no value; no mask writes it
            return None if (math.isinf(a) and b == 0) or (math.isinf(b) and a == 0) else a * b
        return a + b if kind == "Add" else a - b
    return None


def _uses(expr: Any, var: Any) -> bool:
    found = []

    def visit(node: Any) -> None:
        if node.same_as(var):
            found.append(node)

    walk(expr, visit)
    return bool(found)


def _linear(expr: Any, row: Any, col: Any) -> tuple[int, int, Any] | None:
    """``expr`` as ``a * row + b * col + rest`` (rest free of both), else None."""
    if expr.same_as(row):
        return 1, 0, tirx.IntImm("int32", 0)
    if expr.same_as(col):
        return 0, 1, tirx.IntImm("int32", 0)
    if not _uses(expr, row) and not _uses(expr, col):
        return 0, 0, expr
    kind = type(expr).__name__
    if kind in ("Add", "Sub"):
        a, b = _linear(expr.a, row, col), _linear(expr.b, row, col)
        if a is None or b is None:
            return None
        sign = 1 if kind == "Add" else -1
        rest = a[2] + b[2] if kind == "Add" else a[2] - b[2]
        return a[0] + sign * b[0], a[1] + sign * b[1], rest
    return None


def read_mask(nest: Nest, store: Any, *, cb_of: Any, is_global: Any, mask_cb: int | None) -> MaskOp:
    """The ``tt.mask`` record of a causal select, or EltwiseProblem saying why it is not one."""
    StoreReader(nest, store, cb_of, is_global).check_output()
    out = store.buffer
    shape = shape_ints(out)
    if len(nest.loops) != 2 or shape is None or len(shape) != 2:
        raise EltwiseProblem(
            "unsupported-mask",
            store,
            f"T.if_then_else into `{out.name}`: a mask is a 2-D nest over a 2-D tile",
        )
    select = _select(store)
    assert select is not None  # the caller checked is_mask_store
    condition, then_value, else_value = select.args
    keep, masked = constant(then_value), constant(else_value)
    if keep is None or masked is None:
        raise EltwiseProblem(
            "unsupported-mask",
            store,
            f"`{select}`: only a select between two constants is lowered (a causal mask)",
        )
    kind = type(condition).__name__
    if kind not in ("GE", "GT", "LE", "LT"):
        raise EltwiseProblem(
            "unsupported-mask",
            condition,
            f"`{condition}`: a mask condition compares the row with the column (>=, >, <=, <)",
        )
    # row side - column side, whichever way round the comparison is written
    lhs, rhs = (condition.a, condition.b) if kind in ("GE", "GT") else (condition.b, condition.a)
    row, col = (loop.loop_var for loop in nest.loops)
    form = _linear(lhs - rhs, row, col)
    if form is None or form[:2] != (1, -1):
        raise EltwiseProblem(
            "unsupported-mask",
            condition,
            f"`{condition}` is not `row0 + {row.name} >= col0 + {col.name}` (a causal mask over the block)",
        )
    ana = analyzer()
    offset = ana.simplify(form[2])
    if not ana.can_prove(tirx.floormod(offset, TILE) == 0):
        raise EltwiseProblem(
            "unaligned-mask",
            condition,
            f"the mask's diagonal offset `{offset}` is not provably a multiple of {TILE}: the diagonal "
            "would cross tiles at an arbitrary place",
        )
    if mask_cb is None:  # memory-space lowering allocates it whenever a mask store exists
        raise EltwiseProblem("unknown-buffer", store, f"no `{MASK_CB}` CB for the mask of `{out.name}`")
    h, w = (const_int(loop.extent) for loop in nest.loops)
    assert h is not None and w is not None  # check_output checked the extents
    out_cb = cb_of(out)
    return MaskOp(
        out=out,
        out_cb=int(out_cb),
        mask_cb=mask_cb,
        tiles=(-(-h // TILE), -(-w // TILE)),
        diagonal=ana.simplify(tirx.floordiv(offset, TILE)),
        strict=kind in ("GT", "LT"),
        keep=keep,
        masked=masked,
    )


def has_mask(body: Any) -> bool:
    found = []

    def visit(node: Any) -> None:
        if type(node).__name__ == "BufferStore" and is_mask_store(node):
            found.append(node)

    walk(body, visit)
    return bool(found)
