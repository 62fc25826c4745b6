"""Small IR queries shared by the frontend tests (plain walks over real TVM IR, no mocks)."""

from __future__ import annotations

from typing import Any

import tvm_ffi

from ttmigrate.frontend import ops


def nodes_of(func: Any, kind: str) -> list[Any]:
    """Every node of type ``kind`` in ``func``'s body (or in a statement), in source (pre-)order."""
    found: list[Any] = []

    def visit(node: Any) -> None:
        if type(node).__name__ == kind:
            found.append(node)

    root = func.body if type(func).__name__ == "PrimFunc" else func
    tvm_ffi.structural_walk(root, visit, order="pre")
    return found


def tile_calls(func: Any, short: str) -> list[Any]:
    """Calls to ``tl.tileop.<short>``, in source order."""
    return [c for c in nodes_of(func, "Call") if ops.is_tile_op(c, short)]


def sblock(func: Any, name: str) -> Any:
    blocks = [b for b in nodes_of(func, "SBlock") if b.name_hint == name]
    assert len(blocks) == 1, f"expected one block {name!r}, found {len(blocks)}"
    return blocks[0]


def as_int(value: Any) -> int:
    return int(value.value) if hasattr(value, "value") else int(value)


def region_parts(region: Any) -> tuple[str, list[str], int, list[int]]:
    """A ``tl.tileop.region`` call as (buffer name, origin indices as text, access mask, extents)."""
    assert ops.is_tile_op(region, "region"), region
    load = region.args[0]
    assert type(load).__name__ == "TensorLoad"
    origin = [str(i) for i in load.indices]
    return load.source.name, origin, as_int(region.args[1]), [as_int(e) for e in region.args[2:]]


def loop_nest(stmt: Any) -> list[Any]:
    """The perfectly nested For loops starting at ``stmt``."""
    loops = []
    while type(stmt).__name__ == "For":
        loops.append(stmt)
        stmt = stmt.body
    return loops
