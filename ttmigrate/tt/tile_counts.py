"""Tiles each core moves between DRAM and its CBs, counted on the lowered IR.

The work loop is run symbolically per core over its work units (``tt_tiles_per_core``): every
Bind and loop bound is evaluated with the unit's block indices, so a loop whose trip count depends
on them (a causal FlashAttention's ``T.min`` K/V range) is counted exactly, unit by unit. Each
``tt.copy`` adds its block's tiles to the reads or writes of the core. ``scripts/attention_figures.py``
prints these figures per kernel; nothing here runs the program.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .contract import CopyOp, decode
from .ir import func_attr, main_func
from .walk import is_work_loop


class CountError(ValueError):
    """An expression the counter cannot evaluate (named, with the expression)."""


@dataclass(frozen=True)
class CoreTiles:
    core: int
    work_units: int
    tiles_read: int
    tiles_written: int


_BINARY: dict[str, Callable[[int, int], int]] = {
    "Add": lambda a, b: a + b,
    "Sub": lambda a, b: a - b,
    "Mul": lambda a, b: a * b,
    "FloorDiv": lambda a, b: a // b,
    "FloorMod": lambda a, b: a % b,
    "Div": lambda a, b: a // b,
    "Mod": lambda a, b: a % b,
    "Min": min,
    "Max": max,
}


def _eval(expr: Any, env: dict[str, int]) -> int:
    kind = type(expr).__name__
    if kind == "IntImm":
        return int(expr.value)
    if kind == "Var":
        if str(expr.name) not in env:
            raise CountError(f"`{expr.name}` has no value in the work loop")
        return env[str(expr.name)]
    if kind == "Cast":
        return _eval(expr.value, env)
    if kind in _BINARY:
        return int(_BINARY[kind](_eval(expr.a, env), _eval(expr.b, env)))
    raise CountError(f"cannot evaluate `{expr}` ({kind}) to count tiles")


class _Counter:
    def __init__(self) -> None:
        self.read = 0
        self.written = 0

    def visit(self, stmt: Any, env: dict[str, int]) -> None:
        kind = type(stmt).__name__
        if kind == "SeqStmt":
            for child in stmt.seq:
                self.visit(child, env)
        elif kind == "Bind":
            env[str(stmt.var.name)] = _eval(stmt.value, env)
        elif kind == "For":
            start, extent = _eval(stmt.min, env), _eval(stmt.extent, env)
            for value in range(start, start + extent):
                self.visit(stmt.body, {**env, str(stmt.loop_var.name): value})
        elif kind == "AttrStmt":
            if str(stmt.attr_key) == "tt.copy":
                copy = decode("tt.copy", stmt.node)
                assert isinstance(copy, CopyOp)
                if copy.direction == "read":
                    self.read += copy.num_tiles
                else:
                    self.written += copy.num_tiles
            self.visit(stmt.body, env)
        elif kind == "IfThenElse":
            branch = stmt.then_case if _eval(stmt.condition, env) else stmt.else_case
            if branch is not None:
                self.visit(branch, env)
        elif kind == "LetStmt":
            self.visit(stmt.body, {**env, str(stmt.var.name): _eval(stmt.value, env)})
        # AllocBuffer, DeclBuffer, Evaluate: nothing moves


def _work_loop(stmt: Any) -> Any | None:
    if type(stmt).__name__ == "For" and is_work_loop(stmt):
        return stmt
    children = list(stmt.seq) if type(stmt).__name__ == "SeqStmt" else []
    return next((loop for c in children if (loop := _work_loop(c)) is not None), None)


def tiles_per_core(mod: Any) -> tuple[CoreTiles, ...]:
    """Per core of the lowered module ``mod`` (``ttmigrate.tt.lower``): its work units and the DRAM
    tiles its reader reads and its writer writes."""
    func = main_func(mod)
    loop = _work_loop(func.body)
    ranges = [(int(s), int(c)) for s, c in (func_attr(func, "tt_tiles_per_core") or [])]
    out = []
    for core, (start, count) in enumerate(ranges):
        counter = _Counter()
        if loop is not None:
            for unit in range(start, start + count):
                counter.visit(loop.body, {str(loop.loop_var.name): unit})
        out.append(
            CoreTiles(core=core, work_units=count, tiles_read=counter.read, tiles_written=counter.written)
        )
    return tuple(out)
