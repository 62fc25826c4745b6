"""Small views of the TIR the passes share: the module's main function, tile-op operands, tiles."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import tvm_ffi
from tvm import tirx
from tvm.ir import IRModule
from tvm.sym import Analyzer

from ttmigrate.frontend import ops

from .diagnostics import LoweringError, diagnostic
from .walk import walk_leaves

TILE = 32
MAIN = "main"


# ---------------------------------------------------------------------------------------------
# Module and function
# ---------------------------------------------------------------------------------------------


def as_module(mod: Any) -> IRModule:
    """An IRModule, given one or a PrimFunc (which becomes its ``main``)."""
    if isinstance(mod, IRModule):
        return mod
    if type(mod).__name__ == "PrimFunc":
        return IRModule({MAIN: mod})
    raise TypeError(f"expected an IRModule or a PrimFunc, got {type(mod).__name__}")


def main_func(mod: IRModule) -> tirx.PrimFunc:
    names = [gv.name_hint for gv in mod.functions]
    if MAIN in names:
        return mod[MAIN]
    prim = [gv for gv, f in mod.functions.items() if type(f).__name__ == "PrimFunc"]
    if len(prim) == 1:
        return mod[prim[0]]
    raise LoweringError(
        [
            diagnostic(
                "no-main-function",
                mod,
                [],
                f"module has no `main` PrimFunc (functions: {', '.join(sorted(names))})",
            )
        ]
    )


def with_main(mod: IRModule, func: tirx.PrimFunc) -> IRModule:
    """A new module: ``mod``'s functions with ``main`` replaced (the input module is untouched)."""
    functions: dict[Any, Any] = {}
    replaced = False
    for gv, f in mod.functions.items():
        if not replaced and (
            gv.name_hint == MAIN or (type(f).__name__ == "PrimFunc" and len(mod.functions) == 1)
        ):
            functions[MAIN] = func
            replaced = True
        else:
            functions[gv] = f
    if not replaced:
        functions[MAIN] = func
    return IRModule(functions, attrs=mod.attrs)


def func_attr(func: tirx.PrimFunc, key: str, default: Any = None) -> Any:
    attrs = func.attrs
    if attrs is None or key not in attrs:
        return default
    return attrs[key]


def with_attrs(func: tirx.PrimFunc, attrs: dict[str, Any]) -> tirx.PrimFunc:
    return func.with_attr(attrs) if attrs else func


def buffer_params(func: tirx.PrimFunc) -> list[Any]:
    return [p for p in func.params if tirx.is_buffer_var(p)]


# ---------------------------------------------------------------------------------------------
# Expressions
# ---------------------------------------------------------------------------------------------


def const_int(expr: Any) -> int | None:
    if isinstance(expr, bool):
        return int(expr)
    if isinstance(expr, int):
        return expr
    if type(expr).__name__ == "IntImm":
        return int(expr.value)
    return None


def uses_var(expr: Any, var: Any) -> bool:
    return any(v.same_as(var) for v in tirx.analysis.undefined_vars(expr))


def walk(node: Any, visit: Callable[[Any], None]) -> None:
    tvm_ffi.structural_walk(node, visit)


def analyzer() -> Any:
    """apache-tvm 0.27's arithmetic analyzer (``tvm.sym``; there is no ``tvm.arith``)."""
    return Analyzer()


def ceil_tiles(extent: int) -> int:
    return -(-extent // TILE)


def shape_ints(buffer: Any) -> tuple[int, ...] | None:
    values = tuple(const_int(s) for s in buffer.shape)
    return None if any(v is None for v in values) else tuple(int(v) for v in values if v is not None)


def matrix_dims(shape: Sequence[int]) -> tuple[int, int, int]:
    """(batch, rows, cols): the logical last two dims; a 1-D shape is 1 x N; leading dims multiply."""
    if len(shape) == 0:
        return 1, 1, 1
    if len(shape) == 1:
        return 1, 1, int(shape[0])
    batch = 1
    for dim in shape[:-2]:
        batch *= int(dim)
    return batch, int(shape[-2]), int(shape[-1])


def block_tiles(extents: Sequence[int]) -> list[int]:
    """[tiles_h, tiles_w] of a block with these extents (a 1-D block is one tile row)."""
    _, rows, cols = matrix_dims(extents)
    return [ceil_tiles(rows), ceil_tiles(cols)]


def padded_shape(shape: Sequence[int]) -> list[int]:
    """The shape with its tiled dims (the last two; the only one of a 1-D shape) rounded up to 32."""
    tiled = min(2, len(shape))
    return [int(d) for d in shape[: len(shape) - tiled]] + [
        ceil_tiles(int(d)) * TILE for d in shape[len(shape) - tiled :]
    ]


def needs_padding(shape: Sequence[int]) -> bool:
    return list(shape) != padded_shape(shape)


# ---------------------------------------------------------------------------------------------
# Tile-op operands
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    """A ``tl.tileop.region`` operand: buffer, origin (one index per dim), extents, access mask."""

    buffer: Any
    origin: tuple[Any, ...]
    extents: tuple[Any, ...]
    access: int

    def const_extents(self) -> tuple[int, ...] | None:
        values = tuple(const_int(e) for e in self.extents)
        return None if any(v is None for v in values) else tuple(int(v) for v in values if v is not None)


def region(call: Any) -> Region:
    load = call.args[0]
    return Region(load.source, tuple(load.indices), tuple(call.args[2:]), int(call.args[1].value))


def tile_op(stmt: Any) -> tuple[str, Any] | None:
    """(short op name, call) when ``stmt`` is ``Evaluate(tl.tileop.<op>(...))``."""
    if type(stmt).__name__ != "Evaluate" or not ops.is_tile_op(stmt.value):
        return None
    return stmt.value.op.name.removeprefix("tl.tileop."), stmt.value


@dataclass(frozen=True)
class TileCopy:
    src: Region
    dst: Region
    stmt: Any


def tile_copies(body: Any) -> list[TileCopy]:
    """Every ``T.copy`` in the body, in program order."""
    found: list[TileCopy] = []
    for stmt, _, _ in walk_leaves(body):
        op = tile_op(stmt)
        if op is not None and op[0] == "copy":
            found.append(TileCopy(region(op[1].args[0]), region(op[1].args[1]), stmt))
    return found


def is_global(buffer: Any, globals_: Iterable[Any]) -> bool:
    return any(buffer.same_as(g) for g in globals_)


def seq(stmts: Sequence[Any]) -> Any:
    """A SeqStmt, or the statement itself (TVM forbids a SeqStmt of one), or ``Evaluate(0)``."""
    flat: list[Any] = []
    for s in stmts:
        flat.extend(s.seq if type(s).__name__ == "SeqStmt" else [s])
    if not flat:
        return tirx.Evaluate(tirx.IntImm("int32", 0))
    return flat[0] if len(flat) == 1 else tirx.SeqStmt(flat)
