"""Degenerate: a kernel that reads nothing and writes zeros (T.clear of a fragment, copied out)."""

import numpy as np

from ttmigrate.frontend import T

M = N = 64
BLOCK_M, BLOCK_N = 32, 32
TAGS = ("degenerate", "fill")


@T.prim_func
def main(C: T.Tensor((M, N), "bfloat16")):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        C_local = T.alloc_fragment((BLOCK_M, BLOCK_N), "bfloat16")
        T.clear(C_local)
        T.copy(C_local, C[by * BLOCK_M, bx * BLOCK_N])


def reference():
    return {"C": np.zeros((M, N), dtype=np.float32)}
