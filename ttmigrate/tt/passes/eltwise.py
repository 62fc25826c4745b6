"""Element-wise loop nests: ``for i, j in T.Parallel(h, w): Out[i, j] = <expr>`` over tile buffers.

The operator tree is read from the store's value, node by node, through the op registry
(``ttmigrate.ops``: each op's ``pattern``); a node kind the registry does not know is a diagnostic,
never a guess. Leaves are whole tiles (``Out``-shaped, indexed by the loop variables), a row broadcast
(``[0, j]`` or a 1-D ``[j]``: one row repeated over the rows), a column broadcast (``[i, 0]`` or a
1-D ``[i]``: one column repeated over the columns), or a constant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import tvm_ffi

from ttmigrate import ops

from ..contract import Apply, Cast, CbLeaf, Const, Expr
from ..ir import const_int, shape_ints


@dataclass(frozen=True)
class Nest:
    loops: tuple[Any, ...]  # outermost first
    stores: tuple[Any, ...]  # BufferStores of the innermost body, in order


def match_nest(stmt: Any) -> Nest | None:
    """A perfect loop nest whose innermost body is one or more BufferStores, else None."""
    loops: list[Any] = []
    node = stmt
    while type(node).__name__ == "For":
        loops.append(node)
        node = node.body
    body = list(node.seq) if type(node).__name__ == "SeqStmt" else [node]
    if not loops or not all(type(s).__name__ == "BufferStore" for s in body):
        return None
    return Nest(tuple(loops), tuple(body))


class EltwiseProblem(Exception):
    """Why a store cannot be a tile operation: (kind, offending node, message)."""

    def __init__(self, kind: str, node: Any, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.node = node
        self.message = message


def _const_value(node: Any) -> float | None:
    """The value of a literal operand (``0.5``, ``T.float32(0.5)``, a cast of one), else None."""
    kind = type(node).__name__
    if kind in ("FloatImm", "IntImm"):
        return float(node.value)
    if kind == "Cast":
        return _const_value(node.value)
    return None


def _is_zero(node: Any) -> bool:
    kind = type(node).__name__
    if kind in ("FloatImm", "IntImm"):
        return float(node.value) == 0.0
    if kind == "Cast":
        return _is_zero(node.value)
    return False


class StoreReader:
    """Reads one BufferStore of a nest into an operator tree; ``cb_of`` maps a tile buffer to its CB."""

    def __init__(self, nest: Nest, store: Any, cb_of: Any, is_global: Any) -> None:
        self.nest = nest
        self.store = store
        self.cb_of = cb_of
        self.is_global = is_global
        self.loop_vars = [loop.loop_var for loop in nest.loops]
        self.extents = [const_int(loop.extent) for loop in nest.loops]
        self.leaves: list[tuple[Any, str]] = []

    # -- the output -------------------------------------------------------------------------
    def check_output(self) -> None:
        out = self.store.buffer
        if self.is_global(out):
            raise EltwiseProblem(
                "global-access-in-compute",
                self.store,
                f"the loop nest writes DRAM buffer `{out.name}` directly; copy a tile into it with T.copy",
            )
        if self.cb_of(out) is None:
            raise EltwiseProblem("unknown-buffer", self.store, f"`{out.name}` is not a circular buffer")
        if len(self.nest.loops) > 2:
            raise EltwiseProblem(
                "unsupported-eltwise-index",
                self.store,
                f"a {len(self.nest.loops)}-deep element-wise nest; tiles are 2-D",
            )
        for loop in self.nest.loops:
            if const_int(loop.min) != 0 or const_int(loop.extent) is None:
                raise EltwiseProblem(
                    "unsupported-eltwise-index",
                    loop,
                    f"loop `{loop.loop_var.name}` must run from 0 over a constant extent",
                )
        shape = shape_ints(out)
        if not self._is_loop_index(self.store.indices) or shape is None or list(shape) != self.extents:
            raise EltwiseProblem(
                "unsupported-eltwise-index",
                self.store,
                f"the store to `{out.name}{list(self.store.indices)}` must cover the whole tile buffer "
                f"(shape {list(out.shape)}), indexed by the loop variables in order",
            )

    def _is_loop_index(self, indices: Any) -> bool:
        return len(indices) == len(self.loop_vars) and all(
            i.same_as(v) for i, v in zip(indices, self.loop_vars, strict=True)
        )

    # -- the value ----------------------------------------------------------------------------
    def read(self) -> Expr:
        self.check_output()
        return self.convert(self.store.value)

    def convert(self, node: Any) -> Expr:
        kind = type(node).__name__
        if hasattr(node, "a") and hasattr(node, "b"):
            zero = _is_zero(node.b) or _is_zero(node.a)
            unary = ops.for_node(kind, zero_operand=True) if zero else None
            if unary is not None and unary.arity == 1:  # max(x, 0) is relu
                return Apply(unary.name, (self.convert(node.a if _is_zero(node.b) else node.b),))
            fused = self.gated(kind, node)
            if fused is not None:
                return fused
            scalar = self.scalar(kind, node)
            if scalar is not None:
                return scalar
            binary = ops.for_node(kind)
            if binary is not None:
                return Apply(binary.name, (self.convert(node.a), self.convert(node.b)))
        if kind == "Call" and len(node.args) == 1:
            unary = ops.for_call(getattr(node.op, "name", ""))
            if unary is not None:
                return Apply(unary.name, (self.convert(node.args[0]),))
        if kind == "Cast":
            return Cast(self.convert(node.value))
        if kind == "TensorLoad":
            return self.leaf(node)
        if kind == "FloatImm":
            return Const(float(node.value))
        if kind == "IntImm":
            return Const(int(node.value))
        what = node.op.name if kind == "Call" else kind
        raise EltwiseProblem(
            "unsupported-eltwise-op", node, f"`{what}` in `{node}` has no tile operator on Tenstorrent"
        )

    def gated(self, kind: str, node: Any) -> Expr | None:
        """``x * f(x)`` that the registry fuses into one op (``x * sigmoid(x)`` is SiLU)."""
        for x, gate in ((node.a, node.b), (node.b, node.a)):
            if type(gate).__name__ != "Call" or len(gate.args) != 1:
                continue
            entry = ops.for_gate(kind, getattr(gate.op, "name", ""))
            if entry is not None and tvm_ffi.structural_equal(gate.args[0], x):
                return Apply(entry.name, (self.convert(x),))
        return None

    def scalar(self, kind: str, node: Any) -> Expr | None:
        """A binary node with one constant operand: a scalar op of the registry (``x * c``,
        ``c - x``, ``x / c``), or ``1 / x``, the reciprocal; None when neither operand is constant."""
        left, right = _const_value(node.a), _const_value(node.b)
        if (left is None) == (right is None):
            return None
        side: ops.ScalarSide = "left" if left is not None else "right"
        value = left if left is not None else right
        operand = node.b if side == "left" else node.a
        entry = ops.for_node(kind, scalar=side, value=value)
        if entry is None:
            raise EltwiseProblem(
                "unsupported-eltwise-op",
                node,
                f"`{kind}` with the constant {value:g} on the {side} in `{node}` has no scalar tile "
                "operator on Tenstorrent",
            )
        if entry.arity == 1:  # the constant is part of the pattern (1 / x)
            return Apply(entry.name, (self.convert(operand),))
        assert value is not None
        return Apply(entry.name, (self.convert(operand), Const(value)))

    def leaf(self, load: Any) -> CbLeaf:
        buffer = load.source
        if self.is_global(buffer):
            raise EltwiseProblem(
                "global-access-in-compute",
                load,
                f"the loop nest reads DRAM buffer `{buffer.name}` directly; copy a tile of it with T.copy first",
            )
        cb = self.cb_of(buffer)
        if cb is None:
            raise EltwiseProblem("unknown-buffer", load, f"`{buffer.name}` is not a circular buffer")
        bcast = self.broadcast(load)
        self.leaves.append((buffer, bcast))
        return CbLeaf(cb, str(buffer.name), bcast)  # type: ignore[arg-type]

    def broadcast(self, load: Any) -> str:
        indices = list(load.indices)
        shape = shape_ints(load.source)
        if shape is not None and list(shape) == self.extents and self._is_loop_index(indices):
            return "none"
        if len(self.loop_vars) == 2 and shape is not None:
            row, col = self.loop_vars
            h, w = self.extents
            if (
                len(indices) == 2
                and const_int(indices[0]) == 0
                and indices[1].same_as(col)
                and shape == (1, w)
            ):
                return "row"
            if len(indices) == 1 and indices[0].same_as(col) and shape == (w,):
                return "row"
            if (
                len(indices) == 2
                and indices[0].same_as(row)
                and const_int(indices[1]) == 0
                and shape == (h, 1)
            ):
                return "col"
            if len(indices) == 1 and indices[0].same_as(row) and shape == (h,):
                return "col"
        raise EltwiseProblem(
            "unsupported-eltwise-index",
            load,
            f"`{load}` is neither the whole tile at the store's indices nor a row ([0, j] / [j]) or column ([i, 0] / [i]) broadcast",
        )
