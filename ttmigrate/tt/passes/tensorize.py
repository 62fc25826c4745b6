"""WS3 tensorize: every tile operation becomes an ``AttrStmt`` the code generators read.

One visitor method per statement kind (as TVM's ``codegen_c.cc``). Tile ops (``T.copy``,
``T.gemm``, ``T.fill``/``T.clear``, ``T.reduce_*``) and element-wise loop nests are replaced by
``AttrStmt(node=<record>, attr_key="tt.<op>", value=<id>, body=Evaluate(0))`` (the typed records
of ``tt.contract``, stored as ffi maps) keeping the original
statement's span; user loops stay, the GEMM's K loop gains ``tt.k_loop``. Everything else that
the backend cannot lower is reported, all at once, as a LoweringError.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tvm import tirx
from tvm.ir import IRModule

from ..contract import Cast, CbLeaf, CopyOp, EltwiseOp, FillOp, MatmulOp, ReduceOp, TileOp, to_node
from ..diagnostics import DiagnosticSink
from ..ir import (
    TILE,
    Region,
    analyzer,
    block_tiles,
    buffer_params,
    const_int,
    func_attr,
    is_global,
    main_func,
    region,
    seq,
    shape_ints,
    tile_op,
    walk,
    with_attrs,
    with_main,
)
from ..walk import for_segment, is_work_loop
from .causal_mask import is_mask_store, read_mask
from .eltwise import EltwiseProblem, StoreReader, match_nest
from .k_loop import find_k_loops

K_LOOP_ATTR = "tt.k_loop"
Path = tuple[str, ...]


def _no_op() -> Any:
    return tirx.Evaluate(tirx.IntImm("int32", 0))


class Tensorizer:
    def __init__(self, func: tirx.PrimFunc) -> None:
        self.params = buffer_params(func)
        cbs = func_attr(func, "tt_circular_buffers")
        if cbs is None:
            raise ValueError("tensorize runs after memory-space lowering (tt_circular_buffers is missing)")
        self.cb_ids: dict[str, int] = {
            str(e["name"]): int(e["cb_id"]) for e in cbs if str(e["role"]) not in ("scaler", "mask")
        }
        self.scaler_cb = next((int(e["cb_id"]) for e in cbs if str(e["role"]) == "scaler"), None)
        self.mask_cb = next((int(e["cb_id"]) for e in cbs if str(e["role"]) == "mask"), None)
        self.sink = DiagnosticSink()
        self.ids: dict[str, int] = defaultdict(int)
        self.analyzer = analyzer()
        self.k_loops: list[Any] = []
        candidates, gemms = find_k_loops(func.body, self.params)
        for index, loops in candidates.items():
            if len(loops) > 1:
                names = ", ".join(f"`{loop.loop_var.name}`" for loop in loops)
                self.sink.add(
                    "ambiguous-k-loop",
                    gemms[index].stmt,
                    gemms[index].path,
                    f"loops {names} all index A and B but not C; cannot tell which is the K loop",
                )
            self.k_loops.extend(loops[:1])

    # -- helpers -------------------------------------------------------------------------------
    def is_global(self, buffer: Any) -> bool:
        return is_global(buffer, self.params)

    def cb_of(self, buffer: Any) -> int | None:
        return None if self.is_global(buffer) else self.cb_ids.get(buffer.name)

    def attr(self, record: TileOp, stmt: Any) -> Any:
        key = record.KEY
        value = self.ids[key]
        self.ids[key] += 1
        return tirx.AttrStmt(to_node(record), key, tirx.IntImm("int32", value), _no_op(), span=stmt.span)

    def whole_tile_buffer(self, r: Region, stmt: Any, path: Path, what: str) -> bool:
        """A tile-buffer operand must be the whole buffer (origin 0, extents = shape)."""
        shape = shape_ints(r.buffer)
        extents = r.const_extents()
        squeeze = [e for e in (extents or ()) if e != 1]
        if (
            any(const_int(o) != 0 for o in r.origin)
            or shape is None
            or extents is None
            or squeeze != [d for d in shape if d != 1]
        ):
            self.sink.add(
                "partial-tile-buffer",
                stmt,
                path,
                f"{what} uses part of tile buffer `{r.buffer.name}`; tile operations take whole tile buffers",
            )
            return False
        return True

    def tile_index(self, r: Region, stmt: Any, path: Path) -> list[Any] | None:
        tiled = min(2, len(r.origin))
        index: list[Any] = list(r.origin[: len(r.origin) - tiled])
        for origin in r.origin[len(r.origin) - tiled :]:
            if not self.analyzer.can_prove(tirx.floormod(origin, TILE) == 0):
                self.sink.add(
                    "unaligned-tile-origin",
                    stmt,
                    path,
                    f"origin `{origin}` of `{r.buffer.name}` is not provably a multiple of {TILE}",
                )
                return None
            index.append(self.analyzer.simplify(tirx.floordiv(origin, TILE)))
        return index

    def outer_user_loop(self, stmt: Any, nest: Any) -> bool:
        """A serial loop around an element-wise nest (``for k: for i, j in T.Parallel``) stays a
        loop: the nest is as deep as the stored buffers' rank, and ``stmt`` is outside it."""
        rank = max(len(store.indices) for store in nest.stores)
        return stmt.kind != tirx.ForKind.PARALLEL and len(nest.loops) > rank

    # -- statements ---------------------------------------------------------------------------
    def visit(self, stmt: Any, path: Path, near: Any) -> Any:
        kind = type(stmt).__name__
        method = getattr(self, f"visit_{kind}", None)
        near = stmt if getattr(stmt, "span", None) is not None else near
        if method is None:
            self.sink.add(
                "unsupported-statement",
                stmt,
                path,
                f"{kind} has no lowering on Tenstorrent",
                fallback_span=near,
            )
            return stmt
        return method(stmt, path, near)

    def visit_SeqStmt(self, stmt: Any, path: Path, near: Any) -> Any:
        return seq([self.visit(s, (*path, f"SeqStmt[{i}]"), near) for i, s in enumerate(stmt.seq)])

    def visit_AllocBuffer(self, stmt: Any, path: Path, near: Any) -> Any:
        return stmt

    def visit_DeclBuffer(self, stmt: Any, path: Path, near: Any) -> Any:
        return stmt

    def visit_Bind(self, stmt: Any, path: Path, near: Any) -> Any:
        return stmt

    def visit_For(self, stmt: Any, path: Path, near: Any) -> Any:
        here = (*path, for_segment(stmt))
        if is_work_loop(stmt):
            return tirx.For(
                stmt.loop_var,
                stmt.min,
                stmt.extent,
                stmt.kind,
                self.visit(stmt.body, here, near),
                annotations=stmt.annotations,
                span=stmt.span,
            )
        nest = match_nest(stmt)
        if nest is not None and not self.outer_user_loop(stmt, nest):
            return self.eltwise(nest, here, near)
        if stmt.kind == tirx.ForKind.PARALLEL:
            before = len(self.sink.items)
            self.visit(stmt.body, here, near)
            if len(self.sink.items) == before:
                self.sink.add(
                    "unsupported-parallel-loop",
                    stmt,
                    here,
                    f"parallel loop `{stmt.loop_var.name}` is not an element-wise nest over whole tile buffers",
                    fallback_span=near,
                )
            return stmt
        if stmt.kind == tirx.ForKind.THREAD_BINDING:
            self.sink.add(
                "unsupported-thread-binding",
                stmt,
                here,
                f"loop `{stmt.loop_var.name}` is bound to a thread inside the kernel",
                fallback_span=near,
            )
            return stmt
        annotations = dict(stmt.annotations)
        if any(stmt.same_as(k) for k in self.k_loops):
            annotations[K_LOOP_ATTR] = 1
        body = self.visit(stmt.body, here, near)
        return tirx.For(
            stmt.loop_var,
            stmt.min,
            stmt.extent,
            tirx.ForKind.SERIAL,
            body,
            annotations=annotations,
            span=stmt.span,
        )

    def visit_IfThenElse(self, stmt: Any, path: Path, near: Any) -> Any:
        reads = []

        def visit(node: Any) -> None:
            if type(node).__name__ == "TensorLoad":
                reads.append(node.source.name)

        walk(stmt.condition, visit)
        if reads:
            self.sink.add(
                "data-dependent-branch",
                stmt,
                path,
                f"`if {stmt.condition}` branches on tile values ({', '.join(sorted(set(reads)))}); Tenstorrent tile code cannot branch per element",
                fallback_span=near,
            )
        else:
            self.sink.add(
                "unsupported-control-flow",
                stmt,
                path,
                f"`if {stmt.condition}`: conditional tile code is not lowered",
                fallback_span=near,
            )
        return stmt

    def visit_While(self, stmt: Any, path: Path, near: Any) -> Any:
        self.sink.add(
            "unsupported-control-flow",
            stmt,
            path,
            "a while loop has no lowering on Tenstorrent",
            fallback_span=near,
        )
        return stmt

    def visit_BufferStore(self, stmt: Any, path: Path, near: Any) -> Any:
        self.sink.add(
            "unsupported-store",
            stmt,
            path,
            f"a store to `{stmt.buffer.name}` outside an element-wise loop nest over a whole tile",
            fallback_span=near,
        )
        return stmt

    def visit_SBlockRealize(self, stmt: Any, path: Path, near: Any) -> Any:
        self.sink.add(
            "unsupported-block", stmt, path, f"nested block `{stmt.block.name_hint}`", fallback_span=near
        )
        return stmt

    def visit_Evaluate(self, stmt: Any, path: Path, near: Any) -> Any:
        op = tile_op(stmt)
        if op is None:
            if const_int(stmt.value) is not None:
                return stmt
            self.sink.add(
                "unsupported-call",
                stmt,
                path,
                f"`{stmt.value}` has no lowering on Tenstorrent",
                fallback_span=near,
            )
            return stmt
        name, call = op
        handler = getattr(self, f"tile_{name}", None)
        if handler is None:
            self.sink.add(
                "unsupported-tile-op",
                stmt,
                path,
                f"tile operation `{call.op.name}` has no lowering",
                fallback_span=near,
            )
            return stmt
        return handler(call, stmt, path)

    # -- tile operations ----------------------------------------------------------------------
    def tile_copy(self, call: Any, stmt: Any, path: Path) -> Any:
        src, dst = region(call.args[0]), region(call.args[1])
        src_global, dst_global = self.is_global(src.buffer), self.is_global(dst.buffer)
        if src_global and dst_global:
            self.sink.add(
                "copy-global-to-global",
                stmt,
                path,
                f"T.copy from DRAM `{src.buffer.name}` to DRAM `{dst.buffer.name}`; stage the data through a tile buffer",
            )
            return stmt
        if not src_global and not dst_global:
            return self.local_copy(src, dst, stmt, path)
        dram, tile = (src, dst) if src_global else (dst, src)
        cb = self.cb_of(tile.buffer)
        extents = dram.const_extents()
        if cb is None or extents is None:
            self.sink.add(
                "unknown-buffer",
                stmt,
                path,
                f"`{tile.buffer.name}` is not a circular buffer, or the block extent is not constant",
            )
            return stmt
        if not self.whole_tile_buffer(tile, stmt, path, "T.copy"):
            return stmt
        index = self.tile_index(dram, stmt, path)
        if index is None:
            return stmt
        h, w = block_tiles(extents)
        record = CopyOp(
            direction="read" if src_global else "write",
            buffer=dram.buffer,
            cb=tile.buffer,
            cb_id=cb,
            tile_index=tuple(index),
            tiles=(h, w),
        )
        return self.attr(record, stmt)

    def local_copy(self, src: Region, dst: Region, stmt: Any, path: Path) -> Any:
        """A copy between two tile buffers is an element-wise identity (a cast if dtypes differ)."""
        src_cb, dst_cb = self.cb_of(src.buffer), self.cb_of(dst.buffer)
        if src_cb is None or dst_cb is None:
            self.sink.add(
                "unknown-buffer",
                stmt,
                path,
                f"T.copy between `{src.buffer.name}` and `{dst.buffer.name}`: not both circular buffers",
            )
            return stmt
        if not (
            self.whole_tile_buffer(src, stmt, path, "T.copy")
            and self.whole_tile_buffer(dst, stmt, path, "T.copy")
        ):
            return stmt
        shape = shape_ints(dst.buffer)
        assert shape is not None  # whole_tile_buffer checked it
        leaf = CbLeaf(src_cb, str(src.buffer.name))
        expr = leaf if str(src.buffer.dtype) == str(dst.buffer.dtype) else Cast(leaf)
        h, w = block_tiles(shape)
        return self.attr(
            EltwiseOp(out=dst.buffer, out_cb=dst_cb, tiles=(h, w), expr=expr, in_place=False), stmt
        )

    def tile_gemm(self, call: Any, stmt: Any, path: Path) -> Any:
        a, b, c = (region(call.args[i]) for i in range(3))
        cbs = [self.cb_of(r.buffer) for r in (a, b, c)]
        ok = True
        for r, cb in zip((a, b, c), cbs, strict=True):
            if cb is None:
                kind = "global-access-in-compute" if self.is_global(r.buffer) else "unknown-buffer"
                self.sink.add(
                    kind,
                    stmt,
                    path,
                    f"T.gemm operand `{r.buffer.name}` must be a tile buffer (copy DRAM tiles in with T.copy)",
                )
                ok = False
            elif not self.whole_tile_buffer(r, stmt, path, "T.gemm"):
                ok = False
        if bool(const_int(call.args[9])):
            self.sink.add(
                "unsupported-gemm-option",
                stmt,
                path,
                "T.gemm(clear_accum=True): clear the accumulator with T.clear before the K loop",
            )
            ok = False
        dims = [const_int(call.args[i]) for i in (5, 6, 7)]
        if any(d is None or d % TILE for d in dims):
            self.sink.add(
                "unaligned-gemm-block",
                stmt,
                path,
                f"T.gemm block M, N, K = {dims}; each must be a multiple of {TILE}",
            )
            ok = False
        if not ok:
            return stmt
        m, n, k = (int(d) // TILE for d in dims if d is not None)
        in0_cb, in1_cb, out_cb = (int(cb) for cb in cbs if cb is not None)
        record = MatmulOp(
            in0=a.buffer,
            in1=b.buffer,
            out=c.buffer,
            in0_cb=in0_cb,
            in1_cb=in1_cb,
            out_cb=out_cb,
            transpose_a=bool(const_int(call.args[3])),
            transpose_b=bool(const_int(call.args[4])),
            mt=m,
            nt=n,
            kt=k,
        )
        return self.attr(record, stmt)

    def tile_fill(self, call: Any, stmt: Any, path: Path) -> Any:
        r = region(call.args[0])
        cb = self.cb_of(r.buffer)
        if cb is None:
            kind = "global-access-in-compute" if self.is_global(r.buffer) else "unknown-buffer"
            self.sink.add(
                kind,
                stmt,
                path,
                f"T.fill of `{r.buffer.name}`: only tile buffers can be filled (fill a tile, then T.copy it out)",
            )
            return stmt
        if not self.whole_tile_buffer(r, stmt, path, "T.fill"):
            return stmt
        return self.attr(FillOp(cb=r.buffer, cb_id=cb, value=call.args[1]), stmt)

    def tile_reduce(self, call: Any, stmt: Any, path: Path) -> Any:
        src, dst = region(call.args[0]), region(call.args[1])
        kind = str(call.args[2].value)
        cbs = [self.cb_of(r.buffer) for r in (src, dst)]
        if any(cb is None for cb in cbs):
            self.sink.add(
                "global-access-in-compute",
                stmt,
                path,
                f"T.reduce_{kind} between `{src.buffer.name}` and `{dst.buffer.name}`: both must be tile buffers",
            )
            return stmt
        if kind not in ("sum", "max"):
            self.sink.add(
                "unsupported-reduction", stmt, path, f"reduction kind `{kind}`; only sum and max are lowered"
            )
            return stmt
        if not (
            self.whole_tile_buffer(src, stmt, path, "T.reduce")
            and self.whole_tile_buffer(dst, stmt, path, "T.reduce")
        ):
            return stmt
        shape = shape_ints(src.buffer)
        assert shape is not None
        h, w = block_tiles(shape)
        in_cb, out_cb = (int(cb) for cb in cbs if cb is not None)
        record = ReduceOp(
            kind="sum" if kind == "sum" else "max",  # checked above: one of the two
            src=src.buffer,
            dst=dst.buffer,
            in_cb=in_cb,
            out_cb=out_cb,
            dim=int(const_int(call.args[3]) or 0),
            clear=bool(const_int(call.args[4])),
            tiles=(h, w),
            scaler_cb=self.scaler_cb,
            scaler=1.0,
        )
        return self.attr(record, stmt)

    # -- element-wise nests ---------------------------------------------------------------------
    def eltwise(self, nest: Any, path: Path, near: Any) -> Any:
        out_stmts = []
        written: list[Any] = []
        for i, store in enumerate(nest.stores):
            where = (
                *path,
                *(for_segment(loop) for loop in nest.loops[1:]),
                f"SeqStmt[{i}]" if len(nest.stores) > 1 else "BufferStore",
            )
            if is_mask_store(store):
                try:
                    mask = read_mask(
                        nest, store, cb_of=self.cb_of, is_global=self.is_global, mask_cb=self.mask_cb
                    )
                except EltwiseProblem as problem:
                    self.sink.add(problem.kind, problem.node, where, problem.message, fallback_span=near)
                    continue
                out_stmts.append(self.attr(mask, store if store.span is not None else nest.loops[0]))
                written.append(store.buffer)
                continue
            reader = StoreReader(nest, store, self.cb_of, self.is_global)
            try:
                expr = reader.read()
            except EltwiseProblem as problem:
                self.sink.add(problem.kind, problem.node, where, problem.message, fallback_span=near)
                continue
            if any(
                bcast != "none" and any(buf.same_as(w) for w in [*written, store.buffer])
                for buf, bcast in reader.leaves
            ):
                self.sink.add(
                    "unsupported-eltwise-index",
                    store,
                    where,
                    f"`{store.buffer.name}` is broadcast from a buffer the same nest writes",
                    fallback_span=near,
                )
                continue
            out = store.buffer
            shape = shape_ints(out)
            assert shape is not None
            out_cb = self.cb_of(out)
            assert out_cb is not None  # check_output checked it
            h, w = block_tiles(shape)
            record = EltwiseOp(
                out=out,
                out_cb=out_cb,
                tiles=(h, w),
                expr=expr,
                in_place=any(buf.same_as(out) for buf, _ in reader.leaves),
            )
            out_stmts.append(self.attr(record, store if store.span is not None else nest.loops[0]))
            written.append(out)
        return seq(out_stmts) if out_stmts else nest.loops[0]


def tensorize(mod: IRModule) -> IRModule:
    func = main_func(mod)
    tensorizer = Tensorizer(func)
    body = tensorizer.visit(func.body, ("main",), None)
    tensorizer.sink.raise_if_any()
    counts = tensorizer.ids
    new_func = tirx.PrimFunc(func.params, body, func.ret_type, func.attrs, func.span)
    attrs = {"tt_num_matmuls": counts["tt.matmul_intrinsic"], "tt_has_tensorize": sum(counts.values()) > 0}
    return with_main(mod, with_attrs(new_func, attrs))
