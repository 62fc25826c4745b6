"""The compute visitor's shared state: what DST holds, the start-up, temps, and tile loops.

Each group of ``tt.*`` annotations has its own module (copy/fill, matmul, reduce, element-wise);
:class:`ComputeVisitor` (``__init__``) composes them. This module owns the DST-held section and
the data formats srcA, srcB and the packer are configured for: every op announces its CBs through
``_startup`` (the first one also prints the start-up) and every pack goes through ``_pack``, so the
reconfig calls are printed here, for every op of the registry, and nowhere else.
"""

from __future__ import annotations

import re
from typing import Any

from ttmigrate import ops
from ttmigrate.ops import kernel_api
from ttmigrate.tt import contract
from ttmigrate.tt.contract import MatmulOp
from ttmigrate.tt.ir import walk

from ...numerics import compute_numerics
from ...program import DST_TILES_16BIT_FULL, ELEMENT_BYTES, TILE, CircularBufferSpec
from ..visitor import TTCodegenVisitor

_DST_TILES = DST_TILES_16BIT_FULL  # the register file; what math may use is ComputeBase.dst_capacity
_CALL = re.compile(r"^\s*(\w+)\s*(?:<[^(]*>)?\s*\(")


def _init_name(line: str) -> str | None:
    """The registry init (an op's configuration call) ``line`` calls, or None."""
    match = _CALL.match(line)
    return match.group(1) if match and match.group(1) in _INITS else None


_INITS = frozenset(e.init.fn.name for e in ops.OPS.values() if e.init is not None and e.config is not None)
# The engine each init programs (the SFPU for ``unpack == "none"``, else the unpacker + FPU): an
# init of one engine leaves the other's configuration in effect (emulate/runtime/config.cpp).
_INIT_ENGINE = {
    e.init.fn.name: ("sfpu" if e.config.unpack == "none" else "fpu")
    for e in ops.OPS.values()
    if e.init is not None and e.config is not None
}
_ARGS = re.compile(r"\((.*)\)")
_NUM_CBS = 32  # circular buffers per core (tt::CBIndex::c_0 .. c_31)

_SRCA, _SRCB, _PACK = "srca", "srcb", "pack"  # the configured operands (reconfig_data_format.h names)


def _matmul_outputs(func: Any) -> dict[str, MatmulOp]:
    found: dict[str, MatmulOp] = {}

    def visit(node: Any) -> None:
        if type(node).__name__ == "AttrStmt" and str(node.attr_key) == MatmulOp.KEY:
            info = contract.decode(MatmulOp.KEY, node.node)
            assert isinstance(info, MatmulOp)
            found[str(info.out.name)] = info

    walk(func.body, visit)
    return found


