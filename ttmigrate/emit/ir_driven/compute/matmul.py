"""``tt.matmul_intrinsic``: a block matmul accumulating into DST."""

from __future__ import annotations

from typing import Any

from ttmigrate import ops
from ttmigrate.tt.contract import MatmulOp

from .base import _DST_TILES, ComputeBase


class MatmulSteps(ComputeBase):
    def visit_tt_matmul_intrinsic(self, info: MatmulOp, node: Any) -> None:
        entry = ops.op("matmul")
        in0, in1 = self.cb_spec(info.in0), self.cb_spec(info.in1)
        out = self.cb_spec(info.out)
        mt, nt, kt = info.mt, info.nt, info.kt
        if info.transpose_a:
            raise self.unsupported(
                "AttrStmt", "T.gemm with transpose_A (Metalium's matmul_tiles transposes only in1)"
            )
        if mt * nt > _DST_TILES:
            raise self.unsupported(
                "AttrStmt", f"output block of {mt * nt} tiles exceeds the {_DST_TILES}-tile DST"
            )
        a, b, c = self.cb_symbol(in0), self.cb_symbol(in1), self.cb_symbol(out)
        transpose = info.transpose_b
        self._use(entry)
        self._startup(entry, a, b, c)
        assert entry.init is not None and entry.call is not None
        init_args: dict[str, object] = {"in0_cb_id": a, "in1_cb_id": b}
        if transpose:
            init_args["transpose"] = "true"  # transpose is init state at this release, not a call argument
        init = entry.init.render(init_args) + ";"
        if self._matmul_only:
            self.prologue_inits.setdefault(init, None)
        else:
            self.emit_line(init)
        self._acquire(out.name, mt * nt)
        self.emit_line(f"cb_wait_front({a}, {mt * kt});")
        self.emit_line(f"cb_wait_front({b}, {kt * nt});")
        loops = [
            (self.names.get(("mm", axis, node), axis), extent)
            for axis, extent in (("mi", mt), ("ni", nt), ("ki", kt))
        ]
        index = {
            axis: (name if extent > 1 else "0")
            for (name, extent), axis in zip(loops, ("m", "n", "k"), strict=True)
        }

        def term(var: str, scale: int) -> str:
            return "0" if var == "0" else (var if scale == 1 else f"{var} * {scale}")

        def add(*parts: str) -> str:
            kept = [p for p in parts if p != "0"]
            return " + ".join(kept) or "0"

        a_tile = add(term(index["m"], kt), index["k"])
        b_tile = add(term(index["n"], kt), index["k"]) if transpose else add(term(index["k"], nt), index["n"])
        dst = add(term(index["m"], nt), index["n"])
        opened = 0
        for name, extent in loops:
            if extent > 1:
                self.emit_line("    " * opened + f"for (uint32_t {name} = 0; {name} < {extent}; ++{name}) {{")
                opened += 1
        call = entry.call.render(
            {"in0_cb_id": a, "in1_cb_id": b, "in0_tile_index": a_tile, "in1_tile_index": b_tile, "idst": dst}
        )
        self.emit_line("    " * opened + call + ";")
        for depth in reversed(range(opened)):
            self.emit_line("    " * depth + "}")
        self.emit_line(f"cb_pop_front({a}, {mt * kt});")
        self.emit_line(f"cb_pop_front({b}, {kt * nt});")
