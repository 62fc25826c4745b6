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
        if self._dst is not None and self._dst != name:
            self._spill()  # another buffer's value: keep it in a CB
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
            if out.name in self._held and self._dst != out.name:
                self._reloaded(info, node)
                return
            raise self.unsupported("AttrStmt", f"GEMM block into {out.name} outside its K loop exceeds DST")
        if self._dst is not None and self._dst in (in0.name, in1.name):
            self._spill()  # an operand DST holds (FlashAttention's P): matmul_tiles reads CBs
        # an operand held in a CB (a value compute made, or a block read before this loop) is
        # waited already and popped where it is redefined or its loop ends
        held = {
            name: self._operand_hold(name, pages)
            for name, pages in ((in0.name, mt * kt), (in1.name, kt * nt))
        }
        in0 = _kept_cb(held[in0.name], in0)
        in1 = _kept_cb(held[in1.name], in1)
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
                self._spill()  # another buffer's value: keep it in a CB before the init
            self.emit_line(init)
            self._matmul_ready = out.name
        self._acquire(out.name, mt * nt)
        for symbol, pages, kept in ((a, mt * kt, held[info.in0.name]), (b, kt * nt, held[info.in1.name])):
            if kept is None or kept[1]:
                self.emit_line(f"cb_wait_front({symbol}, {pages});")
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
        for symbol, pages, kept in ((a, mt * kt, held[info.in0.name]), (b, kt * nt, held[info.in1.name])):
            if kept is None:
                self.emit_line(f"cb_pop_front({symbol}, {pages});")

    def _operand_hold(self, name: str, pages: int) -> tuple[Any, bool] | None:
        """(the CB, whether to wait on it here) of a matmul operand that is not popped after the
        matmul: a value held in a CB, or a reader block read outside the current loop (waited in
        every iteration, cb_wait_front being idempotent, and popped at the end of the loop it was
        read in); None for a block read in this loop (waited and popped here)."""
        held = self._held.get(name)
        if held is not None:
            return held[0], False
        depth = self.read_before_loop(name)
        if depth is None:
            return None
        cb = self.cb_spec(name)
        self._held[name] = (cb, pages, depth)
        return cb, True

    def _reloaded(self, info: MatmulOp, node: Any) -> None:
        """An accumulator held in a CB and larger than DST (FlashAttention's output for d = 128,
        rescaled, then ``+= P @ V``): one DST section per whole-row subblock that copies the
        subblock's partials into DST, inits the matmul and accumulates onto them, as tt-metal
        reloads partials (bmm_large_block_zm_fused_bias_activation.cpp, reload_from_cb_to_dst).
        Each subblock's old tiles are popped before its new ones are pushed, so the accumulator's
        own CB serves as source and destination."""
        sub = self._subblock(info)
        assert sub is not None
        rows, cols = sub
        tiles = rows * cols
        entry, copy = ops.op("matmul"), ops.op("copy")
        assert entry.call is not None and copy.init is not None and copy.call is not None
        out = self.cb_spec(info.out)
        source = self._held.pop(out.name)[0]
        busy = {cb.cb_id for cb, _, _ in self._held.values()}
        whole = info.mt * info.nt
        own = out.role == "intermediate" and out.num_pages >= whole and out.cb_id not in busy
        dest = out if own else self._temp_cb(out, whole)
        in0, in1 = self.cb_spec(info.in0), self.cb_spec(info.in1)
        if self._dst is not None and self._dst in (in0.name, in1.name):
            self._spill()
        kept = {
            name: self._operand_hold(name, count)
            for name, count in ((in0.name, info.mt * info.kt), (in1.name, info.kt * info.nt))
        }
        in0 = _kept_cb(kept[in0.name], in0)
        in1 = _kept_cb(kept[in1.name], in1)
        a, b, src, c = self.cb_symbol(in0), self.cb_symbol(in1), self.cb_symbol(source), self.cb_symbol(dest)
        operands = ((a, info.mt * info.kt, kept[info.in0.name]), (b, info.kt * info.nt, kept[info.in1.name]))
        for symbol, count, hold in operands:
            if hold is None or hold[1]:
                self.emit_line(f"cb_wait_front({symbol}, {count});")
        if self._pending_uninit is not None:  # before the loop, not in every subblock
            uninit, self._pending_uninit = self._pending_uninit[0], None
            self.emit_line(uninit)
        self._use(entry)
        self._use(copy)
        sb = self.names.get(("subblock", node), "sb")
        self.emit_line(f"for (uint32_t {sb} = 0; {sb} < {info.mt // rows}; ++{sb}) {{")
        self._in_effect.clear()
        self._loop_formats.append(dict(self._formats) if self._formats else None)
        with self.captured(nested=True) as body:
            self._startup(copy, src, src, c)
            self._acquire(out.name, tiles)
            self._copy_to_dst(copy, src, tiles, tiles)
            self._startup(entry, a, b, c)
            self.emit_line(self._matmul_init(info))
            loops = [
                (self.names.get(("mm", axis, node), axis), extent)
                for axis, extent in (("mi", rows), ("ni", cols), ("ki", info.kt))
            ]
            mi, ni, ki = (name if extent > 1 else "0" for name, extent in loops)
            row = f"({sb} * {rows} + {mi})" if rows > 1 else sb
            a_tile = f"{row} * {info.kt} + {ki}" if ki != "0" else f"{row} * {info.kt}"
            b_tile = f"{ni} * {info.kt} + {ki}" if info.transpose_b else f"{ki} * {info.nt} + {ni}"
            dst = f"{mi} * {cols} + {ni}" if mi != "0" else ni
            call = entry.call.render(
                {
                    "in0_cb_id": a,
                    "in1_cb_id": b,
                    "in0_tile_index": a_tile,
                    "in1_tile_index": b_tile,
                    "idst": dst,
                }
            )
            opened = [(name, extent) for name, extent in loops if extent > 1]
            for depth, (name, extent) in enumerate(opened):
                self.emit_line("    " * depth + f"for (uint32_t {name} = 0; {name} < {extent}; ++{name}) {{")
            self.emit_line("    " * len(opened) + call + ";")
            for depth in reversed(range(len(opened))):
                self.emit_line("    " * depth + "}")
            self._pack(dest, tiles)
            formats = self._loop_formats[-1]
            if formats is not None:
                self._reconfigure(formats)  # the next subblock's copy starts as the first did
        self._loop_formats.pop()
        self.splice(body.lines)
        self.emit_line("}")
        self._in_effect.clear()
        for symbol, count, hold in operands:
            if hold is None:
                self.emit_line(f"cb_pop_front({symbol}, {count});")
        self._hold(out.name, dest, whole)


def _kept_cb(kept: tuple[Any, bool] | None, spec: Any) -> Any:
    """The CB an operand is read from: where it is held, else its own."""
    return kept[0] if kept is not None else spec
