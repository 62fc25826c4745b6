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

from ttmigrate.corpus.access import param_access

from ..contract import NUM_UNITS, START_ID, runtime_arg_names
from ..diagnostics import LoweringError, diagnostic
from ..ir import func_attr, main_func, seq, with_main
from ..launch import AXES, parse_launch
from ..walk import WORK_LOOP_ATTR


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


def runtime_args(func: tirx.PrimFunc) -> dict[str, list[str]]:
    """From the one parameter-access analysis (``corpus.access``): a buffer is a reader argument
    only if some ``T.copy`` reads it from DRAM, a writer argument only if one writes it."""
    access = param_access(func)
    return runtime_arg_names(copied_in=access.copied_in, copied_out=access.copied_out)


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
    new_func = new_func.with_attr("tt_runtime_args", runtime_args(func))
    return with_main(mod, new_func)
