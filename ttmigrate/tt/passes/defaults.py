"""WS1: the Tenstorrent defaults a kernel gets unless its author set them."""

from __future__ import annotations

from typing import Any

from tvm.ir import IRModule

from ..ir import TILE, func_attr, main_func, with_attrs, with_main

DEFAULTS: dict[str, Any] = {
    "tt_schedule_policy": "contiguous",
    "tt_schedule_order": "row_major",
    "tt_layout_type": "dram_interleaved",
    "tt_tile_height": TILE,
    "tt_tile_width": TILE,
}


def apply_defaults(mod: IRModule) -> IRModule:
    """Add each default attribute the function does not already carry (idempotent)."""
    func = main_func(mod)
    missing = {key: value for key, value in DEFAULTS.items() if func_attr(func, key) is None}
    if not missing:
        return mod
    return with_main(mod, with_attrs(func, missing))
