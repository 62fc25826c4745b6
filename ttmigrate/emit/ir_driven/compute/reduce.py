"""``tt.reduce``: row/column sums and maxes."""

from __future__ import annotations

from typing import Any

from ttmigrate.tt.contract import ReduceOp

from .base import ComputeBase


class ReduceSteps(ComputeBase):
    def visit_tt_reduce(self, info: ReduceOp, node: Any) -> None:
        raise self.unsupported(
            "AttrStmt",
            f"tt.reduce ({info.kind} over dim {info.dim}): reduce_tile reads a scaler tile that the reader "
            "would have to generate into the scaler CB, and the emitted Metalium subset has no such step yet",
        )
