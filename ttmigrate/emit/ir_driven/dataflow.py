"""Tasks 3 and 4: the reader (DRAM -> CB) and writer (CB -> DRAM) visitors.

Both walk the lowered body like compute does: the loops are the IR's loops, and each ``tt.copy``
annotation becomes NOC transfers of the block's tiles at the page indices computed from the IR's
own tile-index expressions. The reader batches consecutive reads behind one barrier (reserve and
read every input, one ``noc_async_read_barrier``, push every input), the Metalium reader idiom.
"""

from __future__ import annotations

import struct
from typing import Any

from ttmigrate import ops
from ttmigrate.tt.contract import CopyOp, EltwiseOp, FillOp, MaskOp, MatmulOp, ReduceOp, decode
from ttmigrate.tt.ir import walk

from ..numerics import compute_numerics, k_loop_matmul, matmul_subblock
from ..program import CircularBufferSpec, DramTensor
from .mask_tiles import generation_lines, mask_values
from .tiles import page_expr
from .visitor import TTCodegenVisitor


def _is_copy(stmt: Any, direction: str) -> bool:
    if type(stmt).__name__ != "AttrStmt" or str(stmt.attr_key) != "tt.copy":
        return False
    return str(stmt.node["direction"]) == direction


class _DataMovementVisitor(TTCodegenVisitor):
    direction = ""

    def __init__(
        self, func: Any, circular_buffers: tuple[CircularBufferSpec, ...], tensors: dict[str, DramTensor]
    ) -> None:
        super().__init__(func, circular_buffers)
        self.tensors = tensors
        self.generators: dict[str, tuple[str, str]] = {}  # buffer -> (generator symbol, cb symbol)
        self.dst_capacity = compute_numerics(func, circular_buffers).dst_tiles
        # CB name -> (tile-row offset, rows) of the GEMM subblock being read (reader, see compute.matmul)
        self.subblock_rows: dict[str, tuple[str, int]] = {}

    def generator(self, buffer: str, cb_symbol: str) -> str:
        if buffer not in self.generators:
            self.generators[buffer] = (self.names.get(("gen", buffer), f"{buffer}_gen"), cb_symbol)
        return self.generators[buffer][0]

    def prologue(self, addr_names: dict[str, str]) -> list[str]:
        lines = []
        for buffer, (gen, cb) in self.generators.items():
            lines.append(
                f"const InterleavedAddrGenFast<true> {gen} = {{.bank_base_address = {addr_names[buffer]}, "
                f".page_size = get_tile_size({cb}), .data_format = get_dataformat({cb})}};"
            )
        return lines

    # Compute-only annotations mean nothing to a data-movement kernel.
    def visit_tt_matmul_intrinsic(self, info: MatmulOp, node: Any) -> None:
        pass

    def visit_tt_fill(self, info: FillOp, node: Any) -> None:
        pass

    def visit_tt_eltwise(self, info: EltwiseOp, node: Any) -> None:
        pass

    def visit_tt_reduce(self, info: ReduceOp, node: Any) -> None:
        pass

    def visit_tt_mask(self, info: MaskOp, node: Any) -> None:
        pass

    def transfer(self, info: CopyOp, node: Any, *, l1: str) -> None:
        """One NOC call per tile of the block, at its page index and L1 offset."""
        fn = (ops.NOC_READS if info.direction == "read" else ops.NOC_WRITES)[0]
        l1_param = fn.params[2].name  # dst_local_l1_addr / src_local_l1_addr
        tensor = self.tensors[str(info.buffer.name)]
        index = [self.emit_expr(e) for e in info.tile_index]
        tiles_h, tiles_w = info.tiles
        if str(info.cb.name) in self.subblock_rows:  # one DST subblock's rows of the block
            offset, tiles_h = self.subblock_rows[str(info.cb.name)]
            index[-2] = f"({index[-2]} + {offset})"
        cb = self.cb_symbol(self.cb_spec(info.cb))
        gen = self.generator(tensor.name, cb)

        def call(page: str, address: str) -> str:
            return fn.render({"id": page, "addrgen": gen, l1_param: address}) + ";"

        if tiles_h * tiles_w == 1:
            self.emit_line(call(page_expr(tensor, index, location=self.location), l1))
            return
        row, col = self.names.get(("row", node), "tile_row"), self.names.get(("col", node), "tile_col")
        self.emit_line(f"for (uint32_t {row} = 0; {row} < {tiles_h}; ++{row}) {{")
        self.emit_line(f"    for (uint32_t {col} = 0; {col} < {tiles_w}; ++{col}) {{")
        offset = f"({row} * {tiles_w} + {col}) * get_tile_size({cb})"
        self.emit_line(
            "        " + call(page_expr(tensor, index, row, col, location=self.location), f"{l1} + {offset}")
        )
        self.emit_line("    }")
        self.emit_line("}")


def reduce_scalers(func: Any) -> tuple[tuple[int, int, float], ...]:
    """(scaler CB id, page, value) of every ``tt.reduce`` in the body, each page once, by page."""
    found: dict[tuple[int, int], float] = {}

    def visit(node: Any) -> None:
        if type(node).__name__ == "AttrStmt" and str(node.attr_key) == "tt.reduce":
            info = decode("tt.reduce", node.node)
            assert isinstance(info, ReduceOp) and info.scaler_cb is not None
            found[(info.scaler_cb, info.scaler_tile)] = info.scaler

    walk(func.body, visit)
    return tuple((cb, page, value) for (cb, page), value in sorted(found.items()))