class ComputeBase(TTCodegenVisitor):
    kernel_kind = "compute"

    def __init__(
        self, func: Any, circular_buffers: tuple[CircularBufferSpec, ...], *, first_temp_id: int
    ) -> None:
        super().__init__(func, circular_buffers)
        self.numerics = compute_numerics(func, circular_buffers)
        self.dst_capacity = self.numerics.dst_tiles  # tiles math may hold: by sync mode and DST format
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
        self._matmul_of = (
            _matmul_outputs(func) if getattr(func, "body", None) is not None else {}
        )  # accumulator name -> the matmul writing it
        self._matmul_ready: str | None = None  # accumulator whose matmul init is in effect here
        self._subblocked: set[str] = set()  # cleared accumulators computed in DST subblocks
        self._subblocked_done: set[str] = set()  # ... whose subblocks are packed (nothing left in DST)
        self._in_subblock: tuple[int, int] | None = None  # (rows, cols) of the subblock being computed
        self.matmul_subblocks: tuple[int, int] | None = None  # recorded in the plan
        self._waited: set[int] = set()  # leaf CBs waited in the current eltwise
        self._width = 1  # tiles per row of the current element-wise block
        # Buffers whose current value sits in a CB that compute pushed and waited for (a reduce
        # result, or DST spilled so that a reduce can read it): buffer -> (CB, pages, loop depth).
        # The pages are popped when the buffer is redefined or at the end of the loop that made them.
        self._held: dict[str, tuple[CircularBufferSpec, int, int]] = {}
        self._pushed: set[str] = set()  # buffers whose final value went to their output CB (the writer's)
        self._depth = 0
        # reduce_uninit, emitted only when needed: before the next init of another op (a reduce
        # over the same dim may skip it, as reduce.h allows). (uninit line, the reduce's dim text)
        self._pending_uninit: tuple[str, str] | None = None
        # the data format (and CB symbol) srcA / srcB / the packer are configured for; empty until
        # the start-up. A loop saves the formats at its entry and restores them at its end.
        self._formats: dict[str, tuple[str, str]] = {}
        self._loop_formats: list[dict[str, tuple[str, str]] | None] = []
        # engine -> the configuration its last init programmed (the init's text with each CB argument
        # replaced by the CB's data format): an init that would program exactly that again, with
        # nothing between that could change it, is not printed (it changes nothing on hardware, so
        # every printed init is one whose removal the models can see). Forgotten at loop and branch
        # boundaries, start-up, uninit and reconfig calls.
        self._in_effect: dict[str, str] = {}
        # CB ids copy_tile reads, and CB ids an FPU op unpacks into srcA / srcB: a Float32 CB only
        # copied gets UnpackToDestFp32 (its 32 bits go straight to DST); one the FPU also reads does
        # not (the FPU takes its operands from the source registers).
        self._copied: set[int] = set()
        self._fpu_read: set[int] = set()
        self._float32_fragments = (
            _float32_fragments(func) if getattr(func, "body", None) is not None else set()
        )

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

    def _copy_to_dst(self, copy: Any, src: str, tiles: int, pages: int) -> None:
        """Copy ``tiles`` tiles of CB ``src`` into DST slots 0.. under ``copy``'s init, then free its
        ``pages`` (a value reloaded from the CB that held it; DST is acquired by the caller)."""
        self.emit_line(copy.init.render({"cbid": src}) + ";")
        self._for_tiles(
            tiles,
            copy.call.render({"in_cb_id": src, "in_tile_index": "{t}", "dst_tile_index": "{t}"}) + ";",
        )
        self.emit_line(f"cb_pop_front({src}, {pages});")

    def _acquire(self, owner: str, tiles: int) -> None:
        if self._dst is None:
            self.emit_line("tile_regs_acquire();")
        self._dst, self._dst_tiles = owner, tiles

    def _pack(self, cb: CircularBufferSpec, tiles: int) -> None:
        symbol = self.cb_symbol(cb)
        if not self.startup_line:
            # nothing was unpacked (a cleared DST packed as it is): the packer still needs the
            # start-up to program it for this CB; the sources take its format, unused
            self._startup(ops.op("copy"), symbol, symbol, symbol, unpacks=False)
        self.emit_line("tile_regs_commit();")
        self.emit_line("tile_regs_wait();")
        self._reconfigure({_PACK: (cb.data_format, symbol)})
        self.emit_line(f"cb_reserve_back({symbol}, {tiles});")
        self._for_tiles(tiles, f"pack_tile({{t}}, {symbol});")
        self.emit_line(f"cb_push_back({symbol}, {tiles});")
        self.emit_line("tile_regs_release();")
        self._dst = None
        self._matmul_ready = None  # the next section re-inits (an epilogue's init may come between)

    def open_accumulator(self, name: str, tiles: int) -> None:
        """T.clear of an accumulator: the DST acquire, which zeroes it (MatmulSteps adds the init)."""
        if tiles > self.dst_capacity:
            raise self.unsupported(
                "AttrStmt", f"accumulator {name} of {tiles} tiles exceeds the {self.dst_capacity}-tile DST"
            )
        self._acquire(name, tiles)

    def _temp_cb(
        self, like: CircularBufferSpec, tiles: int, *, dtype: str | None = None
    ) -> CircularBufferSpec:
        """An intermediate CB of ``tiles`` pages in ``like``'s dtype, or in ``dtype``."""
        dtype = dtype or like.dtype
        cb_id = self._next_temp
        if cb_id >= _NUM_CBS:
            # past c_31 (an online softmax's many intermediates): the highest index no CB uses
            taken = {cb.cb_id for cb in (*self._cbs.values(), *self.temps)}
            free = [i for i in range(_NUM_CBS) if i not in taken]
            if not free:
                raise self.unsupported("AttrStmt", f"an intermediate CB beyond the {_NUM_CBS} a core has")
            cb_id = free[-1]
        temp = CircularBufferSpec(
            cb_id=cb_id,
            name=f"tmp{len(self.temps)}",
            role="intermediate",
            num_pages=tiles,
            page_size=TILE * TILE * ELEMENT_BYTES[dtype],
            dtype=dtype,
        )
        self._next_temp = max(self._next_temp, cb_id + 1)
        self.temps.append(temp)
        return temp

    def _startup(self, entry: ops.OpDef, icb0: str, icb1: str, ocb: str, *, unpacks: bool = True) -> None:
        """Called by every op before its init, with its CBs in the start-up's order (the op's
        ``cb_params`` order): the first op's CBs are the start-up's; a later op whose unpacked CBs
        (the registry's ``ConfigState.srca`` / ``srcb``) have other formats than srcA / srcB are
        configured for gets the reconfig calls first. ``unpacks``: False for a start-up that only
        programs the packer (nothing is read)."""
        if entry.startup is None or entry.config is None:
            return
        if unpacks:
            self._record_unpack(entry, dict(zip(entry.cb_params, (icb0, icb1), strict=False)))
        if not self.startup_line:
            self.startup_line = entry.startup.render({"icb0": icb0, "icb1": icb1, "ocb": ocb}) + ";"
            reverse = entry.startup.template.get("src_order") == "SrcOrder::Reverse"
            a, b = (icb1, icb0) if reverse else (icb0, icb1)
            self._formats = {_SRCA: (self._format_of(a), a), _SRCB: (self._format_of(b), b)}
            self._formats[_PACK] = (self._format_of(ocb), ocb)
            self._loop_formats = [f if f is not None else dict(self._formats) for f in self._loop_formats]
            return
        symbols = dict(zip(entry.cb_params, (icb0, icb1), strict=False))
        needed = {
            source: (self._format_of(symbols[param]), symbols[param])
            for source, param in ((_SRCA, entry.config.srca), (_SRCB, entry.config.srcb))
            if param is not None and param in symbols
        }
        self._reconfigure(needed)

    def partial_dtype(self, buffer: str) -> str | None:
        """ "float32" when ``buffer`` is a float32 fragment (TileLang's accumulator) held in the
        32-bit DST: a CB its partials leave DST through keeps them Float32 (the packer reconfigured
        for it), never the output's 16-bit format. None: the CB takes the consumer's dtype."""
        return "float32" if self.numerics.fp32_dest_acc_en and buffer in self._float32_fragments else None

    def _record_unpack(self, entry: ops.OpDef, symbols: dict[str, str]) -> None:
        assert entry.config is not None
        for param in (entry.config.srca, entry.config.srcb):
            cb_id = self._cb_id(symbols.get(param or ""))
            if cb_id is not None:
                (self._copied if entry.config.math == "datacopy" else self._fpu_read).add(cb_id)

    def _cb_id(self, symbol: str | None) -> int | None:
        return next((cb_id for cb_id, printed in self.used_cbs.items() if printed == symbol), None)

    def unpack_to_dest_fp32(self) -> tuple[int, ...]:
        """The CBs the host sets to UnpackToDestFp32 (ComputeConfig ``unpack_to_dest_mode``): the
        Float32 CBs only copy_tile reads, with a 32-bit DST, so their data reaches DST exactly
        (tt-llk cunpack_common.h: "Dst path: FP32 -> FP32"; the source registers hold Tf32)."""
        if not self.numerics.fp32_dest_acc_en:
            return ()
        formats = {cb.cb_id: cb.data_format for cb in (*self._cbs.values(), *self.temps)}
        return tuple(sorted(c for c in self._copied - self._fpu_read if formats.get(c) == "Float32"))

    def _format_of(self, symbol: str) -> str:
        found = self._cb_format(symbol)
        if found is None:
            raise self.unsupported("AttrStmt", f"CB {symbol} unknown to the compute kernel")
        return found

    def _cb_format(self, symbol: str) -> str | None:
        """The data format of the CB printed as ``symbol``; None when ``symbol`` names no CB."""
        for cb in (*self._cbs.values(), *self.temps):
            if self.used_cbs.get(cb.cb_id) == symbol:
                return cb.data_format
        return None

    def _reconfigure(self, needed: dict[str, tuple[str, str]]) -> None:
        """The minimal reconfig calls (v0.81.1 reconfig_data_format.h) that give srcA, srcB and the
        packer the formats in ``needed``: both sources in one call when both change."""
        if not self._formats:
            return  # before the start-up: it programs the formats itself
        changed = {k: v for k, v in needed.items() if self._formats[k][0] != v[0]}
        if _SRCA in changed and _SRCB in changed:
            fn = ops.kernel_function("reconfig_data_format")
            args = {"icb0_new_operand": changed[_SRCA][1], "icb1_new_operand": changed[_SRCB][1]}
            self.emit_line(fn.render(args) + ";")
        else:
            for source in (_SRCA, _SRCB):
                if source in changed:
                    fn = ops.kernel_function(f"reconfig_data_format_{source}")
                    self.emit_line(fn.render({f"{source}_new_operand": changed[source][1]}) + ";")
        if _PACK in changed:
            fn = ops.kernel_function("pack_reconfig_data_format")
            self.emit_line(fn.render({"new_cb_id": changed[_PACK][1]}) + ";")
        self._formats.update(changed)

    def _use(self, entry: ops.OpDef) -> None:
        self.headers.update(h for h in entry.headers if h != kernel_api.COMMON_H)

    # --- values held in CBs ------------------------------------------------------------------------

    def _hold(self, name: str, cb: CircularBufferSpec, pages: int) -> None:
        self.emit_line(f"cb_wait_front({self.cb_symbol(cb)}, {pages});")
        self._held[name] = (cb, pages, self._depth)

    def _release(self, name: str) -> None:
        """The old value of ``name`` is no longer needed (redefined): pop its held pages."""
        held = self._held.pop(name, None)
        if held is not None:
            self.emit_line(f"cb_pop_front({self.cb_symbol(held[0])}, {held[1]});")

    def _spill(self) -> None:
        """Pack what DST holds into a CB and hold it there (a reduce reads its operand from a CB):
        the buffer's own CB when compute owns it, else an intermediate CB."""
        if self._dst is None:
            return
        name, tiles = self._dst, self._dst_tiles
        own = self._cbs.get(name)
        cb = own if own is not None and own.role == "intermediate" and own.num_pages >= tiles else None
        if cb is None:
            cb = self._temp_cb(own if own is not None else self._some_cb(), tiles)
        self._pack(cb, tiles)
        self._hold(name, cb, tiles)

    def read_before_loop(self, name: str) -> int | None:
        """The loop depth of a reader block's read outside the current loop (compute/carried.py)."""
        return None

    def _some_cb(self) -> CircularBufferSpec:
        return next(iter(self._cbs.values()))

    # --- the deferred reduce_uninit ------------------------------------------------------------

    def _flush_uninit(self) -> None:
        """A pending reduce_uninit, printed now (before a loop whose every trip would print it)."""
        if self._pending_uninit is not None:
            uninit, _ = self._pending_uninit
            self._pending_uninit = None
            self._in_effect.clear()
            super().emit_line(uninit)

    def emit_line(self, text: str = "") -> None:
        if self._pending_uninit is not None and (name := _init_name(text)) is not None:
            uninit, dim = self._pending_uninit
            self._pending_uninit = None
            if not (name == "reduce_init" and dim in text):
                self._in_effect.clear()
                super().emit_line(uninit)
        name = _init_name(text)
        if name is not None:
            engine, configuration = _INIT_ENGINE[name], self._configuration(text)
            if self._in_effect.get(engine) == configuration:
                return  # programs what is in effect already
            self._in_effect[engine] = configuration
        elif "uninit" in text or "reconfig" in text or "hw_startup" in text:
            self._in_effect.clear()
        super().emit_line(text)

    def _configuration(self, init_line: str) -> str:
        """``init_line`` with each CB argument replaced by that CB's data format."""
        match = _ARGS.search(init_line)
        if match is None:
            return init_line.strip()
        args = [self._cb_format(a.strip()) or a.strip() for a in match.group(1).split(",")]
        return init_line[: match.start()].strip() + "(" + ", ".join(args) + ")"

    def visit_IfThenElse(self, node: Any) -> None:
        self._in_effect.clear()  # a branch may or may not run: what it programs is not known after it
        super().visit_IfThenElse(node)
        self._in_effect.clear()

    def _skips_uninit(self, lines: list[str], dim: str) -> bool | None:
        """Whether the first init in ``lines`` is a reduce over ``dim`` (None: no init there)."""
        for line in lines:
            name = _init_name(line)
            if name is not None:
                return name == "reduce_init" and dim in line
        return None

    def visit_For(self, node: Any) -> None:
        # A pending uninit from before the loop goes before the loop, unless the body starts with a
        # reduce over the same dim (then every iteration may skip it).
        outer = self._pending_uninit
        self._pending_uninit = None
        self._in_effect.clear()  # the body's first init runs after the body's last on each iteration
        mark = len(self.out.lines)
        self._depth += 1
        self._loop_formats.append(dict(self._formats) if self._formats else None)
        try:
            super().visit_For(node)
        finally:
            self._loop_formats.pop()
            self._depth -= 1
            self._in_effect.clear()
        if outer is None:
            return
        skips = self._skips_uninit(self.out.lines[mark:], outer[1])
        if skips is None and self._pending_uninit is None:
            self._pending_uninit = outer  # the loop configured nothing
        elif not skips:
            line = self.out.nested()
            line.emit_line(outer[0])
            self.out.lines.insert(mark, line.lines[0])

    def before_loop_end(self, node: Any) -> None:
        """Held values made in the loop are popped; a reduce at the end of the body leaves its
        uninit to the next iteration when that starts with a reduce over the same dim; and the next
        iteration starts with the formats the loop was entered with (or the start-up's, when the
        start-up comes from an op inside the loop): restore them if the body changed them."""
        super().before_loop_end(node)
        for name in [n for n, (_, _, depth) in self._held.items() if depth == self._depth]:
            self._release(name)
        pending = self._pending_uninit
        if pending is not None and not self._skips_uninit(self.out.lines, pending[1]):
            self._pending_uninit = None
            super().emit_line(pending[0])
        entry = self._loop_formats[-1] if self._loop_formats else None
        if entry is not None:
            self._reconfigure(entry)

    def finish(self) -> None:
        for name in list(self._held):
            self._release(name)
        if self._dst is not None:
            raise self.unsupported(
                "PrimFunc",
                f"DST still holds {self._dst} at the end of the kernel: its result is never written",
            )


