"""Scalar epilogue on a 100x70 tensor (neither dim a multiple of 32): B = A * 1.5 - 0.25 over
32x32 blocks, the last row and column of blocks partial."""

import numpy as np

from ttmigrate.frontend import T

M, N = 100, 70
BLOCK_M, BLOCK_N = 32, 32
TAGS = ("scalar", "edge-shape", "unaligned", "mul-scalar", "sub-scalar")
TOLERANCE = {"atol": 0.02, "rtol": 0.01}  # |B| < 6.5: exact in float32, rounded once to bf16 (2^-8 relative)


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    B: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        x = T.alloc_fragment((BLOCK_M, BLOCK_N), "float32")
        T.copy(A[by * BLOCK_M, bx * BLOCK_N], A_shared)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            x[i, j] = T.cast(A_shared[i, j], "float32") * 1.5 - 0.25
        T.copy(x, B[by * BLOCK_M, bx * BLOCK_N])


def reference(A):
    return {"B": A.astype(np.float32) * 1.5 - 0.25}
