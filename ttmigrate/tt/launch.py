"""The launch structure of a TileLang kernel: blockIdx loops around the ``tilelang_root`` block.

Frontend IR: ``SBlockRealize(root) -> For(bx, thread_binding blockIdx.x) -> For(by, ...) ->
SBlockRealize(tilelang_root, alloc_buffers=[...]) -> body``. Schedule inference reads the grid from
it; grid-to-persistent replaces it with the work loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tvm import tirx

from .diagnostics import LoweringError, diagnostic
from .ir import const_int

AXES = ("blockIdx.x", "blockIdx.y", "blockIdx.z")


@dataclass(frozen=True)
class Launch:
    grid: tuple[int, int, int]  # (gx, gy, gz); 1 for an absent dimension
    block_vars: dict[str, Any]  # axis ("blockIdx.x", ...) -> the loop Var, for dims that exist
    allocs: tuple[Any, ...]  # tile buffers of the root block(s), in allocation order
    body: Any  # the kernel's statements inside the root block


def _thread_index_binds_then_block(seq: Any) -> bool:
    *binds, last = list(seq.seq)
    return type(last).__name__ == "SBlockRealize" and all(
        type(b).__name__ == "Bind"
        and getattr(getattr(b.value, "op", None), "name", "") == "tl.launch_thread_idx"
        for b in binds
    )


def parse_launch(func: tirx.PrimFunc) -> Launch:
    stmt: Any = func.body
    allocs: list[Any] = []
    grid: dict[str, int] = {}
    block_vars: dict[str, Any] = {}
    path = ["main"]
    while True:
        kind = type(stmt).__name__
        if kind == "SBlockRealize":
            block = stmt.block
            if len(block.iter_vars) or block.init is not None or len(block.match_buffers):
                raise LoweringError(
                    [
                        diagnostic(
                            "unsupported-block",
                            stmt,
                            path,
                            f"block `{block.name_hint}` has iteration variables, an init or match_buffers",
                        )
                    ]
                )
            allocs.extend(block.alloc_buffers)
            path.append(f"SBlock({block.name_hint})")
            stmt = block.body
            if block.name_hint != "root":
                break
        elif kind == "SeqStmt" and _thread_index_binds_then_block(stmt):
            # tx / ty / tz = T.launch_thread_idx(i): thread indices mean nothing on a Tensix core
            stmt = stmt.seq[len(stmt.seq) - 1]
        elif kind == "For" and stmt.kind == tirx.ForKind.THREAD_BINDING:
            tag = stmt.thread_binding.thread_tag if stmt.thread_binding is not None else ""
            extent = const_int(stmt.extent)
            if tag not in AXES:
                raise LoweringError(
                    [
                        diagnostic(
                            "unsupported-thread-binding",
                            stmt,
                            path,
                            f"loop `{stmt.loop_var.name}` binds `{tag}`; only blockIdx.x/y/z exist on Tenstorrent",
                        )
                    ]
                )
            if extent is None or const_int(stmt.min) != 0:
                raise LoweringError(
                    [
                        diagnostic(
                            "dynamic-grid",
                            stmt,
                            path,
                            f"grid extent of `{tag}` is `{stmt.extent}`; it must be a constant",
                        )
                    ]
                )
            if tag in grid:
                raise LoweringError(
                    [diagnostic("unsupported-kernel-structure", stmt, path, f"`{tag}` is bound twice")]
                )
            grid[tag] = extent
            block_vars[tag] = stmt.loop_var
            path.append(f"For({stmt.loop_var.name})")
            stmt = stmt.body
        else:
            break
    if not grid and not allocs and path == ["main"]:
        raise LoweringError(
            [
                diagnostic(
                    "no-kernel-launch",
                    stmt,
                    path,
                    "the function has no `with T.Kernel(...)` launch (no blockIdx loops, no tilelang_root block)",
                )
            ]
        )
    return Launch(
        grid=(grid.get(AXES[0], 1), grid.get(AXES[1], 1), grid.get(AXES[2], 1)),
        block_vars={axis: block_vars[axis] for axis in AXES if axis in block_vars},
        allocs=tuple(allocs),
        body=stmt,
    )
