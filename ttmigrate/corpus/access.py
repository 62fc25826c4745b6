"""Which PrimFunc parameters a kernel reads and writes, read from its IR: the one analysis of it.

``param_access`` answers both questions every stage asks: which parameters the kernel reads or
writes at all (the corpus's inputs and outputs, the NumPy reference's arguments) and which it moves
through DRAM by ``T.copy`` (the lowering's reader and writer runtime arguments: a buffer is a reader
argument only if some copy reads it from DRAM). It lives in the corpus stage, the first that has a
kernel, so the lowering and the emitters read it instead of deciding again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import tvm_ffi
from tvm import tirx

from ttmigrate.frontend import ops


@dataclass(frozen=True)
class ParamAccess:
    """Buffer parameter names, each tuple in parameter order."""

    reads: tuple[str, ...]  # read and never written (the inputs)
    writes: tuple[str, ...]  # written (the outputs, read-write ones included)
    copied_in: tuple[str, ...]  # read from DRAM by a T.copy into a tile buffer
    copied_out: tuple[str, ...]  # written to DRAM by a T.copy from a tile buffer


def _region_buffer(call: Any) -> Any:
    return call.args[0].source


def param_access(main: Any) -> ParamAccess:
    params = [v for v in main.params if tirx.is_buffer_var(v)]
    by_name = {b.name for b in params}
    reads: set[str] = set()
    writes: set[str] = set()
    copied_in: set[str] = set()
    copied_out: set[str] = set()

    def visit(node: Any) -> None:
        kind = type(node).__name__
        if ops.is_tile_op(node, "copy"):
            src, dst = (_region_buffer(node.args[i]) for i in (0, 1))
            if src.name in by_name and dst.name not in by_name:
                copied_in.add(src.name)
            if dst.name in by_name and src.name not in by_name:
                copied_out.add(dst.name)
        if ops.is_tile_op(node, "region"):
            buf = _region_buffer(node)
            mask = int(node.args[1].value)
            if buf.name in by_name:
                if mask & ops.ACCESS_READ:
                    reads.add(buf.name)
                if mask & ops.ACCESS_WRITE:
                    writes.add(buf.name)
        elif kind == "TensorLoad" and node.source.name in by_name:
            reads.add(node.source.name)
        elif kind == "BufferStore" and node.buffer.name in by_name:
            writes.add(node.buffer.name)

    tvm_ffi.structural_walk(main.body, visit)
    order = [b.name for b in params]
    return ParamAccess(
        reads=tuple(n for n in order if n in reads and n not in writes),
        writes=tuple(n for n in order if n in writes),
        copied_in=tuple(n for n in order if n in copied_in),
        copied_out=tuple(n for n in order if n in copied_out),
    )


def read_and_written_params(main: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(inputs, outputs) of a kernel: ``param_access(main)``'s reads and writes."""
    access = param_access(main)
    return access.reads, access.writes