def dst_chunk(tiles: int, limit: int) -> int:
    """The largest chunk of at most ``limit`` tiles that divides a block of ``tiles`` evenly (a
    block larger than DST is computed chunk by chunk: eltwise.py, reduce.py)."""
    return next(size for size in range(min(tiles, limit), 0, -1) if tiles % size == 0)


def _float32_fragments(func: Any) -> set[str]:
    """Names of the float32 fragments (``T.alloc_fragment(..., "float32")``) the IR allocates."""
    found: set[str] = set()

    def visit(node: Any) -> None:
        if type(node).__name__ == "AllocBuffer":
            buffer = node.buffer
            if str(buffer.scope()).startswith("local") and str(buffer.dtype) == "float32":
                found.add(str(buffer.name))

    walk(func.body, visit)
    return found


def _matmul_only(func: Any) -> bool:
    """True when the body's compute annotations are all matmuls (fills and copies aside)."""
    keys: set[str] = set()

    def visit(node: Any) -> None:
        if type(node).__name__ == "AttrStmt" and str(node.attr_key) in (
            "tt.eltwise",
            "tt.reduce",
            "tt.matmul_intrinsic",
            "tt.mask",
        ):
            keys.add(str(node.attr_key))

    walk(func.body, visit)
    return keys == {"tt.matmul_intrinsic"}
