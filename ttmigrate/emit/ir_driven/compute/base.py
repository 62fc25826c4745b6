"""The compute visitor's shared state: what DST holds, the start-up, temps, and tile loops.

Each group of ``tt.*`` annotations has its own module (copy/fill, matmul, reduce, element-wise);
:class:`ComputeVisitor` (``__init__``) composes them. This module owns the DST-held section.
"""

from __future__ import annotations

from typing import Any

from ttmigrate import ops
from ttmigrate.ops import kernel_api
from ttmigrate.tt.ir import walk

from ...program import CircularBufferSpec
from ..visitor import TTCodegenVisitor

_DST_TILES = 16


class ComputeBase(TTCodegenVisitor):
    kernel_kind = "compute"

    def __init__(
        self, func: Any, circular_buffers: tuple[CircularBufferSpec, ...], *, first_temp_id: int
    ) -> None:
        super().__init__(func, circular_buffers)
        self.headers: set[str] = {kernel_api.COPY_H}
        self.startup_line = ""  # compute_kernel_hw_startup, once at the start, for the first op
        # matmul_init goes at the kernel start when the kernel runs nothing but matmuls; any other
        # op's init would reconfigure the engines, so then each matmul block re-inits.
        self._matmul_only = _matmul_only(func)
        self.prologue_inits: dict[str, None] = {}  # inits printed once after the start-up, in order
        self.temps: list[CircularBufferSpec] = []
        self._next_temp = first_temp_id
        self._dst: str | None = None  # name of the buffer whose tiles DST holds
        self._dst_tiles = 0
        self._waited: set[int] = set()  # leaf CBs waited in the current eltwise
        self._width = 1  # tiles per row of the current element-wise block

    # --- helpers --------------------------------------------------------------------------------

    def _for_tiles(self, count: int, body: str) -> None:
        """``body`` once per tile; ``{t}`` is the tile index (the literal 0 for one tile)."""
        if count == 1:
            self.emit_line(body.format(t="0"))
            return
        # Tile loops never nest and each scopes its own index, so one reserved name serves them all.
        name = self.names.get("tile index", "t")
        self.emit_line(f"for (uint32_t {name} = 0; {name} < {count}; ++{name}) {{")
        self.emit_line("    " + body.format(t=name))
        self.emit_line("}")

    def _acquire(self, owner: str, tiles: int) -> None:
        if self._dst is None:
            self.emit_line("tile_regs_acquire();")
        self._dst, self._dst_tiles = owner, tiles

    def _pack(self, cb: CircularBufferSpec, tiles: int) -> None:
        symbol = self.cb_symbol(cb)
        self.emit_line("tile_regs_commit();")
        self.emit_line("tile_regs_wait();")
        self.emit_line(f"cb_reserve_back({symbol}, {tiles});")
        self._for_tiles(tiles, f"pack_tile({{t}}, {symbol});")
        self.emit_line(f"cb_push_back({symbol}, {tiles});")
        self.emit_line("tile_regs_release();")
        self._dst = None

    def _temp_cb(self, like: CircularBufferSpec, tiles: int) -> CircularBufferSpec:
        temp = CircularBufferSpec(
            cb_id=self._next_temp,
            name=f"tmp{len(self.temps)}",
            role="intermediate",
            num_pages=tiles,
            page_size=like.page_size,
            dtype=like.dtype,
        )
        self._next_temp += 1
        self.temps.append(temp)
        return temp

    def _startup(self, entry: ops.OpDef, icb0: str, icb1: str, ocb: str) -> None:
        if not self.startup_line and entry.startup is not None:
            self.startup_line = entry.startup.render({"icb0": icb0, "icb1": icb1, "ocb": ocb}) + ";"

    def _use(self, entry: ops.OpDef) -> None:
        self.headers.update(h for h in entry.headers if h != kernel_api.COMMON_H)

    def finish(self) -> None:
        if self._dst is not None:
            raise self.unsupported(
                "PrimFunc",
                f"DST still holds {self._dst} at the end of the kernel: its result is never written",
            )


def _matmul_only(func: Any) -> bool:
    """True when the body's compute annotations are all matmuls (fills and copies aside)."""
    keys: set[str] = set()

    def visit(node: Any) -> None:
        if type(node).__name__ == "AttrStmt" and str(node.attr_key) in (
            "tt.eltwise",
            "tt.reduce",
            "tt.matmul_intrinsic",
            "tt.mask",
        ):
            keys.add(str(node.attr_key))

    walk(func.body, visit)
    return keys == {"tt.matmul_intrinsic"}
