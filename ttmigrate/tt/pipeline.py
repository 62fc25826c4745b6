"""The three lowering stages, as the TileLang Tenstorrent backend names them."""

from __future__ import annotations

from typing import Any

from tvm.ir import IRModule

from .ir import as_module
from .passes.defaults import apply_defaults
from .passes.grid_to_persistent import grid_to_persistent
from .passes.infer_schedule import DEFAULT_CORE_GRID, infer_schedule
from .passes.infer_shard import infer_shard
from .passes.memory_space import lower_memory_space
from .passes.reduce_fold import reduce_fold
from .passes.tensorize import tensorize
from .passes.tile_padding import tile_padding
from .passes.verify import verify

STAGES = ("defaults", "ws2", "ws3")


def apply_tt_defaults(mod: Any) -> IRModule:
    """WS1: schedule/layout/tile defaults, never overriding what the kernel's author set."""
    return apply_defaults(as_module(mod))


def apply_ws2_passes(mod: Any, *, core_grid: tuple[int, int] = DEFAULT_CORE_GRID) -> IRModule:
    """WS2: schedule inference (grid, work units, per-core ranges) and shard inference (layouts)."""
    return infer_shard(infer_schedule(as_module(mod), core_grid=core_grid))


def apply_ws3_passes(mod: Any) -> IRModule:
    """WS3: grid-to-persistent, memory space (CBs), tile padding, tensorize, verify."""
    mod = as_module(mod)
    for lowering in (grid_to_persistent, lower_memory_space, tile_padding, tensorize, reduce_fold, verify):
        mod = lowering(mod)
    return mod


def lower(mod: Any, *, core_grid: tuple[int, int] = DEFAULT_CORE_GRID, stage: str = "ws3") -> IRModule:
    """IRModule or PrimFunc -> IRModule whose ``main`` is lowered up to ``stage`` (default: all)."""
    if stage not in STAGES:
        raise ValueError(f"stage must be one of {STAGES}, got {stage!r}")
    result = apply_tt_defaults(mod)
    if stage == "defaults":
        return result
    result = apply_ws2_passes(result, core_grid=core_grid)
    if stage == "ws2":
        return result
    return apply_ws3_passes(result)
