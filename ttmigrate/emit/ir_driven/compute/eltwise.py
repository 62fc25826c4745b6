"""``tt.eltwise``: the operator tree the lowering read from the IR, evaluated into DST.

A binary operand that is not in a CB yet (a sub-expression, or the accumulator itself) is packed
into an intermediate CB first, because Metalium's binary ops read both operands from CBs.

A block larger than DST holds is split, as tt-metal's softmax and layernorm compute kernels do it:
a loop over DST-sized chunks (acquire .. pack .. release per chunk). The block's CB operands are
waited for once before the loop, indexed at the chunk's offset and popped after it; sub-expressions
go through chunk-sized CBs pushed and popped in each chunk; a vector's reciprocal is computed once,
before the loop. Each chunk is packed into the output CB when the value's next use is its write
(``next_use``), else into a CB that then holds the whole block for the ops that read it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ttmigrate import ops
from ttmigrate.tt import contract
from ttmigrate.tt.contract import Apply, Cast, CbLeaf, Const, EltwiseOp, Expr

from ...program import CircularBufferSpec
from .base import ComputeBase, dst_chunk
from .next_use import annotation_steps, written_next

_Leaves = list[tuple[CircularBufferSpec, int]]  # CBs waited by one element-wise op, with page counts


@dataclass
class _Operand:
    cb: CircularBufferSpec
    pages: int
    bcast: str  # "none" | "row" | "col"
    local: bool = False  # a chunk's own tiles (a sub-expression packed in this chunk): index t


class EltwiseSteps(ComputeBase):
    _base: str | None = None  # the chunk loop's first tile, while a split block is emitted
    _recips: dict[str, _Operand] | None = None  # vector -> its reciprocal, computed before the chunks
    _steps: list[Any] | None = None  # the kernel's annotations in order (next_use), on first need

    def visit_tt_eltwise(self, info: EltwiseOp, node: Any) -> None:
        out = self.cb_spec(info.out)
        tiles = info.num_tiles
        chunk = dst_chunk(tiles, self._chunk_limit(info.expr))
        if chunk < tiles:
            self._split(info, node, out, tiles, chunk)
            return
        self._waited = set()
        self._width = info.tiles[1]
        held = [leaf for leaf in contract.leaves(info.expr) if leaf.buffer == self._dst]
        if self._dst is not None and not (held and _starts_from(info.expr, self._dst)):
            # DST holds a value this op does not read, or reads only after a sub-expression
            # that needs DST first (exp2(m_prev * c - m * c) right after m = max(m, m_prev))
            self._spill()
        elif len(held) > 1 or any(leaf.bcast != "none" for leaf in held):
            # read twice (x * x) or as a broadcast operand (a row mean): every read is from a CB
            self._spill()
        leaves: list[tuple[CircularBufferSpec, int]] = []
        self._into_dst(info.expr, out, tiles, leaves)
        for cb, pages in leaves:  # each leaf waited once, popped once, after its last use
            self.emit_line(f"cb_pop_front({self.cb_symbol(cb)}, {pages});")
        self._release(out.name)  # a value held in a CB (compute/reduce.py) is redefined
        self._dst, self._dst_tiles = out.name, tiles

    # --- a block larger than DST, in chunks -----------------------------------------------------

    def _chunk_limit(self, expr: Expr) -> int:
        """Tiles one chunk may have: DST's capacity, halved when a max/min of two tensors needs
        both operands in DST at once."""
        if _has_kind(expr, "sfpu_binary") or self._float32_binary(expr):
            return max(1, self.dst_capacity // 2)
        return self.dst_capacity

    def _float32_binary(self, expr: Expr) -> bool:
        """The tree has a binary op that runs on the SFPU for Float32 data (both operands in DST)."""
        if not self.numerics.fp32_dest_acc_en or not any(
            leaf.buffer in self._cbs and self._cbs[leaf.buffer].data_format == "Float32"
            for leaf in contract.leaves(expr)
        ):
            return False
        return _has_float32_form(expr)

    def _split(self, info: EltwiseOp, node: Any, out: CircularBufferSpec, tiles: int, chunk: int) -> None:
        self._spill()  # every chunk uses DST: a value it holds goes to a CB first
        self._flush_uninit()  # a pending reduce_uninit goes before the loop, not into every chunk
        self._waited = set()
        self._width = info.tiles[1]
        block: _Leaves = []  # CBs waited for the whole block: popped after the loop
        for leaf in contract.leaves(info.expr):
            self._operand(leaf, out, tiles, block)  # waits a reader's / compute's CB once
        self._recips = {}
        self._hoist_recips(info.expr, out, block)
        dest = self._destination(out, node, tiles)
        base = self.names.get("dst chunk", "c")
        self.emit_line(f"for (uint32_t {base} = 0; {base} < {tiles}; {base} += {chunk}) {{")
        self._in_effect.clear()  # a chunk's first init follows the previous chunk's last
        self._loop_formats.append(dict(self._formats) if self._formats else None)
        with self.captured(nested=True) as body:
            self._base = base
            try:
                local: _Leaves = []
                self._into_dst(info.expr, out, chunk, local)
                for cb, pages in local:
                    self.emit_line(f"cb_pop_front({self.cb_symbol(cb)}, {pages});")
                self._pack(dest, chunk)
                entry = self._loop_formats[-1]
                if entry is not None:
                    self._reconfigure(entry)  # the next chunk starts with the formats of the first
            finally:
                self._base, self._recips = None, None
                self._loop_formats.pop()
        self.splice(body.lines)
        self.emit_line("}")
        self._in_effect.clear()
        for cb, pages in block:
            self.emit_line(f"cb_pop_front({self.cb_symbol(cb)}, {pages});")
        self._release(out.name)  # the old value (held in a CB) is replaced
        if dest.role == "output":
            self._pushed.add(out.name)
        else:
            self._hold(out.name, dest, tiles)

    def _destination(self, out: CircularBufferSpec, node: Any, tiles: int) -> CircularBufferSpec:
        """The CB the chunks are packed into: ``out``'s own output CB when the value's next use is
        its write, ``out``'s own intermediate CB when free and large enough, else a new one."""
        if self._steps is None:
            self._steps = annotation_steps(self.func.body)
        if out.role == "output" and out.num_pages >= tiles and written_next(self._steps, node, out.name):
            return out
        busy = {cb.cb_id for cb, _, _ in self._held.values()}
        if out.role == "intermediate" and out.num_pages >= tiles and out.cb_id not in busy:
            return out
        return self._temp_cb(out, tiles)

    def _hoist_recips(self, expr: Expr, out: CircularBufferSpec, block: _Leaves) -> None:
        """Each ``a / v`` of the tree: the vector's reciprocal, once for every chunk."""
        if isinstance(expr, Cast):
            self._hoist_recips(expr.operand, out, block)
        elif isinstance(expr, Apply):
            for operand in expr.operands:
                self._hoist_recips(operand, out, block)
            if expr.op == "div" and _vector(expr.operands[1]):
                vec = expr.operands[1]
                assert isinstance(vec, CbLeaf)
                if self._recips is not None and vec.buffer not in self._recips:
                    self._recips[vec.buffer] = self._reciprocal(self._operand(vec, out, 1, block), out, block)

    # --- element-wise trees ---------------------------------------------------------------------

    def _leaf_pages(self, cb: CircularBufferSpec, tiles: int) -> int:
        return cb.block_pages if cb.role == "input" else min(cb.num_pages, tiles)

    def _wait_leaf(self, cb: CircularBufferSpec, pages: int, leaves: _Leaves) -> None:
        if cb.cb_id not in self._waited:
            self.emit_line(f"cb_wait_front({self.cb_symbol(cb)}, {pages});")
            self._waited.add(cb.cb_id)
            leaves.append((cb, pages))

    def _operand(self, expr: Expr, out: CircularBufferSpec, tiles: int, leaves: _Leaves) -> _Operand:
        """A binary operand in a CB: a leaf as it is, anything else computed and packed to a temp
        (a float32 accumulator's partials to a Float32 temp, unless cast first)."""
        partial = (
            self.partial_dtype(expr.buffer) if isinstance(expr, CbLeaf) and expr.buffer == self._dst else None
        )
        while isinstance(expr, Cast):  # DST is float32 and pack_tile converts: a cast changes nothing here
            expr = expr.operand
        if isinstance(expr, CbLeaf) and expr.buffer in self._held and expr.buffer != self._dst:
            held_cb, held_pages, _ = self._held[expr.buffer]  # waited already; popped when redefined
            return _Operand(held_cb, held_pages, expr.bcast)
        if isinstance(expr, CbLeaf) and expr.buffer in self._pushed:
            raise self.unsupported("AttrStmt", f"operand {expr.buffer} after its value went to the writer")
        vector = _unary_of_vector(expr)
        if vector is not None and vector.buffer != self._dst and self._dst is None:
            return self._vector_operand(expr, vector, leaves)
        if isinstance(expr, CbLeaf) and expr.buffer != self._dst:
            cb = self.cb_spec(expr.buffer)
            pages = self._leaf_pages(cb, tiles)
            self._wait_leaf(cb, pages, leaves)
            return _Operand(cb, pages, expr.bcast)
        if self._dst is not None and not (isinstance(expr, CbLeaf) and expr.buffer == self._dst):
            raise self.unsupported("AttrStmt", f"operand {_head(expr)} while DST holds {self._dst}")
        self._into_dst(expr, out, tiles, leaves)
        temp = self._temp_cb(out, tiles, dtype=partial)
        self._pack(temp, tiles)
        self._wait_leaf(temp, tiles, leaves)
        return _Operand(temp, tiles, "none", local=self._base is not None)

    def _vector_operand(self, expr: Expr, vector: CbLeaf, leaves: _Leaves) -> _Operand:
        """A unary chain over a broadcast vector (``m[i] * scale`` in ``s[i, j] * scale - m[i] *
        scale``): computed on the vector's own tiles, then broadcast as the vector would be."""
        plain = replace(vector, bcast="none")
        cb = self.cb_spec(vector.buffer)
        source = self._operand(plain, cb, cb.num_pages, leaves)
        pages = source.pages
        self._into_dst(_rebuild(expr, plain), source.cb, pages, leaves)
        temp = self._temp_cb(source.cb, pages)
        self._pack(temp, pages)
        self._wait_leaf(temp, pages, leaves)
        return _Operand(temp, pages, vector.bcast)

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
        if isinstance(expr, Apply) and expr.op == "div" and _vector(expr.operands[1]):
            self._divide_by_vector(expr, out, tiles, leaves)
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
        if entry.kind == "scalar":
            value, scalar = expr.operands
            if not isinstance(scalar, Const):
                raise self.unsupported("AttrStmt", f"{entry.name} with a non-constant scalar {_head(scalar)}")
            self._into_dst(value, out, tiles, leaves)
            self._sfpu(entry, tiles, {"param1": ops.scalar_bits(entry.name, float(scalar.value))})
            return
        if entry.kind == "sfpu_binary":
            self._sfpu_binary(entry, expr, out, tiles, leaves)
            return
        if entry.kind == "binary":
            lhs = self._operand(expr.operands[0], out, tiles, leaves)
            rhs = self._operand(expr.operands[1], out, tiles, leaves)
            exact = ops.float32_form(entry.name)
            if exact is not None and self._float32_operands(lhs, rhs, tiles):
                self._sfpu_binary_of(exact, [lhs, rhs], out, tiles)
                return
            self._binary(entry, lhs, rhs, out, tiles, self._width)
            return
        raise self.unsupported(
            "AttrStmt", f"element-wise operator {expr.op!r} has no Metalium tile operation here"
        )

    def _divide_by_vector(self, expr: Apply, out: CircularBufferSpec, tiles: int, leaves: _Leaves) -> None:
        """``a / v[i]`` (or ``v[j]``): the FPU has no divide, so as tt-metal's softmax does it, the
        vector's reciprocal (SFPU, on the vector's own tiles only) then a broadcast multiply."""
        lhs = self._operand(expr.operands[0], out, tiles, leaves)
        vector = expr.operands[1]
        assert isinstance(vector, CbLeaf)
        hoisted = self._recips.get(vector.buffer) if self._recips is not None else None
        if hoisted is None:
            hoisted = self._reciprocal(self._operand(vector, out, tiles, leaves), out, leaves)
        self._binary(ops.op("mul"), lhs, hoisted, out, tiles, self._width)

    def _reciprocal(self, vec: _Operand, out: CircularBufferSpec, leaves: _Leaves) -> _Operand:
        """1 / ``vec`` on the vector's own tiles (SFPU), packed to a CB and waited for."""
        recip = ops.OPS.get("recip")
        if recip is None or recip.call is None:
            raise self.unsupported(
                "AttrStmt", "division by a vector: no reciprocal tile operation in the registry"
            )
        if self._dst is not None:
            raise self.unsupported("AttrStmt", f"division by a vector while DST holds {self._dst}")
        self._copy(_Operand(vec.cb, vec.pages, "none", local=True), out, vec.pages)
        self._sfpu(recip, vec.pages)
        temp = self._temp_cb(vec.cb, vec.pages)
        self._pack(temp, vec.pages)
        self._wait_leaf(temp, vec.pages, leaves)
        return _Operand(temp, vec.pages, vec.bcast)

    def _copy(self, operand: _Operand, out: CircularBufferSpec, tiles: int, *, dst_offset: int = 0) -> None:
        entry = ops.op("copy")
        assert entry.init is not None and entry.call is not None
        sym = self.cb_symbol(operand.cb)
        self._use(entry)
        self._startup(entry, sym, sym, self.cb_symbol(out))
        self._acquire(out.name, tiles)
        self.emit_line(entry.init.render({"cbid": sym}) + ";")
        dst = (
            f"{{t}} + {dst_offset}" if dst_offset and tiles > 1 else str(dst_offset) if dst_offset else "{t}"
        )
        index = self._tile_index(operand)
        self._for_tiles(
            tiles, entry.call.render({"in_cb_id": sym, "in_tile_index": index, "dst_tile_index": dst}) + ";"
        )

    def _tile_index(self, operand: _Operand) -> str:
        """The operand's tile for DST tile ``{t}``: at the chunk's offset in a whole-block CB."""
        if self._base is None or operand.local:
            return "{t}"
        return f"{self._base} + {{t}}"

    def _sfpu_binary(
        self, entry: ops.OpDef, expr: Apply, out: CircularBufferSpec, tiles: int, leaves: _Leaves
    ) -> None:
        """max / min of two tensors: an SFPU op on two DST tiles."""
        if 2 * tiles > self.dst_capacity:
            raise self.unsupported(
                "AttrStmt",
                f"{entry.name} of two {tiles}-tile blocks needs {2 * tiles} DST tiles (of {self.dst_capacity})",
            )
        if self._dst is not None:
            raise self.unsupported("AttrStmt", f"{entry.name} while DST holds {self._dst}")
        self._sfpu_binary_of(entry, [self._operand(o, out, tiles, leaves) for o in expr.operands], out, tiles)

    def _float32_operands(self, lhs: _Operand, rhs: _Operand, tiles: int) -> bool:
        """Float32 data the FPU would read through its 19-bit source registers, with a 32-bit DST,
        no broadcast and room for both operands in DST: computed exactly on the SFPU instead (both
        operands copied into DST; base.py marks their CBs UnpackToDestFp32). Otherwise the FPU op
        stays, and the emulator judges its Tf32 result as the hardware computes it."""
        return (
            self.numerics.fp32_dest_acc_en
            and "Float32" in (lhs.cb.data_format, rhs.cb.data_format)
            and lhs.bcast == rhs.bcast == "none"
            and self._dst is None
            and 2 * tiles <= self.dst_capacity
        )

    def _sfpu_binary_of(
        self, entry: ops.OpDef, operands: list[_Operand], out: CircularBufferSpec, tiles: int
    ) -> None:
        """An SFPU binary on two DST tiles: A goes to DST[t] and B to DST[tiles + t]
        (binary_max_min.h, eltwise_binary_sfpu.h), and the result overwrites DST[t]."""
        assert entry.init is not None and entry.call is not None
        for operand in operands:
            if operand.bcast != "none":
                raise self.unsupported("AttrStmt", f"{entry.name} with a broadcast operand {operand.cb.name}")
        for slot, operand in enumerate(operands):
            self._copy(operand, out, tiles, dst_offset=slot * tiles)
        self._use(entry)
        self.emit_line(entry.init.render() + ";")
        second = f"{{t}} + {tiles}" if tiles > 1 else "1"
        self._for_tiles(tiles, entry.call.render({"idst0": "{t}", "idst1": second, "odst": "{t}"}) + ";")

    def _sfpu(self, entry: ops.OpDef, tiles: int, args: dict[str, str] | None = None) -> None:
        """An SFPU op in place on the DST tiles; ``args``: the call's other arguments (a scalar's bits)."""
        assert entry.init is not None and entry.call is not None and entry.dst_param is not None
        self._use(entry)
        self.emit_line(entry.init.render() + ";")
        self._for_tiles(tiles, entry.call.render({entry.dst_param: "{t}", **(args or {})}) + ";")

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
        # the tile's place in the block: its column is place % width, its row place / width
        place = "{t}" if self._base is None else f"({self._base} + {{t}})"
        if rhs.bcast == "none":
            index = self._tile_index(rhs)
        elif rhs.pages <= 1 or rhs.bcast == "scalar":
            index = "0"
        elif rhs.bcast == "row":
            index = f"{place} % {width}"
        else:
            index = f"{place} / {width}"
        call = entry.call.render(
            {"icb0": a, "icb1": b, "itile0": self._tile_index(lhs), "itile1": index, "idst": "{t}"}
        )
        self._for_tiles(tiles, call + ";")


