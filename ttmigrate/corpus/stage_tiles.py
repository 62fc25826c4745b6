"""Stage directly indexed global tensors through tiles, as TileLang's own lowering does.

TileLang's element-wise example indexes the DRAM tensors inside ``T.Parallel`` without any
``T.copy``::

    start_x = bx * block_N
    for local_y, local_x in T.Parallel(block_M, block_N):
        y = start_y + local_y
        x = start_x + local_x
        C[y, x] = A[y, x] + B[y, x]

On a GPU each thread loads its element. A Tenstorrent core moves whole tiles, so the same kernel
is rewritten here into the tile form every later stage already understands::

    A_shared = T.alloc_shared((block_M, block_N), A.dtype)      # one per tensor read
    C_local = T.alloc_fragment((block_M, block_N), C.dtype)     # one per tensor written
    T.copy(A[start_y, start_x], A_shared)
    for local_y, local_x in T.Parallel(block_M, block_N):
        C_local[local_y, local_x] = A_shared[local_y, local_x] + ...
    T.copy(C_local, C[start_y, start_x])

A loop nest is rewritten only when every global access in it is ``tensor[base_0 + v_0, ...,
base_n + v_n]`` with the nest's loop variables in dimension order and bases that do not depend on
them (the same bases for every access to one tensor), and no tensor is both read and written.
Anything else is left as written, so the lowering refuses it with its own named diagnostic.
Scalar lets (``y = start_y + local_y``, a ``Bind`` as TileLang builds it) are substituted into
the indices; those that become unused are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import tvm
import tvm_ffi
from tvm import s_tir, tirx
from tvm.sym import Analyzer

from ttmigrate.frontend import language

ROOT_BLOCK = language.ROOT_BLOCK


def _kind(node: Any) -> str:
    return type(node).__name__


def _stmts(body: Any) -> list[Any]:
    return list(body.seq) if _kind(body) == "SeqStmt" else [body]


def _seq(stmts: list[Any]) -> Any:
    return stmts[0] if len(stmts) == 1 else tirx.SeqStmt(stmts)


def _uses(node: Any, var: Any) -> bool:
    return _count_uses(node, var) > 0


def _count_uses(node: Any, var: Any) -> int:
    count = 0

    def visit(n: Any) -> None:
        nonlocal count
        if hasattr(n, "same_as") and n.same_as(var):
            count += 1

    tvm_ffi.structural_walk(node, visit)
    return count


@dataclass
class _Scalars:
    """Scalar lets bound in the kernel body (``y = start_y + local_y`` is a ``Bind``, as in
    TileLang): var -> value, already substituted."""

    values: dict[Any, Any] = field(default_factory=dict)

    def collect(self, block_body: Any) -> None:
        binds: list[Any] = []

        def visit(n: Any) -> None:
            if _kind(n) == "Bind":
                binds.append(n)

        tvm_ffi.structural_walk(block_body, visit)
        # Program order: a later binding may use an earlier one (y = start_y + local_y).
        for bind in binds:
            self.values[bind.var] = self.substitute(bind.value)

    def substitute(self, expr: Any) -> Any:
        if not self.values:
            return expr

        def replace(n: Any) -> Any:
            return self.values.get(n, n)

        return tvm_ffi.structural_map(expr, (tirx.Var, replace))


def _parallel_nest(stmt: Any) -> tuple[list[Any], list[int], Any] | None:
    loops, extents = [], []
    node = stmt
    while _kind(node) == "For" and node.kind == tirx.ForKind.PARALLEL:
        if (
            not isinstance(node.min, tirx.IntImm)
            or int(node.min) != 0
            or not isinstance(node.extent, tirx.IntImm)
        ):
            return None
        loops.append(node.loop_var)
        extents.append(int(node.extent))
        node = node.body
    return (loops, extents, node) if loops else None


@dataclass
class _Access:
    buffer: Any
    bases: list[Any]


def _bases(indices: list[Any], loops: list[Any], scalars: _Scalars) -> list[Any] | None:
    if len(indices) != len(loops):
        return None
    analyzer = Analyzer()
    bases = []
    for index, loop in zip(indices, loops, strict=True):
        base = analyzer.simplify(scalars.substitute(index) - loop)
        if any(_uses(base, v) for v in loops):
            return None
        bases.append(base)
    return bases


def _stage_nest(stmt: Any, params: list[Any], scalars: _Scalars) -> tuple[list[Any], list[Any]] | None:
    """(statements replacing the nest, new tile buffers), or None when the nest is left alone."""
    nest = _parallel_nest(stmt)
    if nest is None:
        return None
    loops, extents, body = nest
    reads: dict[Any, _Access] = {}
    writes: dict[Any, _Access] = {}
    ok = True

    def note(table: dict[Any, _Access], buffer: Any, indices: Any) -> None:
        nonlocal ok
        bases = _bases(list(indices), loops, scalars)
        if bases is None:
            ok = False
            return
        known = table.get(buffer)
        if known is None:
            table[buffer] = _Access(buffer, bases)
        elif not all(tvm.ir.structural_equal(a, b) for a, b in zip(known.bases, bases, strict=True)):
            ok = False

    def visit(n: Any) -> None:
        if _kind(n) == "TensorLoad" and any(n.source.same_as(p) for p in params):
            note(reads, n.source, n.indices)
        elif _kind(n) == "BufferStore" and any(n.buffer.same_as(p) for p in params):
            note(writes, n.buffer, n.indices)

    tvm_ffi.structural_walk(body, visit)
    if not ok or not writes or set(reads) & set(writes):
        return None
    shape = tuple(extents)
    staged: dict[Any, Any] = {}
    before, after, buffers = [], [], []
    # layout=None: T.alloc_shared / T.alloc_fragment leave the layout unset (decl_buffer's default
    # would set a row-major TileLayout), so the staged kernel is the IR the tile form builds.
    for buffer, access in reads.items():
        tile = tirx.decl_buffer(
            shape, str(buffer.dtype), name=f"{buffer.name}_shared", scope="shared.dyn", layout=None
        )
        staged[buffer] = tile
        buffers.append(tile)
        before.append(tirx.Evaluate(language.copy(tirx.BufferLoad(buffer, access.bases), tile)))
    for buffer, access in writes.items():
        tile = tirx.decl_buffer(
            shape, str(buffer.dtype), name=f"{buffer.name}_local", scope="local.fragment", layout=None
        )
        staged[buffer] = tile
        buffers.append(tile)
        after.append(tirx.Evaluate(language.copy(tile, tirx.BufferLoad(buffer, access.bases))))

    def to_tile_load(n: Any) -> Any:
        tile = staged.get(n.source)
        return tirx.BufferLoad(tile, loops) if tile is not None else n

    def to_tile_store(n: Any) -> Any:
        tile = staged.get(n.buffer)
        return tirx.BufferStore(tile, n.value, loops) if tile is not None else n

    new_body = tvm_ffi.structural_map(
        body, [(tvm.ir.TensorLoad, to_tile_load), (tirx.BufferStore, to_tile_store)]
    )
    new_stmt = _rebuild_nest(stmt, new_body)
    return [*before, new_stmt, *after], buffers


def _rebuild_nest(stmt: Any, body: Any) -> Any:
    if _kind(stmt.body) == "For" and stmt.body.kind == tirx.ForKind.PARALLEL:
        body = _rebuild_nest(stmt.body, body)
    return tirx.For(
        stmt.loop_var, stmt.min, stmt.extent, stmt.kind, body, stmt.thread_binding, stmt.annotations
    )


def _drop_dead_scalars(stmts: list[Any]) -> list[Any]:
    """Remove scalar lets that nothing reads any more (their value was substituted)."""
    changed = True
    while changed:
        changed = False
        whole = _seq(stmts) if stmts else None
        for bind in _binds(stmts):
            if _count_uses(whole, bind.var) == 1:  # only its own definition
                stmts = _without(stmts, bind)
                changed = True
                break
    return stmts


def _binds(stmts: list[Any]) -> list[Any]:
    found: list[Any] = []

    def visit(n: Any) -> None:
        if _kind(n) == "Bind":
            found.append(n)

    tvm_ffi.structural_walk(_seq(stmts), visit)
    return found


def _without(stmts: list[Any], bind: Any) -> list[Any]:
    def gone(n: Any) -> bool:
        return _kind(n) == "Bind" and n.same_as(bind)

    def strip(n: Any) -> Any:
        if _kind(n) == "SeqStmt":
            kept = [s for s in n.seq if not gone(s)]
            if len(kept) != len(n.seq):
                return _seq(kept) if kept else tirx.Evaluate(0)
        return n

    out = [s for s in stmts if not gone(s)]
    return [tvm_ffi.structural_map(s, (tirx.SeqStmt, strip)) for s in out]


def stage_global_tiles(func: Any) -> tuple[Any, int]:
    """``func`` with every directly indexed ``T.Parallel`` nest staged; and how many were staged."""
    params = [p for p in func.params if tirx.is_buffer_var(p)]
    staged_count = 0

    def rewrite_block(block: Any) -> Any:
        nonlocal staged_count
        if block.name_hint != ROOT_BLOCK:
            return block
        scalars = _Scalars()
        scalars.collect(block.body)
        stmts: list[Any] = []
        new_buffers: list[Any] = []
        staged_here = 0
        for stmt in _stmts(block.body):
            staged = _stage_nest(stmt, params, scalars)
            if staged is None:
                stmts.append(stmt)
                continue
            stmts.extend(staged[0])
            new_buffers.extend(staged[1])
            staged_here += 1
        if not staged_here:
            return block
        staged_count += staged_here
        stmts = _drop_dead_scalars(stmts)
        return s_tir.SBlock(
            block.iter_vars, block.reads, block.writes, block.name_hint, _seq(stmts), block.init,
            [*block.alloc_buffers, *new_buffers], block.match_buffers, block.annotations,
        )  # fmt: skip

    new_body = tvm_ffi.structural_map(func.body, (s_tir.SBlock, rewrite_block))
    if not staged_count:
        return func, 0
    return func.with_body(new_body), staged_count
