"""WS3 grid-to-persistent: the blockIdx grid becomes one work loop over this core's unit range.

Each core runs ``for wu in [start_id, start_id + num_units)`` and recovers the block indices from
``wu`` (row-major: bx fastest). ``start_id`` and ``num_units`` become scalar parameters, and the
runtime-argument layout of the reader, compute and writer kernels is recorded from the copies the
kernel actually makes (a buffer is a reader argument only if some ``T.copy`` reads it from DRAM).
"""

from __future__ import annotations

from typing import Any

from tvm import tirx
from tvm.ir import IRModule

from ..diagnostics import LoweringError, diagnostic
from ..ir import buffer_params, func_attr, is_global, main_func, seq, tile_copies, with_main
from ..launch import AXES, parse_launch
from ..walk import WORK_LOOP_ATTR

START_ID = "start_id"
NUM_UNITS = "num_units"


def _block_index_values(
    wu: tirx.Var, grid: tuple[int, int, int], order: str, dims: int
) -> list[tirx.PrimExpr]:
    gx, gy, _ = (tirx.IntImm("int32", g) for g in grid)
    if order != "row_major":
        raise ValueError(order)
    values: list[tirx.PrimExpr] = [
        tirx.FloorMod(wu, gx),
        tirx.FloorMod(tirx.FloorDiv(wu, gx), gy),
        tirx.FloorDiv(wu, tirx.IntImm("int32", grid[0] * grid[1])),
    ]
    # wu < gx * gy * gz, so the outermost launched dimension needs no modulo (the legacy template's
    # `m = tile_id / Nt` has none either, and a redundant one would be a needless difference).
    if dims == 1:
        values[0] = wu
    elif dims == 2:
        values[1] = tirx.FloorDiv(wu, gx)
    return values


def runtime_args(func: tirx.PrimFunc, body: Any) -> dict[str, list[str]]:
    params = buffer_params(func)
    read: set[str] = set()
    written: set[str] = set()
    for copy in tile_copies(body):
        if is_global(copy.src.buffer, params):
            read.add(copy.src.buffer.name)
        if is_global(copy.dst.buffer, params):
            written.add(copy.dst.buffer.name)
    order = [p.name for p in params]
    return {
        "reader": [f"{n}_addr" for n in order if n in read] + [START_ID, NUM_UNITS],
        "compute": [START_ID, NUM_UNITS],
        "writer": [f"{n}_addr" for n in order if n in written] + [START_ID, NUM_UNITS],
    }


def grid_to_persistent(mod: IRModule) -> IRModule:
    func = main_func(mod)
    order = str(func_attr(func, "tt_schedule_order", "row_major"))
    if order != "row_major":
        raise LoweringError(
            [
                diagnostic(
                    "unsupported-schedule",
                    func,
                    ["main"],
                    f"tt_schedule_order={order!r}; only 'row_major' is implemented",
                )
            ]
        )
    launch = parse_launch(func)
    start_id = tirx.Var(START_ID, "int32")
    num_units = tirx.Var(NUM_UNITS, "int32")
    wu = tirx.Var("wu", "int32")
    values = _block_index_values(wu, launch.grid, order, len(launch.block_vars))
    binds: list[Any] = [
        tirx.Bind(launch.block_vars[axis], values[i])
        for i, axis in enumerate(AXES)
        if axis in launch.block_vars
    ]
    inner = [launch.body]
    loop = tirx.For(
        wu,
        start_id,
        num_units,
        tirx.ForKind.SERIAL,
        seq(binds + inner),
        annotations={WORK_LOOP_ATTR: 1},
    )
    body = seq([tirx.AllocBuffer(b) for b in launch.allocs] + [loop])
    new_func = tirx.PrimFunc([*func.params, start_id, num_units], body, func.ret_type, func.attrs, func.span)
    new_func = new_func.with_attr("tt_runtime_args", runtime_args(func, launch.body))
    return with_main(mod, new_func)