def bfloat16_bits(value: float) -> int:
    """The bfloat16 bit pattern of ``value``, rounded to nearest even (as the host's conversion)."""
    (word,) = struct.unpack("<I", struct.pack("<f", value))
    return ((word + 0x7FFF + ((word >> 16) & 1)) >> 16) & 0xFFFF


class ReaderVisitor(_DataMovementVisitor):
    kernel_kind = "reader"
    direction = "read"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pending_push: list[tuple[str, int]] = []
        self._masks: list[MaskOp] = []

    def visit_tt_mask(self, info: MaskOp, node: Any) -> None:
        self._masks.append(info)  # the reader generates the mask tiles once, in its prologue

    def prologue(self, addr_names: dict[str, str]) -> list[str]:
        lines = super().prologue(addr_names)
        if not self._masks:
            return lines
        values = mask_values(self._masks)
        if values is None:
            raise self.unsupported("AttrStmt", "causal masks with different values share the one mask CB")
        cb = next(c for c in self._cbs.values() if c.cb_id == self._masks[0].mask_cb)
        names = {
            key: self.names.get(("mask", key), raw)
            for key, raw in (("tiles", "mask_tiles"), ("row", "r"), ("col", "c"), ("at", "at"))
        }
        return [*lines, *generation_lines(cb=self.cb_symbol(cb), values=values, names=names)]

    def scaler_lines(self) -> list[str]:
        """The reduce scaler tiles, generated in L1 once before the work loop, as tt-metal's reduce
        readers do (``generate_reduce_scaler``): the value in the first row of each 16x16 face, zero
        elsewhere (reduce_tile reads those rows). One page per distinct scaler value."""
        scalers = reduce_scalers(self.func)
        if not scalers:
            return []
        cb = self.cb_symbol(next(c for c in self._cbs.values() if c.cb_id == scalers[0][0]))
        pages = len(scalers)
        ptr = self.names.get("scaler tile", "scaler_tile")
        i = self.names.get("scaler element", "i")
        lines = [
            f"cb_reserve_back({cb}, {pages});",
            f"volatile uint16_t* {ptr} = reinterpret_cast<volatile uint16_t*>(get_write_ptr({cb}));",
        ]
        for _, page, value in scalers:
            bits = f"0x{bfloat16_bits(value):04X}"
            base = f"{page} * 1024 + " if page else ""
            lines += [
                f"for (uint32_t {i} = 0; {i} < 1024; ++{i}) {{  // scaler {value!r}",
                f"    {ptr}[{base}{i}] = ({i} % 256 < 16) ? {bits} : 0;",
                "}",
            ]
        lines.append(f"cb_push_back({cb}, {pages});")
        return lines

    def visit_For(self, node: Any) -> None:
        """A GEMM's K loop whose output block exceeds DST: once per whole-row output subblock, the
        subblock's rows of A and all of B per K step (compute holds one subblock in DST)."""
        info = k_loop_matmul(node)
        sub = matmul_subblock(info, self.dst_capacity) if info is not None else None
        if info is None or sub is None:
            super().visit_For(node)
            return
        rows = sub[0]
        name = self.names.get(("subblock", node), "sb")
        self.emit_line(f"for (uint32_t {name} = 0; {name} < {info.mt // rows}; ++{name}) {{")
        with self.captured(nested=True) as body:
            self.subblock_rows[str(info.in0.name)] = (name if rows == 1 else f"{name} * {rows}", rows)
            super().visit_For(node)
            self.subblock_rows.clear()
        self.splice(body.lines)
        self.emit_line("}")

    def visit_tt_copy(self, info: CopyOp, node: Any) -> None:
        if info.direction != "read":
            return
        cb = self.cb_symbol(self.cb_spec(info.cb))
        pages = self.subblock_rows.get(str(info.cb.name), ("", 0))[1] * info.tiles[1] or info.num_tiles
        l1 = self.names.get(("l1", node), f"{cb.removeprefix('cb_')}_write_addr")
        self.emit_line(f"cb_reserve_back({cb}, {pages});")
        self.emit_line(f"uint32_t {l1} = get_write_ptr({cb});")
        self.transfer(info, node, l1=l1)
        self._pending_push.append((cb, pages))

    def _flush(self) -> None:
        if not self._pending_push:
            return
        self.emit_line("noc_async_read_barrier();")
        for cb, pages in self._pending_push:
            self.emit_line(f"cb_push_back({cb}, {pages});")
        self._pending_push = []

    def after_statement(self, stmt: Any, next_stmt: Any | None) -> None:
        if next_stmt is None or not _is_copy(next_stmt, "read"):
            self._flush()

    def before_loop_end(self, node: Any) -> None:
        self._flush()

    def finish(self) -> None:
        self._flush()


class WriterVisitor(_DataMovementVisitor):
    kernel_kind = "writer"
    direction = "write"

    def visit_tt_copy(self, info: CopyOp, node: Any) -> None:
        if info.direction != "write":
            return
        cb = self.cb_symbol(self.cb_spec(info.cb))
        pages = info.num_tiles
        l1 = self.names.get(("l1", node), f"{cb.removeprefix('cb_')}_read_addr")
        self.emit_line(f"cb_wait_front({cb}, {pages});")
        self.emit_line(f"uint32_t {l1} = get_read_ptr({cb});")
        self.transfer(info, node, l1=l1)
        self.emit_line("noc_async_write_barrier();")
        self.emit_line(f"cb_pop_front({cb}, {pages});")

    def finish(self) -> None:
        pass
