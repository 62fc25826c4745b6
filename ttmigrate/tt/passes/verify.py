"""WS3 verify: the lowered function holds only what the code generators can read.

Checks that no tile op, block, thread binding, parallel loop, store or load survived, that there
is exactly one work loop, that every ``tt.*`` annotation names a circular buffer that exists (by
id and buffer name), and that the runtime-argument layout matches the DRAM buffers the copies
touch. Sets ``tt_ir_validated``; any failure is a LoweringError, never a silent pass.
"""

from __future__ import annotations

from typing import Any

from tvm import tirx
from tvm.ir import IRModule

from ttmigrate.frontend import ops

from ..contract import NUM_UNITS, START_ID, runtime_arg_names
from ..diagnostics import DiagnosticSink
from ..ir import buffer_params, func_attr, main_func, with_attrs, with_main
from ..walk import is_work_loop
from .causal_mask import MASK_CB
from .memory_space import SCALER_CB

REQUIRED_ATTRS = (
    "tt_schedule_policy",
    "tt_schedule_order",
    "tt_layout_type",
    "tt_tile_height",
    "tt_tile_width",
    "tt_grid_x",
    "tt_grid_y",
    "tt_grid_z",
    "tt_num_tiles",
    "tt_num_cores",
    "tt_core_grid",
    "tt_tiles_per_core",
    "tt_runtime_args",
    "tt_circular_buffers",
    "tt_padding_info",
    "tt_num_matmuls",
    "tt_has_tensorize",
)
TT_KEYS = ("tt.copy", "tt.matmul_intrinsic", "tt.fill", "tt.eltwise", "tt.reduce", "tt.mask")
CB_FIELDS = {
    "tt.copy": (("cb_id", "cb"),),
    "tt.matmul_intrinsic": (("in0_cb", "in0"), ("in1_cb", "in1"), ("out_cb", "out")),
    "tt.fill": (("cb_id", "cb"),),
    "tt.eltwise": (("out_cb", "out"),),
    "tt.reduce": (("in_cb", "in"), ("out_cb", "out")),
    "tt.mask": (("out_cb", "out"),),
}


class Verifier:
    def __init__(self, func: tirx.PrimFunc) -> None:
        self.func = func
        self.sink = DiagnosticSink()
        self.cb_names = {
            int(e["cb_id"]): str(e["name"]) for e in (func_attr(func, "tt_circular_buffers") or [])
        }
        self.work_loops = 0
        self.reads: set[str] = set()
        self.writes: set[str] = set()

    def check(self) -> None:
        func = self.func
        for key in REQUIRED_ATTRS:
            if func_attr(func, key) is None:
                self.sink.add("missing-attribute", func, ["main"], f"function attribute `{key}` is missing")
        names = [p.name for p in func.params]
        if names[-2:] != [START_ID, NUM_UNITS]:
            self.sink.add(
                "missing-runtime-params",
                func,
                ["main"],
                f"parameters end with {names[-2:]}, expected [{START_ID!r}, {NUM_UNITS!r}]",
            )
        self.stmt(func.body, ("main",))
        if self.work_loops != 1:
            self.sink.add(
                "work-loop-count", func, ["main"], f"{self.work_loops} work loops; exactly one is expected"
            )
        self.check_runtime_args()

    def check_runtime_args(self) -> None:
        args = func_attr(self.func, "tt_runtime_args")
        if args is None:
            return
        order = [p.name for p in buffer_params(self.func)]
        # the same naming rule, from the tt.copy annotations: a cross-check of the lowering's analysis
        expected = runtime_arg_names(
            copied_in=tuple(n for n in order if n in self.reads),
            copied_out=tuple(n for n in order if n in self.writes),
        )
        for kernel, names in expected.items():
            actual = [str(a) for a in args[kernel]] if kernel in args else None
            if actual != names:
                self.sink.add(
                    "runtime-args-mismatch",
                    self.func,
                    ["main"],
                    f"{kernel} runtime args are {actual}, but its copies need {names}",
                )

    def stmt(self, node: Any, path: tuple[str, ...]) -> None:
        kind = type(node).__name__
        if kind == "SeqStmt":
            for i, child in enumerate(node.seq):
                self.stmt(child, (*path, f"SeqStmt[{i}]"))
        elif kind == "For":
            here = (*path, f"For({node.loop_var.name})")
            if is_work_loop(node):
                self.work_loops += 1
            if node.kind != tirx.ForKind.SERIAL:
                self.sink.add(
                    "unlowered-loop",
                    node,
                    here,
                    f"loop `{node.loop_var.name}` is {node.kind}; only serial loops remain after lowering",
                )
            self.stmt(node.body, here)
        elif kind == "AttrStmt":
            self.annotation(node, path)
        elif kind in ("AllocBuffer", "DeclBuffer", "Bind"):
            pass
        elif kind == "Evaluate":
            if type(node.value).__name__ != "IntImm":
                what = node.value.op.name if ops.is_tile_op(node.value) else str(node.value)
                self.sink.add("unlowered-call", node, path, f"`{what}` survived lowering")
        else:
            self.sink.add("unlowered-statement", node, path, f"{kind} survived lowering")

    def annotation(self, node: Any, path: tuple[str, ...]) -> None:
        key = str(node.attr_key)
        if key not in TT_KEYS:
            self.sink.add(
                "unlowered-statement", node, path, f"AttrStmt `{key}` is not a Tenstorrent annotation"
            )
            return
        info = node.node
        for id_field, buffer_field in CB_FIELDS[key]:
            cb_id = int(info[id_field])
            name = info[buffer_field].name
            if self.cb_names.get(cb_id) != name:
                self.sink.add(
                    "cb-mismatch",
                    node,
                    path,
                    f"{key}: {id_field}={cb_id} is CB `{self.cb_names.get(cb_id)}`, but the buffer is `{name}`",
                )
        if key == "tt.reduce" and self.cb_names.get(int(info["scaler_cb"])) != SCALER_CB:
            self.sink.add(
                "cb-mismatch",
                node,
                path,
                f"tt.reduce: scaler_cb={info['scaler_cb']} is not the `{SCALER_CB}` CB",
            )
        if key == "tt.mask" and self.cb_names.get(int(info["mask_cb"])) != MASK_CB:
            self.sink.add(
                "cb-mismatch", node, path, f"tt.mask: mask_cb={info['mask_cb']} is not the `{MASK_CB}` CB"
            )
        if key == "tt.copy":
            target = self.reads if str(info["direction"]) == "read" else self.writes
            target.add(info["buffer"].name)
        if type(node.body).__name__ != "Evaluate":
            self.stmt(node.body, (*path, key))


def verify(mod: IRModule) -> IRModule:
    func = main_func(mod)
    verifier = Verifier(func)
    verifier.check()
    verifier.sink.raise_if_any()
    return with_main(mod, with_attrs(func, {"tt_ir_validated": True}))
