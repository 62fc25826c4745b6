"""WS3 tile padding: buffers whose tiled dims are not multiples of 32 and the shape they pad to."""

from __future__ import annotations

from typing import Any

from tvm.ir import IRModule

from ..ir import buffer_params, main_func, needs_padding, padded_shape, shape_ints, with_attrs, with_main
from .memory_space import tile_buffers


def padding_info(func: Any) -> dict[str, dict[str, list[int]]]:
    info: dict[str, dict[str, list[int]]] = {}
    for buffer in [*buffer_params(func), *tile_buffers(func.body)]:
        shape = shape_ints(buffer)
        if shape is not None and needs_padding(shape):
            info[buffer.name] = {"shape": list(shape), "padded_shape": padded_shape(shape)}
    return info


def tile_padding(mod: IRModule) -> IRModule:
    func = main_func(mod)
    return with_main(mod, with_attrs(func, {"tt_padding_info": padding_info(func)}))
