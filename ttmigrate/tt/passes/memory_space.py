"""WS3 memory-space lowering: every tile buffer becomes a circular buffer (CB) in L1.

Roles come from the copies the kernel makes: a buffer filled by a DRAM read is an input (ids from
0, double-buffered; filled inside ``T.Pipelined(num_stages=s)``, ``s`` blocks deep, and the entry
records ``num_stages``), a buffer drained by a DRAM write is an output (ids from 16), anything else
is an intermediate (ids from 24). A buffer that is both filled by a read and drained by a write (a
plain copy kernel) is one input CB that the writer drains. Within a role, ids follow allocation
order.
"""

from __future__ import annotations

from typing import Any

from tvm.ir import IRModule

from ttmigrate.frontend.language import NUM_STAGES_ATTR
from ttmigrate.ops.kernel_api import CB_ID_RANGES

from ..diagnostics import LoweringError, diagnostic
from ..ir import (
    block_tiles,
    buffer_params,
    is_global,
    main_func,
    shape_ints,
    tile_copies,
    tile_op,
    with_attrs,
    with_main,
)
from ..walk import walk_leaves
from .causal_mask import MASK_CB, MASK_TILES, has_mask

PAGE_SIZE = {"bfloat16": 2048, "float16": 2048, "float32": 4096}
FIRST_ID = {role: ids.start for role, ids in CB_ID_RANGES.items()}
LAST_ID = {role: ids.stop - 1 for role, ids in CB_ID_RANGES.items()}
SCALER_CB = "reduce_scaler"


def tile_buffers(body: Any) -> list[Any]:
    """Buffers allocated in the body (AllocBuffer), in program order."""
    found: list[Any] = []
    for stmt, _, _ in walk_leaves(body):
        if type(stmt).__name__ == "AllocBuffer" and not any(stmt.buffer.same_as(b) for b in found):
            found.append(stmt.buffer)
    return found


def pipeline_stages(body: Any, params: list[Any]) -> dict[str, int]:
    """Tile buffer name -> the ``num_stages`` of the innermost ``T.Pipelined`` loop whose body fills
    it from DRAM (TileLang's pipeline depth: that many blocks of the buffer in flight)."""
    stages: dict[str, int] = {}
    for stmt, loops, _ in walk_leaves(body):
        op = tile_op(stmt)
        if op is None or op[0] != "copy":
            continue
        for copy in tile_copies(stmt):
            if not is_global(copy.src.buffer, params):
                continue
            for loop in reversed(loops):
                depth = loop.annotations.get(NUM_STAGES_ATTR) if loop.annotations else None
                if depth is not None:
                    stages[str(copy.dst.buffer.name)] = int(depth)
                    break
    return stages


def _cb_dtype(buffer: Any, copies: list[Any], params: list[Any]) -> str:
    """A CB holds tiles in the format of the DRAM tensor it is copied from or to: a float32
    accumulator written to a bfloat16 C is a bfloat16 CB (DST is float32; pack_tile converts).
    An intermediate takes the format of the kernel's first output tensor (docs/LOWERED_IR.md)."""
    for copy in copies:
        if copy.dst.buffer.same_as(buffer) and is_global(copy.src.buffer, params):
            return str(copy.src.buffer.dtype)
        if copy.src.buffer.same_as(buffer) and is_global(copy.dst.buffer, params):
            return str(copy.dst.buffer.dtype)
    written = [c.dst.buffer for c in copies if is_global(c.dst.buffer, params)]
    return str(written[0].dtype) if written else str(buffer.dtype)


