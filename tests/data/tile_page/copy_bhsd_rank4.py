"""A copy of (batch, heads, seq, dim) tensors, the layout of tt-metal's SDPA: rank 4, which the
IR-driven DRAM page index does not cover (emit/ir_driven/tiles.py).
"""

import numpy as np

from ttmigrate.frontend import T

TOLERANCE = {"atol": 0.0, "rtol": 0.0}  # a copy is exact


@T.prim_func
def main(A: T.Tensor((2, 2, 64, 64), "bfloat16"), B: T.Tensor((2, 2, 64, 64), "bfloat16")):
    with T.Kernel(2, 2, threads=128) as (bx, by):
        A_shared = T.alloc_shared((64, 64), "bfloat16")
        T.copy(A[bx, by, 0:64, 0:64], A_shared)
        T.copy(A_shared, B[bx, by, 0:64, 0:64])


def reference(A):
    return {"B": A.copy()}
