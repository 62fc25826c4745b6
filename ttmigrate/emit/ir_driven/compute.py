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

from ttmigrate import ops
from ttmigrate.ops import kernel_api
from ttmigrate.tt.contract import Apply, Cast, CbLeaf, CopyOp, EltwiseOp, Expr, FillOp, MatmulOp, ReduceOp
from ttmigrate.tt.ir import walk

from ..program import CircularBufferSpec
from .visitor import TTCodegenVisitor

_DST_TILES = 16
_Leaves = list[tuple[CircularBufferSpec, int]]  # CBs waited by one element-wise op, with page counts


def header_order() -> tuple[str, ...]:
    """Compute includes in one fixed order: the registry's ops in registration order."""
    order: list[str] = [kernel_api.COPY_H]
    for entry in ops.OPS.values():
        order.extend(h for h in entry.headers if h not in order and h != kernel_api.COMMON_H)
    return tuple(order)


@dataclass
class _Operand:
    cb: CircularBufferSpec
    pages: int
    bcast: str  # "none" | "row" | "col"


class ComputeVisitor(TTCodegenVisitor):
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

    # --- annotations ----------------------------------------------------------------------------

    def visit_tt_copy(self, info: CopyOp, node: Any) -> None:
        if info.direction == "read":
            return  # the reader fills the CB; compute waits where a tile is used
        cb = self.cb_spec(info.cb)
        tiles = info.num_tiles
        if self._dst == cb.name:
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
        tiles = cb.num_pages
        if tiles > _DST_TILES:
            raise self.unsupported(
                "AttrStmt", f"accumulator {cb.name} of {tiles} tiles exceeds the {_DST_TILES}-tile DST"
            )
        self._acquire(cb.name, tiles)  # acquire zeroes DST: this is the clear

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

    def visit_tt_reduce(self, info: ReduceOp, node: Any) -> None:
        raise self.unsupported(
            "AttrStmt",
            f"tt.reduce ({info.kind} over dim {info.dim}): reduce_tile reads a scaler tile that the reader "
            "would have to generate into the scaler CB, and the emitted Metalium subset has no such step yet",
        )

    def visit_tt_eltwise(self, info: EltwiseOp, node: Any) -> None:
        out = self.cb_spec(info.out)
        tiles = info.num_tiles
        if tiles > _DST_TILES:
            raise self.unsupported(
                "AttrStmt", f"element-wise block of {tiles} tiles exceeds the {_DST_TILES}-tile DST"
            )
        self._waited = set()
        self._width = info.tiles[1]
        leaves: list[tuple[CircularBufferSpec, int]] = []
        self._into_dst(info.expr, out, tiles, leaves)
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

    def _operand(self, expr: Expr, out: CircularBufferSpec, tiles: int, leaves: _Leaves) -> _Operand:
        """A binary operand in a CB: a leaf as it is, anything else computed and packed to a temp."""
        while isinstance(expr, Cast):  # DST is float32 and pack_tile converts: a cast changes nothing here
            expr = expr.operand
        if isinstance(expr, CbLeaf) and expr.buffer != self._dst:
            cb = self.cb_spec(expr.buffer)
            pages = self._leaf_pages(cb, tiles)
            self._wait_leaf(cb, pages, leaves)
            return _Operand(cb, pages, expr.bcast)
        if self._dst is not None and not (isinstance(expr, CbLeaf) and expr.buffer == self._dst):
            raise self.unsupported("AttrStmt", f"operand {_head(expr)} while DST holds {self._dst}")
        self._into_dst(expr, out, tiles, leaves)
        temp = self._temp_cb(out, tiles)
        self._pack(temp, tiles)
        self._wait_leaf(temp, tiles, leaves)
        return _Operand(temp, tiles, "none")

    def _into_dst(self, expr: Expr, out: CircularBufferSpec, tiles: int, leaves: _Leaves) -> None:
        if isinstance(expr, CbLeaf):
            if expr.buffer == self._dst:
                return  # already in DST (an epilogue on the accumulator)
            operand = self._operand(expr, out, tiles, leaves)
            if operand.bcast != "none":
                raise self.unsupported(
                    "AttrStmt", f"broadcast operand {operand.cb.name} outside a binary operation"
                )
            self._copy(operand, out, tiles)
            return
        if isinstance(expr, Cast):
            self._into_dst(expr.operand, out, tiles, leaves)  # DST is float32; pack_tile converts
            return
        entry = ops.OPS.get(expr.op) if isinstance(expr, Apply) else None
        if entry is None or entry.call is None or not isinstance(expr, Apply):
            raise self.unsupported(
                "AttrStmt", f"element-wise operator {_head(expr)!r} has no Metalium tile operation here"
            )
        if entry.kind == "sfpu":
            self._into_dst(expr.operands[0], out, tiles, leaves)
            self._sfpu(entry, tiles)
            return
        if entry.kind == "binary":
            lhs = self._operand(expr.operands[0], out, tiles, leaves)
            rhs = self._operand(expr.operands[1], out, tiles, leaves)
            self._binary(entry, lhs, rhs, out, tiles, self._width)
            return
        raise self.unsupported(
            "AttrStmt", f"element-wise operator {expr.op!r} has no Metalium tile operation here"
        )

    def _copy(self, operand: _Operand, out: CircularBufferSpec, tiles: int) -> None:
        entry = ops.op("copy")
        assert entry.init is not None and entry.call is not None
        sym = self.cb_symbol(operand.cb)
        self._use(entry)
        self._startup(entry, sym, sym, self.cb_symbol(out))
        self._acquire(out.name, tiles)
        self.emit_line(entry.init.render({"cbid": sym}) + ";")
        self._for_tiles(
            tiles, entry.call.render({"in_cb_id": sym, "in_tile_index": "{t}", "dst_tile_index": "{t}"}) + ";"
        )

    def _sfpu(self, entry: ops.OpDef, tiles: int) -> None:
        assert entry.init is not None and entry.call is not None and entry.dst_param is not None
        self._use(entry)
        self.emit_line(entry.init.render() + ";")
        self._for_tiles(tiles, entry.call.render({entry.dst_param: "{t}"}) + ";")

    def _binary(
        self, entry: ops.OpDef, lhs: _Operand, rhs: _Operand, out: CircularBufferSpec, tiles: int, width: int
    ) -> None:
        """A op B, or A op broadcast(B): B one row of tiles (row: the tile of column t % width) or one
        column of tiles (col: the tile of row t / width) of a block ``width`` tiles wide."""
        a, b = self.cb_symbol(lhs.cb), self.cb_symbol(rhs.cb)
        if lhs.bcast != "none":
            raise self.unsupported("AttrStmt", f"{entry.name} with a broadcast left operand {lhs.cb.name}")
        if rhs.bcast != "none":
            if rhs.bcast not in ops.BCAST_DIMS:
                raise self.unsupported("AttrStmt", f"{rhs.bcast}-broadcast operand {rhs.cb.name}")
            entry = ops.bcast(entry.name, rhs.bcast)
        assert entry.init is not None and entry.call is not None
        self._startup(entry, a, b, self.cb_symbol(out))
        self._use(entry)
        self._acquire(out.name, tiles)
        self.emit_line(entry.init.render({"icb0": a, "icb1": b}) + ";")
        if rhs.bcast == "none":
            index = "{t}"
        elif rhs.pages <= 1 or rhs.bcast == "scalar":
            index = "0"
        elif rhs.bcast == "row":
            index = f"{{t}} % {width}"
        else:
            index = f"{{t}} / {width}"
        call = entry.call.render({"icb0": a, "icb1": b, "itile0": "{t}", "itile1": index, "idst": "{t}"})
        self._for_tiles(tiles, call + ";")

    def finish(self) -> None:
        if self._dst is not None:
            raise self.unsupported(
                "PrimFunc",
                f"DST still holds {self._dst} at the end of the kernel: its result is never written",
            )


def _head(expr: Expr) -> str:
    return expr.op if isinstance(expr, Apply) else type(expr).__name__.lower()


def _const_value(value: Any) -> Any:
    kind = type(value).__name__
    if kind in ("IntImm", "FloatImm"):
        return value.value
    return value


def _matmul_only(func: Any) -> bool:
    """True when the body's compute annotations are all matmuls (fills and copies aside)."""
    keys: set[str] = set()

    def visit(node: Any) -> None:
        if type(node).__name__ == "AttrStmt" and str(node.attr_key) in (
            "tt.eltwise",
            "tt.reduce",
            "tt.matmul_intrinsic",
        ):
            keys.add(str(node.attr_key))

    walk(func.body, visit)
    return keys == {"tt.matmul_intrinsic"}
