"""``T.reduce_sum`` / ``T.reduce_max`` / ...: tile reductions, built as TileLang 0.1.15 builds them.

A reduction is one ``tl.tileop.reduce(src, dst, kind, dim, clear)`` call over a fragment. TileLang
reduces only fragments: a shared-memory operand is staged through a fresh fragment (allocated in
the kernel's root block, named ``<buffer>_frag``) with ``T.copy`` around the call, and when
``clear=False`` the shared output's current values are copied in first. We build the same
statements, in TileLang's order, so the lowering sees one form. Local (``T.alloc_local``) operands
on both sides reduce directly, as in TileLang; other scope mixes are refused, as TileLang does.

The output either drops the reduced dim or keeps it with extent 1 (``(32,)`` or ``(32, 1)`` for a
row reduction of a ``(32, 64)`` tile).
"""

from __future__ import annotations

from typing import Any

from tvm import tirx
from tvm.script.ir_builder import IRBuilder
from tvm.tirx.script.builder import ir as _builder

from . import ops
from .regions import Region, as_region, copy_call

FRAGMENT = "local.fragment"
SHARED = ("shared", "shared.dyn")


def _reduced_axis(kind: str, src: Region, dst: Region, dim: int) -> int:
    src_shape = src.full_extents()
    axis = dim if dim >= 0 else len(src_shape) + dim
    if not 0 <= axis < len(src_shape):
        raise ValueError(
            f"T.reduce_{kind}: dim={dim} is out of range for {src.buffer.name} of shape {src_shape}"
        )
    dropped = src_shape[:axis] + src_shape[axis + 1 :]
    kept = (*src_shape[:axis], 1, *src_shape[axis + 1 :])
    if dst.full_extents() not in (dropped, kept):
        raise ValueError(
            f"T.reduce_{kind}: {dst.buffer.name} has shape {dst.full_extents()}, expected {dropped} or {kept} "
            f"(shape of {src.buffer.name} without dim {dim}, or with it kept as 1)"
        )
    return axis


def _staging_fragment(region: Region) -> Any:
    fragment = _builder.sblock_alloc_buffer(
        tuple(region.full_extents()), str(region.buffer.dtype), scope=FRAGMENT
    )
    IRBuilder.name(region.buffer.name + "_frag", fragment)
    return fragment


def _call(kind: str, src: Region, dst: Region, axis: int, clear: bool) -> tirx.Call:
    return ops.call(
        "reduce", src.to_call(ops.ACCESS_READ), dst.to_call(ops.ACCESS_WRITE), kind, axis, bool(clear)
    )


def reduce(kind: str, buffer: Any, out: Any, dim: int, clear: bool) -> tirx.Call | None:
    """One reduction; returns the call when it is the whole statement, else emits the staged form."""
    src, dst = as_region(buffer), as_region(out)
    axis = _reduced_axis(kind, src, dst, dim)
    src_scope, dst_scope = src.buffer.scope(), dst.buffer.scope()
    if src_scope == "local" and dst_scope in ("local", "local.var"):
        return _call(kind, src, dst, axis, clear)
    if src_scope not in (FRAGMENT, *SHARED) or dst_scope not in (FRAGMENT, *SHARED):
        raise ValueError(
            f"T.reduce_{kind}: cannot reduce {src.buffer.name} ({src_scope}) into {dst.buffer.name} ({dst_scope}); "
            "operands must be shared or fragment buffers (or both local)"
        )
    if src_scope == FRAGMENT and dst_scope == FRAGMENT:
        return _call(kind, src, dst, axis, clear)
    # TileLang's reduce macro: allocate the input fragment, then the output fragment
    src_frag = as_region(_staging_fragment(src)) if src_scope in SHARED else src
    dst_frag = as_region(_staging_fragment(dst)) if dst_scope in SHARED else dst
    if dst_scope in SHARED and not clear:
        _builder.evaluate(copy_call(out, dst_frag.buffer))
    if src_scope in SHARED:
        _builder.evaluate(copy_call(buffer, src_frag.buffer))
    _builder.evaluate(_call(kind, src_frag, dst_frag, axis, clear))
    if dst_scope in SHARED:
        _builder.evaluate(copy_call(dst_frag.buffer, out))
    return None


def reduce_sum(buffer: Any, out: Any, dim: int = -1, clear: bool = True) -> tirx.Call | None:
    return reduce("sum", buffer, out, dim, clear)


def reduce_max(buffer: Any, out: Any, dim: int = -1, clear: bool = True) -> tirx.Call | None:
    return reduce("max", buffer, out, dim, clear)


def reduce_min(buffer: Any, out: Any, dim: int = -1, clear: bool = True) -> tirx.Call | None:
    return reduce("min", buffer, out, dim, clear)


def reduce_absmax(buffer: Any, out: Any, dim: int = -1, clear: bool = True) -> tirx.Call | None:
    return reduce("absmax", buffer, out, dim, clear)


def reduce_abssum(buffer: Any, out: Any, dim: int = -1) -> tirx.Call | None:
    """TileLang's abssum always clears (it has no ``clear`` parameter)."""
    return reduce("abssum", buffer, out, dim, True)
