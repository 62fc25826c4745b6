"""Element-wise exp, 128x512 bfloat16, 32x32 tile blocks, directly in bfloat16: B = exp(A)."""

import numpy as np

from ttmigrate.frontend import T

M, N = 128, 512
BLOCK_M, BLOCK_N = 32, 32
TAGS = ("eltwise", "unary", "exp")
TOLERANCE = {"atol": 0.05, "rtol": 0.02}  # bf16 output of exp: one bf16 ulp of results up to 8 is 0.03; rtol for the large ones


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    B: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        B_local = T.alloc_fragment((BLOCK_M, BLOCK_N), "bfloat16")
        T.copy(A[by * BLOCK_M, bx * BLOCK_N], A_shared)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            B_local[i, j] = T.exp(A_shared[i, j])
        T.copy(B_local, B[by * BLOCK_M, bx * BLOCK_N])


def reference(A):
    return {"B": np.exp(A.astype(np.float32))}
