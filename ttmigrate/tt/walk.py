"""A statement walk with the enclosing loops and the TVMScript path of each leaf statement."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

WORK_LOOP_ATTR = "tt.work_loop"


def is_work_loop(stmt: Any) -> bool:
    return type(stmt).__name__ == "For" and WORK_LOOP_ATTR in stmt.annotations


def for_segment(stmt: Any) -> str:
    return f"For({stmt.loop_var.name})"


def walk_leaves(
    stmt: Any, loops: tuple[Any, ...] = (), path: tuple[str, ...] = ("main",)
) -> Iterator[tuple[Any, tuple[Any, ...], tuple[str, ...]]]:
    """Yield (leaf statement, enclosing user loops, path); the work loop is not a user loop."""
    kind = type(stmt).__name__
    if kind == "SeqStmt":
        for i, child in enumerate(stmt.seq):
            yield from walk_leaves(child, loops, (*path, f"SeqStmt[{i}]"))
    elif kind == "For":
        inner = loops if is_work_loop(stmt) else (*loops, stmt)
        yield from walk_leaves(stmt.body, inner, (*path, for_segment(stmt)))
    elif kind == "IfThenElse":
        yield from walk_leaves(stmt.then_case, loops, (*path, "IfThenElse.then"))
        if stmt.else_case is not None:
            yield from walk_leaves(stmt.else_case, loops, (*path, "IfThenElse.else"))
    elif kind in ("While", "AttrStmt", "LetStmt"):
        yield from walk_leaves(stmt.body, loops, (*path, kind))
    elif kind == "SBlockRealize":
        yield from walk_leaves(stmt.block.body, loops, (*path, f"SBlock({stmt.block.name_hint})"))
    else:
        yield stmt, loops, path
