"""Fused element-wise multiply-add, 256x256 bfloat16, 32x32 tile blocks: D = A * B + C."""

import numpy as np

from ttmigrate.frontend import T

M = N = 256
BLOCK_M, BLOCK_N = 32, 32
TAGS = ("eltwise", "fused", "mul", "add")


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    B: T.Tensor((M, N), "bfloat16"),
    C: T.Tensor((M, N), "bfloat16"),
    D: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        B_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        C_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        D_local = T.alloc_fragment((BLOCK_M, BLOCK_N), "bfloat16")
        T.copy(A[by * BLOCK_M, bx * BLOCK_N], A_shared)
        T.copy(B[by * BLOCK_M, bx * BLOCK_N], B_shared)
        T.copy(C[by * BLOCK_M, bx * BLOCK_N], C_shared)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            D_local[i, j] = A_shared[i, j] * B_shared[i, j] + C_shared[i, j]
        T.copy(D_local, D[by * BLOCK_M, bx * BLOCK_N])


def reference(A, B, C):
    return {"D": A.astype(np.float32) * B.astype(np.float32) + C.astype(np.float32)}
