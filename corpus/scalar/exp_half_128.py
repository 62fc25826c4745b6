"""Scalar epilogue after an SFPU op: B = exp(A) * 0.5, the constant as T.float32(0.5)."""

import numpy as np

from ttmigrate.frontend import T

M = N = 128
BLOCK_M, BLOCK_N = 32, 32
TAGS = ("scalar", "epilogue", "exp", "mul-scalar")
TOLERANCE = {"atol": 0.01, "rtol": 0.02}  # values in [0.18, 1.36]: SFPU exp and one bf16 rounding


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    B: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        x = T.alloc_fragment((BLOCK_M, BLOCK_N), "float32")
        T.copy(A[by * BLOCK_M, bx * BLOCK_N], A_shared)
        T.copy(A_shared, x)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            x[i, j] = T.exp(x[i, j]) * T.float32(0.5)
        T.copy(x, B[by * BLOCK_M, bx * BLOCK_N])


def reference(A):
    x = A.astype(np.float32)
    return {"B": np.exp(x) * 0.5}