def _starts_from(expr: Expr, dst: str) -> bool:
    """Whether evaluating ``expr`` reaches the value DST holds (``dst``) before any sub-expression
    needs DST: along the first operands, or in an op whose operands are all leaves."""
    if isinstance(expr, CbLeaf):
        return expr.buffer == dst
    if isinstance(expr, Cast):
        return _starts_from(expr.operand, dst)
    if isinstance(expr, Apply):
        flat = all(isinstance(o, (CbLeaf, Const)) for o in expr.operands)
        return _starts_from(expr.operands[0], dst) or (
            flat and any(isinstance(o, CbLeaf) and o.buffer == dst for o in expr.operands)
        )
    return False


def _unary_of_vector(expr: Expr) -> CbLeaf | None:
    """The broadcast leaf under a chain of SFPU / scalar ops (at least one op), else None."""
    if not isinstance(expr, Apply):
        return None
    node: Expr = expr
    while isinstance(node, (Apply, Cast)):
        if isinstance(node, Cast):
            node = node.operand
            continue
        entry = ops.OPS.get(node.op)
        if entry is None or entry.kind not in ("sfpu", "scalar"):
            return None
        if entry.kind == "scalar" and not isinstance(node.operands[1], Const):
            return None
        node = node.operands[0]
    return node if isinstance(node, CbLeaf) and node.bcast in ("row", "col") else None


