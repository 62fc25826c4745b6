"""The legacy template emitter, kept for comparison.

It reads only function attributes (grid, tiles per core, buffer tile counts, circular buffers),
ignores the kernel body, and always prints the single-tile GEMM pattern: one output tile per work
unit, a K loop over Kt, A and B read per K step. Right for a plain GEMM with 32x32x32 blocks;
wrong, without raising, for everything else — exactly as the legacy emitter was.
"""

from __future__ import annotations

from typing import Any

from .. import attrs
from ..numerics import compute_numerics
from ..program import ProgramSpec
from .kernels import render_compute, render_reader, render_writer


def _program(func: Any) -> ProgramSpec:
    buffers = attrs.buffer_params(func)
    a, c = buffers[0], buffers[-1]
    b = buffers[1] if len(buffers) > 2 else a  # legacy: "the second operand", whatever it is
    tensors = tuple(
        attrs.dram_tensor(func, buf, is_input=buf is not c, is_output=buf is c) for buf in buffers
    )
    reader = (
        attrs.arg("addr", "src0_addr", buffer=a.name),
        attrs.arg("addr", "src1_addr", buffer=b.name),
        attrs.arg("start", "start_tile_id"),
        attrs.arg("count", "num_tiles"),
    )
    cbs = attrs.circular_buffers(func)
    return ProgramSpec(
        tensors=tensors,
        circular_buffers=cbs,
        # the host's DST mode comes from the IR for both emitters (the accumulator's dtype)
        numerics=compute_numerics(func, cbs),
        core_work=attrs.core_work(func),
        runtime_args={
            "reader": reader,
            "compute": (attrs.arg("start", "start_tile_id"), attrs.arg("count", "num_tiles")),
            "writer": (
                attrs.arg("addr", "dst_addr", buffer=c.name),
                attrs.arg("start", "start_tile_id"),
                attrs.arg("count", "num_tiles"),
            ),
        },
        grid=attrs.grid(func),
        schedule=attrs.schedule(func),
    )


def emit_template(func: Any) -> tuple[dict[str, str], ProgramSpec]:
    """Reader, compute and writer text plus the program description for host and plan."""
    spec = _program(func)
    by_name = {t.name: t for t in spec.tensors}
    a = by_name[spec.runtime_args["reader"][0].buffer or ""]
    c = by_name[spec.runtime_args["writer"][0].buffer or ""]
    kt, nt = a.tiles_w, c.tiles_w
    kernels = {
        "reader.cpp": render_reader(kt=kt, nt=nt),
        "compute.cpp": render_compute(kt=kt),
        "writer.cpp": render_writer(nt=nt),
    }
    return kernels, spec
