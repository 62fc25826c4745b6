"""Tile regions: what a ``T.copy`` / ``T.gemm`` operand denotes, and the frontend's shape checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tvm import tirx

from . import ops


def _as_int(value: Any) -> Any:
    """Constant extents become Python ints so they compare and print plainly."""
    return int(value.value) if type(value).__name__ == "IntImm" else value


def _is_buffer(value: Any) -> bool:
    return (
        hasattr(value, "shape")
        and hasattr(value, "dtype")
        and hasattr(value, "scope")
        and not hasattr(value, "indices")
    )


@dataclass(frozen=True)
class Region:
    """A rectangular piece of a buffer: its origin, and its extents when the operand fixed them."""

    buffer: Any
    origin: tuple[Any, ...]
    extents: tuple[Any, ...] | None  # None: a bare tile origin such as A[by * 32, k * 32]

    def full_extents(self) -> tuple[Any, ...]:
        if self.extents is None:
            raise ValueError(f"{self.buffer.name}: a tile origin has no extent of its own")
        return self.extents

    def to_call(self, access: int, extents: tuple[Any, ...] | None = None) -> tirx.Call:
        ext = extents if extents is not None else self.full_extents()
        load = self.buffer[tuple(self.origin)] if self.origin else self.buffer[()]
        return ops.call("region", load, access, *ext)


def as_region(value: Any) -> Region:
    if _is_buffer(value):
        shape = tuple(_as_int(s) for s in value.shape)
        return Region(value, tuple(tirx.const(0, "int32") for _ in shape), shape)
    kind = type(value).__name__
    if kind == "TensorLoad":  # a tile origin
        return Region(value.source, tuple(value.indices), None)
    if kind == "TensorRegion":  # a slice
        return Region(
            value.source,
            tuple(r.min for r in value.region),
            tuple(_as_int(r.extent) for r in value.region),
        )
    raise TypeError(
        f"expected a buffer, a tile origin like A[i, j] or a slice like A[0:32, 0:32], got {kind}"
    )


def _squeeze(extents: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(e for e in extents if not (isinstance(e, int) and e == 1))


def _align(extents: tuple[Any, ...], rank: int, name: str) -> tuple[Any, ...]:
    """Extents taken from the other operand, fitted to this operand's rank (leading unit dims).

    As TileLang does: extents that fit are kept as they are (a (32, 1) tile into a rank-2 origin
    stays a column) and only padded on the left; unit dims are dropped only when they do not fit.
    """
    if len(extents) <= rank:
        return (1,) * (rank - len(extents)) + tuple(extents)
    squeezed = _squeeze(extents)
    if len(squeezed) > rank:
        raise ValueError(f"T.copy: a {len(squeezed)}-D tile does not fit in {name}, which has rank {rank}")
    return (1,) * (rank - len(squeezed)) + squeezed


def check_copy_extents(src: Region, dst: Region) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """Both operands' extents, as TileLang infers them; raises when they cannot agree."""
    if src.extents is None and dst.extents is None:
        raise ValueError(
            "T.copy: both operands are tile origins; one must be a buffer or a slice to give the extent"
        )
    if src.extents is None:
        assert dst.extents is not None
        return _align(dst.extents, len(src.origin), src.buffer.name), dst.extents
    if dst.extents is None:
        return src.extents, _align(src.extents, len(dst.origin), dst.buffer.name)
    if _squeeze(src.extents) != _squeeze(dst.extents):
        raise ValueError(
            f"T.copy: extents {tuple(src.extents)} of {src.buffer.name} do not match "
            f"{tuple(dst.extents)} of {dst.buffer.name}"
        )
    return src.extents, dst.extents


def copy_call(src: Any, dst: Any) -> tirx.Call:
    """The ``tl.tileop.copy`` call of ``T.copy(src, dst)`` (also used where TileLang stages a copy)."""
    src_region, dst_region = as_region(src), as_region(dst)
    src_ext, dst_ext = check_copy_extents(src_region, dst_region)
    return ops.call(
        "copy",
        src_region.to_call(ops.ACCESS_READ, src_ext),
        dst_region.to_call(ops.ACCESS_WRITE, dst_ext),
    )
