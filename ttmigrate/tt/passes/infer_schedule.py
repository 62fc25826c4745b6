"""WS2 schedule inference: the grid, the work units, and which core runs which contiguous range."""

from __future__ import annotations

from tvm.ir import IRModule

from ..diagnostics import LoweringError, diagnostic
from ..ir import func_attr, main_func, with_attrs, with_main
from ..launch import parse_launch

DEFAULT_CORE_GRID = (8, 8)


def contiguous_ranges(units: int, cores: int) -> list[list[int]]:
    """[[start, count], ...] per active core; the remainder goes one each to the first cores."""
    if units <= 0 or cores <= 0:
        return []
    active = min(units, cores)
    base, remainder = divmod(units, active)
    ranges: list[list[int]] = []
    start = 0
    for core in range(active):
        count = base + (1 if core < remainder else 0)
        ranges.append([start, count])
        start += count
    return ranges


def infer_schedule(mod: IRModule, *, core_grid: tuple[int, int] = DEFAULT_CORE_GRID) -> IRModule:
    func = main_func(mod)
    policy = str(func_attr(func, "tt_schedule_policy", "contiguous"))
    if policy != "contiguous":
        raise LoweringError(
            [
                diagnostic(
                    "unsupported-schedule",
                    func,
                    ["main"],
                    f"tt_schedule_policy={policy!r}; only 'contiguous' is implemented",
                )
            ]
        )
    grid_x, grid_y = (int(core_grid[0]), int(core_grid[1]))
    if grid_x <= 0 or grid_y <= 0:
        raise ValueError(f"core grid must be positive, got {core_grid}")
    launch = parse_launch(func)
    gx, gy, gz = launch.grid
    units = gx * gy * gz
    ranges = contiguous_ranges(units, grid_x * grid_y)
    attrs = {
        "tt_grid_x": gx,
        "tt_grid_y": gy,
        "tt_grid_z": gz,
        "tt_num_tiles": units,
        "tt_num_cores": len(ranges),
        "tt_core_grid": [grid_x, grid_y],
        "tt_tiles_per_core": ranges,
    }
    return with_main(mod, with_attrs(func, attrs))