def cb_table(func: Any) -> list[dict[str, Any]]:
    """The ``tt_circular_buffers`` entries for ``func`` (raises LoweringError on what cannot be a CB)."""
    params = buffer_params(func)
    buffers = tile_buffers(func.body)
    copies = tile_copies(func.body)
    filled = [c.dst.buffer for c in copies if is_global(c.src.buffer, params)]
    drained = [c.src.buffer for c in copies if is_global(c.dst.buffer, params)]
    problems = []
    names = [b.name for b in buffers]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(
            diagnostic(
                "duplicate-buffer-name",
                func,
                ["main"],
                f"two tile buffers are named `{name}`; CBs are keyed by buffer name",
            )
        )
    entries: list[dict[str, Any]] = []
    next_id = dict(FIRST_ID)
    stages = pipeline_stages(func.body, params)
    for role in ("input", "output", "intermediate"):
        for buffer in buffers:
            is_input = is_global(buffer, filled)
            is_output = not is_input and is_global(buffer, drained)
            mine = {"input": is_input, "output": is_output, "intermediate": not is_input and not is_output}[
                role
            ]
            if not mine:
                continue
            where = ["main", f"AllocBuffer({buffer.name})"]
            dtype = _cb_dtype(buffer, copies, params)
            shape = shape_ints(buffer)
            if dtype not in PAGE_SIZE:
                problems.append(
                    diagnostic(
                        "unsupported-dtype",
                        buffer,
                        where,
                        f"tile buffer `{buffer.name}` is {dtype}; CBs hold bfloat16, float16 or float32 tiles",
                    )
                )
                continue
            if shape is None:
                problems.append(
                    diagnostic(
                        "dynamic-shape", buffer, where, f"tile buffer `{buffer.name}` has a symbolic shape"
                    )
                )
                continue
            if next_id[role] > LAST_ID[role]:
                problems.append(
                    diagnostic(
                        "too-many-circular-buffers",
                        buffer,
                        where,
                        f"no {role} CB id left for `{buffer.name}`",
                    )
                )
                continue
            tiles = block_tiles(shape)
            batch = 1
            for d in shape[:-2]:
                batch *= d
            count = batch * tiles[0] * tiles[1]
            depth = stages.get(str(buffer.name)) if role == "input" else None
            entry = {
                "cb_id": next_id[role],
                "name": buffer.name,
                "role": role,
                "num_pages": (depth or 2) * count if role == "input" else count,
                "page_size": PAGE_SIZE[dtype],
                "dtype": dtype,
                "tiles": tiles,
            }
            if depth is not None:
                entry["num_stages"] = depth
            entries.append(entry)
            next_id[role] += 1
    if _has_reduction(func.body):
        entry = _scaler_entry(next_id["input"], names, func)
        if isinstance(entry, dict):
            entries.append(entry)
        else:
            problems.append(entry)
    if has_mask(func.body):
        entry = _generated_entry(next_id["input"] + (1 if _has_reduction(func.body) else 0), names, func)
        if isinstance(entry, dict):
            entries.append(entry)
        else:
            problems.append(entry)
    if problems:
        raise LoweringError(problems)
    return entries


def _generated_entry(cb_id: int, names: list[str], func: Any) -> dict[str, Any] | Any:
    """A causal mask's three tiles (keep, masked, triangle), generated once by the reader: one
    bfloat16 CB per kernel in the input id range, shared by every tt.mask (ttmigrate.tt.passes.causal_mask)."""
    if MASK_CB in names:
        return diagnostic(
            "duplicate-buffer-name",
            func,
            ["main"],
            f"a tile buffer is named `{MASK_CB}`, the name of the mask CB",
        )
    if cb_id > LAST_ID["input"]:
        return diagnostic(
            "too-many-circular-buffers", func, ["main"], "no input CB id left for the causal mask"
        )
    return {
        "cb_id": cb_id,
        "name": MASK_CB,
        "role": "mask",
        "num_pages": MASK_TILES,
        "page_size": PAGE_SIZE["bfloat16"],
        "dtype": "bfloat16",
        "tiles": [1, MASK_TILES],
    }


def _has_reduction(body: Any) -> bool:
    return any((op := tile_op(stmt)) is not None and op[0] == "reduce" for stmt, _, _ in walk_leaves(body))


def _scaler_entry(cb_id: int, names: list[str], func: Any) -> dict[str, Any] | Any:
    """reduce_tile multiplies by a scaler tile (1.0 for sum and max) that the reader fills: one
    bfloat16 CB per kernel, in the input id range, shared by every tt.reduce."""
    if SCALER_CB in names:
        return diagnostic(
            "duplicate-buffer-name",
            func,
            ["main"],
            f"a tile buffer is named `{SCALER_CB}`, the name of the reduction scaler CB",
        )
    if cb_id > LAST_ID["input"]:
        return diagnostic(
            "too-many-circular-buffers", func, ["main"], "no input CB id left for the reduction scaler"
        )
    return {
        "cb_id": cb_id,
        "name": SCALER_CB,
        "role": "scaler",
        "num_pages": 1,
        "page_size": PAGE_SIZE["bfloat16"],
        "dtype": "bfloat16",
        "tiles": [1, 1],
    }


def lower_memory_space(mod: IRModule) -> IRModule:
    func = main_func(mod)
    return with_main(mod, with_attrs(func, {"tt_circular_buffers": cb_table(func)}))
