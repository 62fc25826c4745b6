"""WS2 shard inference: the DRAM-interleaved tile layout of every global buffer parameter."""

from __future__ import annotations

from typing import Any

from tvm.ir import IRModule

from ..diagnostics import LoweringError, diagnostic
from ..ir import (
    TILE,
    buffer_params,
    ceil_tiles,
    func_attr,
    main_func,
    matrix_dims,
    needs_padding,
    padded_shape,
    shape_ints,
    with_attrs,
    with_main,
)


def buffer_layout(shape: tuple[int, ...], layout: str) -> dict[str, Any]:
    batch, rows, cols = matrix_dims(shape)
    return {
        "layout": layout,
        "tile_shape": [TILE, TILE],
        "batch": batch,
        "rows": rows,
        "cols": cols,
        "num_tiles_height": ceil_tiles(rows),
        "num_tiles_width": ceil_tiles(cols),
        "needs_padding": needs_padding(shape),
        "padded_shape": padded_shape(shape),
    }


def infer_shard(mod: IRModule) -> IRModule:
    func = main_func(mod)
    layout = str(func_attr(func, "tt_layout_type", "dram_interleaved"))
    problems = []
    if layout != "dram_interleaved":
        problems.append(
            diagnostic(
                "unsupported-layout",
                func,
                ["main"],
                f"tt_layout_type={layout!r}; only 'dram_interleaved' is implemented",
            )
        )
    attrs: dict[str, Any] = {}
    for buffer in buffer_params(func):
        shape = shape_ints(buffer)
        if shape is None:
            problems.append(
                diagnostic(
                    "dynamic-shape",
                    buffer,
                    ["main", f"param({buffer.name})"],
                    f"buffer `{buffer.name}` has a symbolic shape {list(buffer.shape)}; only constant shapes are lowered",
                )
            )
            continue
        attrs[f"tt_buffer_{buffer.name}_layout"] = buffer_layout(shape, layout)
    if problems:
        raise LoweringError(problems)
    return with_main(mod, with_attrs(func, attrs))
