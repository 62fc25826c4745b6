"""Typed access to the lowered function's ``tt_*`` attributes (docs/LOWERED_IR.md)."""

from __future__ import annotations

import functools
from typing import Any

from tvm import tirx

from .program import CircularBufferSpec, DramTensor, RuntimeArg


def py(value: Any) -> Any:
    """ffi containers and immediates -> plain Python values."""
    kind = type(value).__name__
    if kind in ("IntImm", "Bool") and hasattr(value, "value"):
        return bool(value.value) if str(value.ty) == "bool" else int(value.value)
    if kind == "FloatImm":
        return float(value.value)
    if kind == "StringImm":
        return str(value.value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if hasattr(value, "items"):
        return {str(py(k)): py(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or kind in ("Array", "List"):
        return [py(v) for v in value]
    return value


@functools.lru_cache(maxsize=16)
def _plain_attrs(func: Any) -> dict[str, Any]:
    """All of a function's attributes as plain Python values, converted once per function."""
    attrs = func.attrs
    return {} if attrs is None else {str(k): py(v) for k, v in attrs.items()}


def attr(func: Any, key: str, default: Any = None) -> Any:
    return _plain_attrs(func).get(key, default)


def buffer_params(func: Any) -> list[Any]:
    return [p for p in func.params if tirx.is_buffer_var(p)]


def dram_tensor(func: Any, buffer: Any, *, is_input: bool, is_output: bool) -> DramTensor:
    layout = attr(func, f"tt_buffer_{buffer.name}_layout") or {}
    shape = [int(s) for s in buffer.shape]
    rows, cols = (1, shape[0]) if len(shape) == 1 else (shape[-2], shape[-1])
    batch = 1
    for dim in shape[:-2]:
        batch *= dim
    return DramTensor(
        name=buffer.name,
        dtype=str(buffer.dtype),
        batch=int(layout.get("batch", batch)),
        rows=int(layout.get("rows", rows)),
        cols=int(layout.get("cols", cols)),
        is_input=is_input,
        is_output=is_output,
    )


def circular_buffers(func: Any) -> tuple[CircularBufferSpec, ...]:
    return tuple(
        CircularBufferSpec(
            cb_id=int(cb["cb_id"]),
            name=str(cb["name"]),
            role=str(cb["role"]),
            num_pages=int(cb["num_pages"]),
            page_size=int(cb["page_size"]),
            dtype=str(cb["dtype"]),
            num_stages=int(cb["num_stages"]) if "num_stages" in cb else None,
        )
        for cb in attr(func, "tt_circular_buffers", [])
    )


def core_work(func: Any) -> tuple[tuple[int, int], ...]:
    return tuple((int(s), int(c)) for s, c in attr(func, "tt_tiles_per_core", []))


def grid(func: Any) -> tuple[int, int, int]:
    return (attr(func, "tt_grid_x", 1), attr(func, "tt_grid_y", 1), attr(func, "tt_grid_z", 1))


def schedule(func: Any) -> dict[str, str]:
    keys = ("tt_schedule_policy", "tt_schedule_order", "tt_layout_type")
    return {k.removeprefix("tt_"): str(attr(func, k)) for k in keys if attr(func, k) is not None}


def arg(kind: str, name: str, **extra: Any) -> RuntimeArg:
    return RuntimeArg(kind=kind, name=name, **extra)  # type: ignore[arg-type]
