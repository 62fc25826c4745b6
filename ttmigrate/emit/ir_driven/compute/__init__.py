"""Task 2: the compute visitor.

It tracks what the DST register file holds. ``T.clear`` of an accumulator is ``tile_regs_acquire``
(acquire zeroes DST); ``tt.matmul_intrinsic`` accumulates into DST; ``tt.eltwise`` evaluates the
operator tree the lowering read from the IR (never guessed); the write ``tt.copy`` of the buffer
that DST holds is commit / wait / reserve / pack / push / release. A binary operand that is not in
a CB yet (a sub-expression, or the accumulator itself) is packed into an intermediate CB first,
because Metalium's binary ops read both operands from CBs.
"""

from __future__ import annotations

from ttmigrate import ops
from ttmigrate.ops import kernel_api

from .base import ComputeBase
from .carried import CarriedSteps
from .copy_fill import CopyFillSteps
from .eltwise import EltwiseSteps
from .mask import MaskSteps
from .matmul import MatmulSteps
from .reduce import ReduceSteps

__all__ = ["ComputeBase", "ComputeVisitor", "header_order"]


def header_order() -> tuple[str, ...]:
    """Compute includes in one fixed order: the registry's ops in registration order."""
    order: list[str] = [kernel_api.COPY_H]
    for entry in ops.OPS.values():
        order.extend(h for h in entry.headers if h not in order and h != kernel_api.COMMON_H)
    return tuple(order)


class ComputeVisitor(CarriedSteps, CopyFillSteps, MatmulSteps, ReduceSteps, EltwiseSteps, MaskSteps):
    """The compute kernel's visitor: one mixin per group of ``tt.*`` annotations."""
