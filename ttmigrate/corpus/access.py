"""Which PrimFunc parameters a kernel reads and which it writes, read from its IR."""

from __future__ import annotations

from typing import Any

import tvm_ffi
from tvm import tirx

from ttmigrate.frontend import ops


def _region_buffer(call: Any) -> Any:
    return call.args[0].source


def read_and_written_params(main: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    params = [v for v in main.params if tirx.is_buffer_var(v)]
    by_name = {b.name for b in params}
    reads: set[str] = set()
    writes: set[str] = set()

    def visit(node: Any) -> None:
        kind = type(node).__name__
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
    return (
        tuple(n for n in order if n in reads and n not in writes),
        tuple(n for n in order if n in writes),
    )
