"""Element-wise T.max and T.min of two tensors: C = max(A, B) - min(A, B) = |A - B| (CB operands)."""

import numpy as np

from ttmigrate.frontend import T

M = N = 256
BLOCK_M, BLOCK_N = 32, 64
TAGS = ("eltwise", "binary", "max", "min", "block-32x64")
TOLERANCE = {"atol": 0.008, "rtol": 0.01}  # max and min are exact; one float32 subtraction and one bf16 rounding of a value in [0, 2]


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    B: T.Tensor((M, N), "bfloat16"),
    C: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        B_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        c = T.alloc_fragment((BLOCK_M, BLOCK_N), "float32")
        T.copy(A[by * BLOCK_M, bx * BLOCK_N], A_shared)
        T.copy(B[by * BLOCK_M, bx * BLOCK_N], B_shared)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            c[i, j] = T.max(A_shared[i, j], B_shared[i, j]) - T.min(A_shared[i, j], B_shared[i, j])
        T.copy(c, C[by * BLOCK_M, bx * BLOCK_N])


def reference(A, B):
    a, b = A.astype(np.float32), B.astype(np.float32)
    return {"C": np.maximum(a, b) - np.minimum(a, b)}
