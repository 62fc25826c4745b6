"""Tile buffers alive across statements and loop iterations (FlashAttention's online softmax).

The running max, the running sum and the output accumulator of an online softmax are defined
before the K/V loop, read and redefined in every iteration, and read after it. As tt-metal's SDPA
compute kernel keeps them, each lives in a CB between the steps that use it: packed from DST,
waited once, popped when it is redefined. A loop body must leave every value it carries where it
found it, so that each iteration pops what the previous one pushed:

- at the loop entry, DST is packed into a CB (and held) unless the body's last step writes the
  buffer DST holds (an accumulator kept in DST across a K loop);
- at the end of the body, a value held at the entry is back in the same CB with the same pages
  (a redefinition inside the body is packed there again), so the loop does not pop it;
- a reader-filled tile buffer read before the loop (FlashAttention's Q block) is waited where a
  step in the loop uses it, and popped once, at the end of the loop it was read in.

``T.fill`` with a value other than zero (the running max's ``-inf``) is the DST acquire (which
zeroes DST) and ``add_unary_tile`` of the value: ``0 + v`` is exactly ``v`` for every float,
``-inf`` included, on the SFPU as in IEEE arithmetic. A buffer larger than DST (the output
accumulator for d = 128) is filled one DST-sized chunk at a time, each packed into its CB.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

from ttmigrate import ops
from ttmigrate.tt import contract
from ttmigrate.tt.contract import CopyOp, FillOp, MatmulOp
from ttmigrate.tt.ir import walk
from ttmigrate.tt.passes.causal_mask import constant

from ...program import CircularBufferSpec
from .copy_fill import CopyFillSteps
from .eltwise import EltwiseSteps


def _last_write(body: Any) -> tuple[bool, str | None]:
    """(whether ``body`` computes anything, the buffer its last compute step writes; None when that
    step is a write to the writer, which leaves DST empty)."""
    steps: list[str | None] = []

    def visit(node: Any) -> None:
        if type(node).__name__ != "AttrStmt":
            return
        key = str(node.attr_key)
        if key in contract.COMPUTE_KEYS:
            info = contract.decode(key, node.node)
            assert isinstance(info, contract.ComputeOp)
            steps.append(str(info.writes.name))
        elif key == CopyOp.KEY:
            info = contract.decode(key, node.node)
            if isinstance(info, CopyOp) and info.direction == "write":
                steps.append(None)

    walk(body, visit)
    return (bool(steps), steps[-1] if steps else None)


def _clears_before_matmul(body: Any) -> set[int]:
    """The ``tt.fill`` annotations (by index) whose next compute step is the matmul accumulating
    into the buffer they clear: only those take the matmul's init with their DST acquire."""
    steps: list[tuple[str, Any, Any]] = []  # (key, decoded annotation, annotation index)

    def visit(node: Any) -> None:
        if type(node).__name__ == "AttrStmt" and str(node.attr_key) in contract.COMPUTE_KEYS:
            key = str(node.attr_key)
            steps.append((key, contract.decode(key, node.node), node.value))

    walk(body, visit)
    found: set[int] = set()
    for (key, info, index), (next_key, next_info, _) in itertools.pairwise(steps):
        if (
            key == FillOp.KEY
            and next_key == MatmulOp.KEY
            and str(next_info.writes.name) == str(info.writes.name)
        ):
            found.add(int(index))
    return found


