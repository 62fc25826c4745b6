"""``tt.copy`` (the write of DST to a CB) and ``tt.fill`` (a clear, which is the DST acquire)."""

from __future__ import annotations

from typing import Any

from ttmigrate import ops
from ttmigrate.tt.contract import CopyOp, FillOp

from .base import ComputeBase


class CopyFillSteps(ComputeBase):
    def visit_tt_copy(self, info: CopyOp, node: Any) -> None:
        if info.direction == "read":
            return  # the reader fills the CB; compute waits where a tile is used
        cb = self.cb_spec(info.cb)
        tiles = info.num_tiles
        if self._dst == cb.name:
            self._pack(cb, tiles)
        elif cb.name in self._subblocked_done:
            self._subblocked_done.discard(cb.name)  # packed subblock by subblock, in the block's order
        elif cb.name in self._pushed:
            self._pushed.discard(cb.name)  # a reduce packed its result into this output CB
        elif cb.name in self._held:
            held, pages, _ = self._held.pop(cb.name)  # a value held in another CB: copy it out
            copy = ops.op("copy")
            assert copy.init is not None and copy.call is not None
            src = self.cb_symbol(held)
            self._use(copy)
            self._acquire(cb.name, tiles)
            self._copy_to_dst(copy, src, tiles, pages)
            self._pack(cb, tiles)
        elif cb.role == "input":
            return  # a CB the reader fills and the writer drains: data passes compute by
        else:
            raise self.unsupported(
                "AttrStmt", f"write of {cb.name}, whose tiles are neither in DST nor filled by the reader"
            )

    def visit_tt_fill(self, info: FillOp, node: Any) -> None:
        value = _const_value(info.value)
        if value not in (0, 0.0):
            raise self.unsupported(
                "AttrStmt", f"T.fill of {info.cb.name} with {info.value} (only clearing to zero)"
            )
        cb = self.cb_spec(info.cb)
        self.open_accumulator(cb.name, cb.num_pages)  # acquire zeroes DST: this is the clear


def _const_value(value: Any) -> Any:
    kind = type(value).__name__
    if kind in ("IntImm", "FloatImm"):
        return value.value
    return value
