"""``tt.mask``: a causal mask as the start of an accumulator (FlashAttention's score tile).

DST is acquired and each tile of the block gets a copy of one of the reader's three mask tiles,
chosen by the tile's place against the diagonal: ``d = diagonal + ti - tj`` (in tiles) above 0 is
the all-keep tile, below 0 the all-masked tile, 0 the triangle. A matmul then accumulates into
DST on top of it, as ``T.gemm`` accumulates into the masked ``acc_s``. The mask CB is waited once
at the kernel start and popped once at its end: the reader generates it once.
"""

from __future__ import annotations

from typing import Any

from ttmigrate import ops
from ttmigrate.tt.contract import MaskOp

from ..tiles import strip_parens
from .base import _DST_TILES, ComputeBase


class MaskSteps(ComputeBase):
    _mask_symbol: str | None = None

    def visit_tt_mask(self, info: MaskOp, node: Any) -> None:
        out = self.cb_spec(info.out)
        mask = next((cb for cb in self._cbs.values() if cb.cb_id == info.mask_cb), None)
        if mask is None:
            raise self.unsupported("AttrStmt", f"tt.mask of {out.name}: no mask CB {info.mask_cb}")
        tiles = info.num_tiles
        if tiles > _DST_TILES:
            raise self.unsupported("AttrStmt", f"mask of {tiles} tiles exceeds the {_DST_TILES}-tile DST")
        if self._dst is not None:
            raise self.unsupported("AttrStmt", f"mask of {out.name} while DST holds {self._dst}")
        entry = ops.op("copy")
        assert entry.init is not None and entry.call is not None
        sym = self.cb_symbol(mask)
        if self._mask_symbol is None:
            self._mask_symbol = sym
            self.prologue_inits.setdefault(f"cb_wait_front({sym}, 3);", None)
        self._use(entry)
        self._startup(entry, sym, sym, self.cb_symbol(out))
        self._acquire(out.name, tiles)
        self.emit_line(entry.init.render({"cbid": sym}) + ";")
        width = info.tiles[1]
        diagonal = strip_parens(self.emit_expr(info.diagonal))
        index = self.names.get("tile index", "t")
        place = self.names.get(("mask place", node), "tile_diagonal")
        self.emit_line(f"for (uint32_t {index} = 0; {index} < {tiles}; ++{index}) {{")
        row = f"{index} / {width}" if width > 1 else index
        col = f"{index} % {width}" if width > 1 else "0"
        self.emit_line(f"    int32_t {place} = (int32_t)({diagonal}) + (int32_t)({row}) - (int32_t)({col});")
        choice = f"{place} > 0 ? 0 : ({place} < 0 ? 1 : 2)"
        call = entry.call.render({"in_cb_id": sym, "in_tile_index": choice, "dst_tile_index": index})
        self.emit_line(f"    {call};")
        self.emit_line("}")

    def finish(self) -> None:
        if self._mask_symbol is not None:
            self.emit_line(f"cb_pop_front({self._mask_symbol}, 3);")
        super().finish()
