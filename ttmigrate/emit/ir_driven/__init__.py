"""The IR-driven emitter: reader, compute and writer visitors over the lowered TIR body, and the
host program and plan from the same lowered function (docs/LOWERED_IR.md)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tvm import tirx

from ttmigrate.ops import kernel_api
from ttmigrate.tt import contract

from .. import attrs
from ..program import ProgramSpec, RuntimeArg
from .compute import ComputeVisitor, header_order
from .dataflow import ReaderVisitor, WriterVisitor
from .kernel_file import render_kernel
from .visitor import TTCodegenVisitor

__all__ = ["ComputeVisitor", "ReaderVisitor", "TTCodegenVisitor", "WriterVisitor", "emit_ir_driven"]


def _runtime_args(func: Any) -> dict[str, tuple[RuntimeArg, ...]]:
    """The lowering's typed runtime arguments (tt.contract), checked against the scalar parameters."""
    scalars = {str(p.name) for p in func.params if not tirx.is_buffer_var(p)}
    out: dict[str, tuple[RuntimeArg, ...]] = {}
    for kernel, args in contract.decode_runtime_args(attrs.attr(func, "tt_runtime_args")).items():
        for arg in args:
            if arg.kind != "addr" and arg.name not in scalars:
                raise ValueError(f"tt_runtime_args[{kernel}] names {arg.name!r}, which is not a parameter")
        out[kernel] = tuple(RuntimeArg(kind=a.kind, name=a.name, buffer=a.buffer) for a in args)
    return out


def _arg_names(visitor: TTCodegenVisitor, func: Any, args: tuple[RuntimeArg, ...]) -> dict[str, str]:
    scalars = {str(p.name): p for p in func.params if not tirx.is_buffer_var(p)}
    names = {}
    for arg in args:
        if arg.kind == "addr":
            names[arg.name] = visitor.names.get(("addr", arg.buffer), arg.name)
        else:
            names[arg.name] = visitor.var_name(scalars[arg.name])
    return names


def emit_ir_driven(func: Any) -> tuple[dict[str, str], ProgramSpec]:
    cbs = attrs.circular_buffers(func)
    runtime_args = _runtime_args(func)
    read = {a.buffer for a in runtime_args["reader"] if a.kind == "addr"}
    written = {a.buffer for a in runtime_args["writer"] if a.kind == "addr"}
    tensors = tuple(
        attrs.dram_tensor(func, b, is_input=b.name in read, is_output=b.name in written)
        for b in attrs.buffer_params(func)
    )
    by_name = {t.name: t for t in tensors}
    first_temp = max([24] + [cb.cb_id + 1 for cb in cbs])

    kernels: dict[str, str] = {}
    compute = ComputeVisitor(func, cbs, first_temp_id=first_temp)
    for visitor in (ReaderVisitor(func, cbs, by_name), compute, WriterVisitor(func, cbs, by_name)):
        kind = visitor.kernel_kind
        arg_names = _arg_names(visitor, func, runtime_args[kind])
        with visitor.captured() as body:
            visitor.visit(func.body)
            visitor.finish()  # type: ignore[attr-defined]
        if isinstance(visitor, ComputeVisitor):
            includes = [h for h in header_order() if h in visitor.headers]
            prologue = [visitor.startup_line] if visitor.startup_line else []
            prologue.extend(visitor.prologue_inits)
        else:
            includes = [kernel_api.DATAFLOW_H]
            addr_symbols = {a.buffer or "": arg_names[a.name] for a in runtime_args[kind] if a.kind == "addr"}
            prologue = visitor.prologue(addr_symbols)  # type: ignore[attr-defined]
            if isinstance(visitor, ReaderVisitor):
                prologue.extend(visitor.scaler_lines())
        all_cbs = {cb.cb_id: cb for cb in (*cbs, *compute.temps)}
        kernels[f"{kind}.cpp"] = render_kernel(
            includes=includes,
            compute=kind == "compute",
            args=[arg_names[a.name] for a in runtime_args[kind]],
            cbs=[(symbol, all_cbs[cb_id]) for cb_id, symbol in visitor.used_cbs.items()],
            prologue=prologue,
            body=body.lines,
        )
    spec = ProgramSpec(
        tensors=tensors,
        circular_buffers=(*cbs, *compute.temps),
        core_work=attrs.core_work(func),
        runtime_args=runtime_args,
        grid=attrs.grid(func),
        schedule=attrs.schedule(func),
        numerics=replace(
            compute.numerics,
            matmul_subblock=compute.matmul_subblocks,
            unpack_to_dest_fp32=compute.unpack_to_dest_fp32(),
        ),
    )
    return kernels, spec
