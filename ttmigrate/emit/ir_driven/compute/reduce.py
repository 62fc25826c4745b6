"""``tt.reduce``: row/column sums and maxes, as tt-metal's reduce kernels compute them.

``reduce_tile`` reads its operand from a CB (so a value DST holds is spilled first) and multiplies
by the scaler tile the reader generated (1.0, or 1/N for a mean). A row reduce of an (h x w)-tile
block accumulates the w tiles of tile row i into DST[i] (the result is column 0 of each tile, a
column vector); a column reduce accumulates the h tiles of tile column j into DST[j] (row 0). The
result is packed while reduce_init's packer mask is in effect (the other elements are written as
zero), then ``reduce_uninit`` restores the packer before any other op's init. ``clear=False`` adds
(or maxes) into the old value, copied into DST first.
"""

from __future__ import annotations

from typing import Any

from ttmigrate import ops
from ttmigrate.tt.contract import ReduceOp

from ...program import CircularBufferSpec
from .base import ComputeBase, dst_chunk


class ReduceSteps(ComputeBase):
    def visit_tt_reduce(self, info: ReduceOp, node: Any) -> None:
        dim = ops.REDUCE_DIM_OF_AXIS.get(info.dim)
        if dim is None or info.scaler_cb is None:
            raise self.unsupported("AttrStmt", f"tt.reduce over dim {info.dim} (only dims 0 and 1)")
        entry = ops.reduce(info.kind, dim)
        h, w = info.tiles
        out_tiles = h if dim == "row" else w
        # a result larger than DST is computed in chunks of result tiles (tile rows of a row
        # reduce, tile columns of a column reduce), each acquired, reduced and packed on its own
        chunk = dst_chunk(out_tiles, self.dst_capacity)
        if chunk < out_tiles and not info.clear:
            raise self.unsupported(
                "AttrStmt",
                f"tt.reduce with clear=False into a {out_tiles}-tile result larger than the "
                f"{self.dst_capacity}-tile DST",
            )
        src_name, dst_name = str(info.src.name), str(info.dst.name)
        if dst_name in self._pushed or src_name in self._pushed:
            raise self.unsupported(
                "AttrStmt",
                f"tt.reduce reads {dst_name if dst_name in self._pushed else src_name} after its "
                "value went to the writer",
            )
        self._spill()  # the operand must be in a CB, and DST must be free for the result
        src_cb, src_pages = self._reduce_operand(src_name, h * w)
        scaler = self._scaler(info.scaler_cb)
        out = self.cb_spec(info.dst)
        ocb = out if out.role in ("output", "intermediate") and out.num_pages >= out_tiles else None
        if ocb is None:
            ocb = self._temp_cb(out, out_tiles)
        a, s, o = self.cb_symbol(src_cb), self.cb_symbol(scaler), self.cb_symbol(ocb)
        self._use(entry)
        self._startup(entry, a, s, o)
        assert entry.init is not None and entry.call is not None and entry.config is not None
        if chunk < out_tiles:
            self._flush_uninit()  # before the loop, not into every chunk
            base = self.names.get("reduce chunk", "rc")
            self.emit_line(f"for (uint32_t {base} = 0; {base} < {out_tiles}; {base} += {chunk}) {{")
            self._in_effect.clear()  # a chunk's reduce_init follows the previous chunk's pack
            with self.captured(nested=True) as body:
                self._acquire(dst_name, chunk)
                self.emit_line(entry.init.render({"icb": a, "icb_scaler": s, "ocb": o}) + ";")
                if dim == "row":
                    self._reduce_tiles(entry, a, s, chunk, w, dim, info.scaler_tile, base=(base, w))
                else:
                    self._reduce_tiles(entry, a, s, h, chunk, dim, info.scaler_tile, base=(base, w))
                self._pack(ocb, chunk)
            self.splice(body.lines)
            self.emit_line("}")
            self._in_effect.clear()
            if src_name not in self._held and src_pages:
                self.emit_line(f"cb_pop_front({a}, {src_pages});")
            self._release(dst_name)
        else:
            self._acquire(dst_name, out_tiles)
            if not info.clear:
                self._old_value(dst_name, out_tiles)
            self.emit_line(entry.init.render({"icb": a, "icb_scaler": s, "ocb": o}) + ";")
            self._reduce_tiles(entry, a, s, h, w, dim, info.scaler_tile)
            if src_name not in self._held and src_pages:
                self.emit_line(f"cb_pop_front({a}, {src_pages});")
            self._release(dst_name)  # the old value (clear=False read it) is replaced
            self._pack(ocb, out_tiles)
        uninit = entry.config.uninit
        assert uninit is not None
        # restores the packer mask before any other op's init (base.py emits it when one comes)
        self._pending_uninit = (f"{uninit.name}({a});", entry.call.template["reduce_dim"])
        if ocb.role == "output":
            self._pushed.add(dst_name)
        else:
            self._hold(dst_name, ocb, out_tiles)

    def _reduce_operand(self, name: str, tiles: int) -> tuple[CircularBufferSpec, int]:
        """The CB holding ``name`` and the pages to pop after the reduce (0: held, popped later).
        A reader-filled CB is waited for and held."""
        held = self._held.get(name)
        if held is not None:
            return held[0], 0
        cb = self.cb_spec(name)
        if cb.role != "input":
            raise self.unsupported(
                "AttrStmt", f"tt.reduce of {name}, whose tiles are neither in DST, held in a CB nor read"
            )
        # held, not popped: another reduce (or an element-wise op) may read the same tiles; the
        # pages go at the end of the loop that read them
        self._hold(name, cb, tiles)
        return cb, 0

    def _scaler(self, cb_id: int) -> CircularBufferSpec:
        scaler = next((cb for cb in self._cbs.values() if cb.cb_id == cb_id), None)
        if scaler is None:
            raise self.unsupported(
                "AttrStmt", f"tt.reduce scaler CB {cb_id}, which the table does not declare"
            )
        # the reader pushes every scaler page once, before the work loop; compute waits once and
        # pops them at the end of the kernel (held at depth 0: ``finish`` releases it)
        self.prologue_inits.setdefault(f"cb_wait_front({self.cb_symbol(scaler)}, {scaler.num_pages});", None)
        self._held.setdefault(scaler.name, (scaler, scaler.num_pages, 0))
        return scaler

    def _old_value(self, name: str, tiles: int) -> None:
        """``clear=False``: the old value, copied into DST[0..tiles) for the reduce to add into."""
        held = self._held.get(name)
        if held is None:
            raise self.unsupported(
                "AttrStmt", f"tt.reduce with clear=False into {name}, whose old value is not in a CB here"
            )
        entry = ops.op("copy")
        assert entry.init is not None and entry.call is not None
        sym = self.cb_symbol(held[0])
        self.emit_line(entry.init.render({"cbid": sym}) + ";")
        self._for_tiles(
            tiles, entry.call.render({"in_cb_id": sym, "in_tile_index": "{t}", "dst_tile_index": "{t}"}) + ";"
        )

    def _reduce_tiles(
        self,
        entry: ops.OpDef,
        a: str,
        s: str,
        h: int,
        w: int,
        dim: str,
        scaler_tile: int,
        *,
        base: tuple[str, int] | None = None,
    ) -> None:
        """reduce_tile over an (h x w)-tile block; ``base``: (the chunk's first result tile, the
        block's width in tiles) when the block is one chunk of a larger one."""
        assert entry.call is not None
        row, col = self.names.get(("reduce", "row"), "tr"), self.names.get(("reduce", "col"), "tc")
        r = row if h > 1 else "0"
        c = col if w > 1 else "0"
        idst = r if dim == "row" else c
        if base is None:
            tile = f"{r} * {w} + {c}" if h > 1 and w > 1 else (r if h > 1 else c)  # "0" for one tile
        else:
            first, width = base
            if dim == "row":
                tile = f"({first} + {r}) * {width} + {c}" if r != "0" else f"{first} * {width} + {c}"
            else:
                tile = f"{r} * {width} + {first} + {c}" if c != "0" else f"{r} * {width} + {first}"
        call = entry.call.render(
            {"icb": a, "icb_scaler": s, "itile": tile, "itile_scaler": str(scaler_tile), "idst": idst}
        )
        opened = 0
        for name, extent in ((row, h), (col, w)):
            if extent > 1:
                self.emit_line("    " * opened + f"for (uint32_t {name} = 0; {name} < {extent}; ++{name}) {{")
                opened += 1
        self.emit_line("    " * opened + call + ";")
        for depth in reversed(range(opened)):
            self.emit_line("    " * depth + "}")
