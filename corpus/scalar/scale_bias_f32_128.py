"""Scalar epilogue in float32 end to end: B = (A - 1.5) * 0.125 + 2 (DST accumulates in float32)."""

import numpy as np

from ttmigrate.frontend import T

M = N = 128
BLOCK_M, BLOCK_N = 32, 32
TAGS = ("scalar", "epilogue", "float32", "sub-scalar", "mul-scalar", "add-scalar")
TOLERANCE = {"atol": 1e-6, "rtol": 1e-6}  # float32 in, out and in DST: three float32 roundings at most


@T.prim_func
def main(
    A: T.Tensor((M, N), "float32"),
    B: T.Tensor((M, N), "float32"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "float32")
        x = T.alloc_fragment((BLOCK_M, BLOCK_N), "float32")
        T.copy(A[by * BLOCK_M, bx * BLOCK_N], A_shared)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            x[i, j] = (A_shared[i, j] - T.float32(1.5)) * T.float32(0.125) + T.float32(2.0)
        T.copy(x, B[by * BLOCK_M, bx * BLOCK_N])


def reference(A):
    return {"B": (A.astype(np.float32) - np.float32(1.5)) * np.float32(0.125) + np.float32(2.0)}