class CarriedSteps(CopyFillSteps, EltwiseSteps):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        body = getattr(self.func, "body", None)
        self._clears_matmul = _clears_before_matmul(body) if body is not None else set()
        self._read_depth: dict[str, int] = {}  # reader-filled buffer -> loop depth of its read
        # per open loop: (DST owner, held buffer -> (CB, pages)) at the loop entry
        self._entries: list[tuple[str | None, dict[str, tuple[CircularBufferSpec, int]]]] = []

    # --- loops -----------------------------------------------------------------------------------

    def visit_For(self, node: Any) -> None:
        computes, last = _last_write(node.body)
        if computes and self._dst is not None and last != self._dst:
            self._spill()  # the body needs DST for other buffers first: hold this one in its CB
        self._entries.append((self._dst, {n: (cb, pages) for n, (cb, pages, _) in self._held.items()}))
        try:
            super().visit_For(node)
        finally:
            self._entries.pop()

    def before_loop_end(self, node: Any) -> None:
        if self._entries:
            self._carry(*self._entries[-1])
        super().before_loop_end(node)

    def _carry(self, dst: str | None, held: dict[str, tuple[CircularBufferSpec, int]]) -> None:
        owner = self._dst
        # a subblocked GEMM's K loop runs inside the subblock's DST section (compute/matmul.py):
        # the accumulator DST holds is the one its loop carries
        if owner is not None and owner != dst and self._in_subblock is None:
            entry = held.get(owner)
            if entry is not None and owner not in self._held:
                self._pack(entry[0], entry[1])  # the redefined value, where the next iteration reads it
                self._hold(owner, entry[0], entry[1])
            else:
                self._spill()
        for name, (cb, pages) in held.items():
            now = self._held.get(name)
            if now is None:
                raise self.unsupported(
                    "For", f"{name}, held in {cb.name} at the loop entry, is not there at the end of the body"
                )
            if now[0].cb_id != cb.cb_id or now[1] != pages:
                raise self.unsupported(
                    "For",
                    f"{name} enters the loop in {cb.name} ({pages} pages) and leaves it in "
                    f"{now[0].name} ({now[1]} pages)",
                )
            self._held[name] = (cb, pages, min(now[2], self._depth - 1))

    # --- reader-filled buffers read before a loop --------------------------------------------------

    def visit_tt_copy(self, info: CopyOp, node: Any) -> None:
        if info.direction == "read":
            self._read_depth[str(info.cb.name)] = self._depth
        super().visit_tt_copy(info, node)

    def read_before_loop(self, name: str) -> int | None:
        """The loop depth of the read of ``name`` when that is outside the current loop, else None."""
        depth = self._read_depth.get(name)
        return depth if depth is not None and depth < self._depth else None

    # --- T.fill with a value -----------------------------------------------------------------------

    def visit_tt_fill(self, info: FillOp, node: Any) -> None:
        value = constant(info.value)
        if value is None or math.isnan(value):
            raise self.unsupported("AttrStmt", f"T.fill of {info.cb.name} with {info.value} (not a constant)")
        if value == 0 and (
            int(node.value) in self._clears_matmul or str(info.cb.name) not in self._matmul_of
        ):
            if self._dst is not None:
                self._spill()
            super().visit_tt_fill(info, node)
            return
        cb = self.cb_spec(info.cb)
        tiles = cb.num_pages
        if self._dst is not None:
            self._spill()
        self._release(cb.name)  # the old value is replaced
        if tiles > self.dst_capacity:
            self._fill_in_chunks(cb, tiles, value)
            return
        self._fill_section(cb, tiles, value)

    def _fill_section(self, cb: CircularBufferSpec, tiles: int, value: float) -> None:
        """DST acquired for ``cb`` and set to ``value`` (acquire alone for zero: DST is zero then)."""
        symbol = self.cb_symbol(cb)
        add = ops.op("add_scalar")
        if value != 0:
            self._startup(add, symbol, symbol, symbol)
        self._acquire(cb.name, tiles)
        if value != 0:
            self._sfpu(add, tiles, {"param1": ops.scalar_bits(add.name, value)})

    def _fill_in_chunks(self, cb: CircularBufferSpec, tiles: int, value: float) -> None:
        """A buffer larger than DST (FlashAttention's output accumulator for d = 128): filled and
        packed into its CB one DST-sized chunk at a time, then held there."""
        if cb.role != "intermediate":  # only an intermediate CB can hold the whole buffer for its readers
            raise self.unsupported(
                "AttrStmt", f"T.fill of {cb.name}: {tiles} tiles exceed the {self.dst_capacity}-tile DST"
            )
        chunk = max(d for d in range(1, self.dst_capacity + 1) if tiles % d == 0)
        name = self.names.get("dst chunk", "c")
        self.emit_line(f"for (uint32_t {name} = 0; {name} < {tiles}; {name} += {chunk}) {{")
        self._in_effect.clear()  # a chunk's init follows the previous chunk's
        with self.captured(nested=True) as body:
            self._fill_section(cb, chunk, value)
            self._pack(cb, chunk)
        self.splice(body.lines)
        self.emit_line("}")
        self._in_effect.clear()
        self._hold(cb.name, cb, tiles)
