"""``T.GemmWarpPolicy``: TileLang 0.1.15's GEMM warp-partition policy (``tilelang.tileop.base``).

TileLang's Python enum has exactly these three members (its C++ side also knows ``kFree = 3``,
which only a (m_warp, n_warp) constructor produces, never the language surface). ``T.gemm`` records
the policy as its ninth operand, the plain int32 value (``..., 64, 64, 64, 1, T.bool(False), ...``
for FullRow). On Tenstorrent a Tensix core has no warps to partition: the policy is kept in the IR
for fidelity and has no effect on the generated kernels.
"""

from __future__ import annotations

from enum import IntEnum


class GemmWarpPolicy(IntEnum):
    Square = 0  # warps balanced in a square aspect ratio (TileLang's default)
    FullRow = 1  # all warps along M
    FullCol = 2  # all warps along N

    def is_square(self) -> bool:
        return self is GemmWarpPolicy.Square

    def is_full_row(self) -> bool:
        return self is GemmWarpPolicy.FullRow

    def is_full_col(self) -> bool:
        return self is GemmWarpPolicy.FullCol


def policy_value(policy: object) -> int:
    """The int the IR records; a bad value is named here rather than later in lowering."""
    try:
        return int(GemmWarpPolicy(int(policy)))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        members = ", ".join(f"{m.name}={m.value}" for m in GemmWarpPolicy)
        raise ValueError(f"T.gemm: policy={policy!r} is not a T.GemmWarpPolicy ({members})") from None