def _rebuild(expr: Expr, leaf: CbLeaf) -> Expr:
    """``expr`` with its one leaf replaced by ``leaf``."""
    if isinstance(expr, CbLeaf):
        return leaf
    if isinstance(expr, Cast):
        return replace(expr, operand=_rebuild(expr.operand, leaf))
    if isinstance(expr, Apply):
        return replace(expr, operands=(_rebuild(expr.operands[0], leaf), *expr.operands[1:]))
    return expr


def _vector(expr: Expr) -> bool:
    """A broadcast CB leaf: a row or column vector (a reduce result, a weight row)."""
    return isinstance(expr, CbLeaf) and expr.bcast in ("row", "col")


def _head(expr: Expr) -> str:
    return expr.op if isinstance(expr, Apply) else type(expr).__name__.lower()


def _has_float32_form(expr: Expr) -> bool:
    if isinstance(expr, Cast):
        return _has_float32_form(expr.operand)
    if isinstance(expr, Apply):
        return ops.float32_form(expr.op) is not None or any(_has_float32_form(o) for o in expr.operands)
    return False


def _has_kind(expr: Expr, kind: str) -> bool:
    if isinstance(expr, Cast):
        return _has_kind(expr.operand, kind)
    if isinstance(expr, Apply):
        entry = ops.OPS.get(expr.op)
        return (entry is not None and entry.kind == kind) or any(_has_kind(o, kind) for o in expr.operands)
    return False
