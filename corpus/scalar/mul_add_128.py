"""Scalar epilogue: B = A * 0.5 + 0.25 (scalar operands x * c and x + c)."""

import numpy as np

from ttmigrate.frontend import T

M = N = 128
BLOCK_M, BLOCK_N = 32, 32
TAGS = ("scalar", "epilogue", "mul-scalar", "add-scalar")
TOLERANCE = {"atol": 0.004, "rtol": 0.01}  # exact in float32; one bf16 rounding of a value in [-0.25, 0.75]


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
            x[i, j] = x[i, j] * 0.5 + 0.25
        T.copy(x, B[by * BLOCK_M, bx * BLOCK_N])


def reference(A):
    x = A.astype(np.float32)
    return {"B": x * 0.5 + 0.25}
