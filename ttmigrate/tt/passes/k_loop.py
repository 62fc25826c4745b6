"""The reduction (K) loop of each GEMM, found by data dependence, never by loop names.

A loop is the K loop of ``T.gemm(A_s, B_s, C_l)`` when its variable indexes the DRAM origin of a
copy that fills ``A_s`` and of one that fills ``B_s``, but not the origin of any copy between
``C_l`` and DRAM: stepping it moves along K in A and B while C's block stays put.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..ir import TileCopy, is_global, region, tile_op, uses_var
from ..walk import walk_leaves


@dataclass(frozen=True)
class GemmSite:
    call: Any
    stmt: Any
    loops: tuple[Any, ...]  # enclosing user For loops, outermost first
    path: tuple[str, ...]


@dataclass(frozen=True)
class _CopySite:
    copy: TileCopy
    loops: tuple[Any, ...]


def _sites(body: Any) -> Iterator[tuple[str, Any, tuple[Any, ...], tuple[str, ...]]]:
    for stmt, loops, path in walk_leaves(body):
        op = tile_op(stmt)
        if op is not None:
            yield op[0], stmt, loops, path


def _global_origin(copy: TileCopy, params: list[Any]) -> tuple[Any, ...]:
    return copy.src.origin if is_global(copy.src.buffer, params) else copy.dst.origin


def find_k_loops(body: Any, params: list[Any]) -> tuple[dict[int, list[Any]], list[GemmSite]]:
    """For each GEMM (by its position among the GEMMs): the candidate K loops, innermost first."""
    copies: list[_CopySite] = []
    gemms: list[GemmSite] = []
    for name, stmt, loops, path in _sites(body):
        if name == "copy":
            src, dst = region(stmt.value.args[0]), region(stmt.value.args[1])
            copies.append(_CopySite(TileCopy(src, dst, stmt), loops))
        elif name == "gemm":
            gemms.append(GemmSite(stmt.value, stmt, loops, path))
    result: dict[int, list[Any]] = {}
    for index, gemm in enumerate(gemms):
        a, b, c = (region(gemm.call.args[i]).buffer for i in range(3))
        result[index] = [loop for loop in reversed(gemm.loops) if _is_k_loop(loop, a, b, c, copies, params)]
    return result, gemms


def _fills(site: _CopySite, buffer: Any, params: list[Any]) -> bool:
    return site.copy.dst.buffer.same_as(buffer) and is_global(site.copy.src.buffer, params)


def _moves(site: _CopySite, buffer: Any, params: list[Any]) -> bool:
    c = site.copy
    return (c.src.buffer.same_as(buffer) and is_global(c.dst.buffer, params)) or _fills(site, buffer, params)


def _indexes(origin: tuple[Any, ...], loop: Any) -> bool:
    return any(uses_var(index, loop.loop_var) for index in origin)


def _is_k_loop(loop: Any, a: Any, b: Any, c: Any, copies: list[_CopySite], params: list[Any]) -> bool:
    def inside(site: _CopySite) -> bool:
        return any(enclosing.same_as(loop) for enclosing in site.loops)

    def indexed_by(buffer: Any, pick: Any) -> bool:
        return any(
            inside(s) and pick(s, buffer, params) and _indexes(_global_origin(s.copy, params), loop)
            for s in copies
        )

    return (
        indexed_by(a, _fills)
        and indexed_by(b, _fills)
        and not any(_moves(s, c, params) and _indexes(_global_origin(s.copy, params), loop) for s in copies)
    )
