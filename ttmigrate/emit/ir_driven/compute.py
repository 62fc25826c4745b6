"""Task 2: the compute visitor.

It tracks what the DST register file holds. ``T.clear`` of an accumulator is ``tile_regs_acquire``
(acquire zeroes DST); ``tt.matmul_intrinsic`` accumulates into DST; ``tt.eltwise`` evaluates the
operator tree the lowering read from the IR (never guessed); the write ``tt.copy`` of the buffer
that DST holds is commit / wait / reserve / pack / push / release. A binary operand that is not in
a CB yet (a sub-expression, or the accumulator itself) is packed into an intermediate CB first,
because Metalium's binary ops read both operands from CBs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..program import CircularBufferSpec
from .visitor import TTCodegenVisitor

_BINARY_OPS = {"add": "add_tiles", "sub": "sub_tiles", "mul": "mul_tiles"}
_UNARY_OPS = {"exp": "exp_tile", "relu": "relu_tile"}
_HEADERS = {
    "matmul": "compute_kernel_api/matmul.h",
    "binary": "compute_kernel_api/eltwise_binary.h",
    "copy": "compute_kernel_api/tile_move_copy.h",
    "sfpu": "compute_kernel_api/eltwise_unary/eltwise_unary.h",
    "exp": "compute_kernel_api/eltwise_unary/exp.h",
    "relu": "compute_kernel_api/eltwise_unary/relu.h",
    "bcast": "compute_kernel_api/bcast.h",
}
_DST_TILES = 16
_BCAST_DIMS = {"row": "ROW", "col": "COL"}
_BCAST_OPS = {"add": "ELWADD", "sub": "ELWSUB", "mul": "ELWMUL"}


_Leaves = list[tuple[CircularBufferSpec, int]]  # CBs waited by one element-wise op, with page counts


@dataclass
class _Operand:
    cb: CircularBufferSpec
    pages: int
    bcast: str  # "none" | "row"


class ComputeVisitor(TTCodegenVisitor):
    kernel_kind = "compute"

    def __init__(
        self, func: Any, circular_buffers: tuple[CircularBufferSpec, ...], *, first_temp_id: int
    ) -> None:
        super().__init__(func, circular_buffers)
        self.headers: set[str] = {_HEADERS["copy"]}
        self.init_line = ""
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

    def _set_init(self, line: str) -> None:
        if not self.init_line:
            self.init_line = line

    # --- annotations ----------------------------------------------------------------------------

    def visit_tt_copy(self, info: dict[str, Any], node: Any) -> None:
        if info["direction"] == "read":
            return  # the reader fills the CB; compute waits where a tile is used
        cb = self.cb_spec(info["cb"])
        tiles = int(info["tiles"][0]) * int(info["tiles"][1])
        if self._dst == cb.name:
            self._pack(cb, tiles)
        elif cb.role == "input":
            return  # a CB the reader fills and the writer drains: data passes compute by
        else:
            raise self.unsupported(
                "AttrStmt", f"write of {cb.name}, whose tiles are neither in DST nor filled by the reader"
            )

    def visit_tt_fill(self, info: dict[str, Any], node: Any) -> None:
        value = info["value"]
        if value not in (0, 0.0):
            raise self.unsupported(
                "AttrStmt", f"T.fill of {info['cb'].name} with {value} (only clearing to zero)"
            )
        cb = self.cb_spec(info["cb"])
        tiles = cb.num_pages
        if tiles > _DST_TILES:
            raise self.unsupported(
                "AttrStmt", f"accumulator {cb.name} of {tiles} tiles exceeds the {_DST_TILES}-tile DST"
            )
        self._acquire(cb.name, tiles)  # acquire zeroes DST: this is the clear

    def visit_tt_matmul_intrinsic(self, info: dict[str, Any], node: Any) -> None:
        in0, in1 = self.cb_spec(info["in0"]), self.cb_spec(info["in1"])
        out = self.cb_spec(info["out"])
        mt, nt, kt = int(info["mt"]), int(info["nt"]), int(info["kt"])
        if info["transpose_a"]:
            raise self.unsupported(
                "AttrStmt", "T.gemm with transpose_A (Metalium's matmul_tiles transposes only in1)"
            )
        if mt * nt > _DST_TILES:
            raise self.unsupported(
                "AttrStmt", f"output block of {mt * nt} tiles exceeds the {_DST_TILES}-tile DST"
            )
        a, b, c = self.cb_symbol(in0), self.cb_symbol(in1), self.cb_symbol(out)
        self.headers.add(_HEADERS["matmul"])
        self._set_init(f"mm_init({a}, {b}, {c});")
        self._acquire(out.name, mt * nt)
        self.emit_line(f"cb_wait_front({a}, {mt * kt});")
        self.emit_line(f"cb_wait_front({b}, {kt * nt});")
        transpose = bool(info["transpose_b"])
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
        flag = "true" if transpose else "false"
        self.emit_line("    " * opened + f"matmul_tiles({a}, {b}, {a_tile}, {b_tile}, {dst}, {flag});")
        for depth in reversed(range(opened)):
            self.emit_line("    " * depth + "}")
        self.emit_line(f"cb_pop_front({a}, {mt * kt});")
        self.emit_line(f"cb_pop_front({b}, {kt * nt});")

    def visit_tt_reduce(self, info: dict[str, Any], node: Any) -> None:
        raise self.unsupported(
            "AttrStmt",
            f"tt.reduce ({info['kind']} over dim {info['dim']}): reduce_tile reads a scaler tile that the reader "
            "would have to generate into the scaler CB, and the emitted Metalium subset has no such step yet",
        )

    def visit_tt_eltwise(self, info: dict[str, Any], node: Any) -> None:
        out = self.cb_spec(info["out"])
        tiles = int(info["tiles"][0]) * int(info["tiles"][1])
        if tiles > _DST_TILES:
            raise self.unsupported(
                "AttrStmt", f"element-wise block of {tiles} tiles exceeds the {_DST_TILES}-tile DST"
            )
        self._waited = set()
        self._width = int(info["tiles"][1])
        leaves: list[tuple[CircularBufferSpec, int]] = []
        self._into_dst(info["expr"], out, tiles, leaves)
        for cb, pages in leaves:  # each leaf waited once, popped once, after its last use
            self.emit_line(f"cb_pop_front({self.cb_symbol(cb)}, {pages});")
        self._dst, self._dst_tiles = out.name, tiles

    # --- element-wise trees ---------------------------------------------------------------------

    def _leaf_pages(self, cb: CircularBufferSpec, tiles: int) -> int:
        return cb.num_pages // 2 if cb.role == "input" and cb.num_pages > 1 else min(cb.num_pages, tiles)

    def _wait_leaf(self, cb: CircularBufferSpec, pages: int, leaves: _Leaves) -> None:
        if cb.cb_id not in self._waited:
            self.emit_line(f"cb_wait_front({self.cb_symbol(cb)}, {pages});")
            self._waited.add(cb.cb_id)
            leaves.append((cb, pages))

    def _operand(self, expr: list[Any], out: CircularBufferSpec, tiles: int, leaves: _Leaves) -> _Operand:
        """A binary operand in a CB: a leaf as it is, anything else computed and packed to a temp."""
        while expr[0] == "cast":  # DST is float32 and pack_tile converts: a cast changes nothing here
            expr = expr[1]
        if expr[0] == "cb" and expr[2] != self._dst:
            cb = self.cb_spec(str(expr[2]))
            bcast = str(expr[3]) if len(expr) > 3 else "none"
            pages = self._leaf_pages(cb, tiles)
            self._wait_leaf(cb, pages, leaves)
            return _Operand(cb, pages, bcast)
        if self._dst is not None and not (expr[0] == "cb" and expr[2] == self._dst):
            raise self.unsupported("AttrStmt", f"operand {expr[0]} while DST holds {self._dst}")
        self._into_dst(expr, out, tiles, leaves)
        temp = self._temp_cb(out, tiles)
        self._pack(temp, tiles)
        self._wait_leaf(temp, tiles, leaves)
        return _Operand(temp, tiles, "none")

    def _into_dst(self, expr: list[Any], out: CircularBufferSpec, tiles: int, leaves: _Leaves) -> None:
        op = str(expr[0])
        if op == "cb":
            if expr[2] == self._dst:
                return  # already in DST (an epilogue on the accumulator)
            operand = self._operand(expr, out, tiles, leaves)
            if operand.bcast != "none":
                raise self.unsupported(
                    "AttrStmt", f"broadcast operand {operand.cb.name} outside a binary operation"
                )
            sym = self.cb_symbol(operand.cb)
            self._set_init(f"init_sfpu({sym}, {self.cb_symbol(out)});")
            self.headers.add(_HEADERS["sfpu"])
            self._acquire(out.name, tiles)
            self.emit_line(f"copy_tile_init({sym});")
            self._for_tiles(tiles, f"copy_tile({sym}, {{t}}, {{t}});")
            return
        if op == "cast":
            self._into_dst(expr[1], out, tiles, leaves)  # DST is float32; pack_tile converts
            return
        if op in _UNARY_OPS:
            self._into_dst(expr[1], out, tiles, leaves)
            self.headers.update({_HEADERS["sfpu"], _HEADERS[op]})
            self.emit_line(f"{_UNARY_OPS[op]}_init();")
            self._for_tiles(tiles, f"{_UNARY_OPS[op]}({{t}});")
            return
        if op in _BINARY_OPS:
            lhs = self._operand(expr[1], out, tiles, leaves)
            rhs = self._operand(expr[2], out, tiles, leaves)
            self._binary(op, lhs, rhs, out, tiles, self._width)
            return
        raise self.unsupported(
            "AttrStmt", f"element-wise operator {op!r} has no Metalium tile operation here"
        )

    def _binary_bcast(
        self, op: str, a: str, b: str, rhs: _Operand, out: CircularBufferSpec, tiles: int, width: int
    ) -> None:
        """A op broadcast(B): B is one row of tiles (ROW: the tile of column t % width) or one column
        of tiles (COL: the tile of row t / width) of a block ``width`` tiles wide."""
        self.headers.add(_HEADERS["bcast"])
        if rhs.bcast == "row" and op == "add":  # the short form Metalium's own examples use
            self.emit_line(f"add_bcast_rows_init_short({a}, {b});")
            call = "add_tiles_bcast_rows"
        else:
            dim = _BCAST_DIMS[rhs.bcast]
            self.emit_line(
                f"init_bcast<EltwiseBinaryType::{_BCAST_OPS[op]}, BroadcastType::{dim}>({a}, {b}, {self.cb_symbol(out)});"
            )
            call = f"{op}_tiles_bcast<BroadcastType::{dim}>"
        if rhs.pages <= 1:
            index = "0"
        elif rhs.bcast == "row":
            index = f"{{t}} % {width}"
        else:
            index = f"{{t}} / {width}"
        self._for_tiles(tiles, f"{call}({a}, {b}, {{t}}, {index}, {{t}});")

    def _binary(
        self, op: str, lhs: _Operand, rhs: _Operand, out: CircularBufferSpec, tiles: int, width: int
    ) -> None:
        a, b = self.cb_symbol(lhs.cb), self.cb_symbol(rhs.cb)
        self._set_init(f"binary_op_init_common({a}, {b}, {self.cb_symbol(out)});")
        self.headers.add(_HEADERS["binary"])
        if lhs.bcast != "none":
            raise self.unsupported("AttrStmt", f"{op} with a broadcast left operand {lhs.cb.name}")
        self._acquire(out.name, tiles)
        if rhs.bcast in _BCAST_DIMS:
            self._binary_bcast(op, a, b, rhs, out, tiles, width)
            return
        if rhs.bcast != "none":
            raise self.unsupported("AttrStmt", f"{rhs.bcast}-broadcast operand {rhs.cb.name}")
        name = _BINARY_OPS[op]
        self.emit_line(f"{name}_init({a}, {b});")
        self._for_tiles(tiles, f"{name}({a}, {b}, {{t}}, {{t}}, {{t}});")

    def finish(self) -> None:
        if self._dst is not None:
            raise self.unsupported(
                "PrimFunc",
                f"DST still holds {self._dst} at the end of the kernel: its result is never written",
            )
