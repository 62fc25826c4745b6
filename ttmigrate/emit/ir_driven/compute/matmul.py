"""``tt.matmul_intrinsic``: a block matmul accumulating into DST.

The matmul's init runs outside the DST-held section: once in the prologue when the kernel runs
nothing but matmuls, else once per work unit just before the accumulator's ``tile_regs_acquire``
(after an epilogue's other init, the next unit's clear re-inits). A block larger than the DST math
may use (:attr:`ComputeBase.dst_capacity`) is computed in whole-row subblocks, one DST section
each with its own K loop; the reader delivers each subblock's operands (``matmul_subblock``).
"""

from __future__ import annotations

from typing import Any

from ttmigrate import ops
from ttmigrate.tt.contract import MatmulOp

from ...numerics import k_loop_matmul, matmul_subblock
from .base import ComputeBase


class MatmulSteps(ComputeBase):
    def _matmul_init(self, info: MatmulOp) -> str:
        entry = ops.op("matmul")
        assert entry.init is not None
        a, b = self.cb_symbol(self.cb_spec(info.in0)), self.cb_symbol(self.cb_spec(info.in1))
        init_args: dict[str, object] = {"in0_cb_id": a, "in1_cb_id": b}
        if info.transpose_b:
            init_args["transpose"] = "true"  # transpose is init state at this release, not a call argument
        return entry.init.render(init_args) + ";"

    def _subblock(self, info: MatmulOp) -> tuple[int, int] | None:
        try:
            return matmul_subblock(info, self.dst_capacity)
        except ValueError as error:
            raise self.unsupported("AttrStmt", str(error)) from error

    def open_accumulator(self, name: str, tiles: int) -> None:
        """T.clear of an accumulator: the matmul's init (unless in the prologue), then the DST
        acquire that zeroes it; a subblocked accumulator opens one section per subblock instead."""
        info = self._matmul_of.get(name)
        if info is not None and self._subblock(info) is not None:
            self._subblocked.add(name)
            return
        if tiles > self.dst_capacity:
            raise self.unsupported(
                "AttrStmt", f"accumulator {name} of {tiles} tiles exceeds the {self.dst_capacity}-tile DST"
            )
        if info is not None and self._dst is None and not self._matmul_only:
            self.emit_line(self._matmul_init(info))
            self._matmul_ready = name
        self._acquire(name, tiles)

    def visit_For(self, node: Any) -> None:
        info = k_loop_matmul(node)
        sub = self._subblock(info) if info is not None else None
        if info is None or sub is None:
            super().visit_For(node)
            return
        out = self.cb_spec(info.out)
        if out.name not in self._subblocked:
            raise self.unsupported(
                "For", f"K loop of the subblocked GEMM into {out.name} without its T.clear"
            )
        rows, cols = sub
        count = info.mt // rows
        self.matmul_subblocks = sub
        name = self.names.get(("subblock", node), "sb")
        self.emit_line(f"for (uint32_t {name} = 0; {name} < {count}; ++{name}) {{")
        with self.captured(nested=True) as body:
            self._acquire(out.name, rows * cols)
            self._in_subblock = sub
            super().visit_For(node)
            self._in_subblock = None
            self._pack(out, rows * cols)
        self.splice(body.lines)
        self.emit_line("}")
        self._subblocked.discard(out.name)
        self._subblocked_done.add(out.name)

    def visit_tt_matmul_intrinsic(self, info: MatmulOp, node: Any) -> None:
        entry = ops.op("matmul")
        in0, in1 = self.cb_spec(info.in0), self.cb_spec(info.in1)
        out = self.cb_spec(info.out)
        kt = info.kt
        mt, nt = self._in_subblock or (info.mt, info.nt)
        if info.transpose_a:
            raise self.unsupported(
                "AttrStmt", "T.gemm with transpose_A (Metalium's matmul_tiles transposes only in1)"
            )
        if self._in_subblock is None and self._subblock(info) is not None:
            raise self.unsupported("AttrStmt", f"GEMM block into {out.name} outside its K loop exceeds DST")
        a, b, c = self.cb_symbol(in0), self.cb_symbol(in1), self.cb_symbol(out)
        transpose = info.transpose_b
        self._use(entry)
        self._startup(entry, a, b, c)
        assert entry.call is not None
        init = self._matmul_init(info)
        if self._matmul_only:
            self.prologue_inits.setdefault(init, None)
        elif self._matmul_ready != out.name:
            # DST holding the accumulator itself (preloaded: a mask, a rescaled output) takes the
            # init inside the section, as tt-metal reloads partials (copy, then mm init, then
            # matmul in one acquire); any other buffer in DST would be clobbered by the accumulation
            if self._dst is not None and self._dst != out.name:
                raise self.unsupported(
                    "AttrStmt",
                    f"matmul into {out.name} while DST holds {self._dst} (its init would sit inside)",
                )
            self.emit_line(init)
            self._matmul_ready = out.name
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
