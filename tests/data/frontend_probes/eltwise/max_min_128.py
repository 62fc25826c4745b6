"""Element-wise T.max and T.min of two tensors: C = max(A, B) - min(A, B) = |A - B|."""

import numpy as np

from ttmigrate.frontend import T

M = N = 128
BLOCK_M, BLOCK_N = 32, 32
TAGS = ("eltwise", "binary", "max", "min")
# max and min are exact; one float32 subtraction, one bf16 rounding of a value in [0, 2]
TOLERANCE = {"atol": 0.008, "rtol": 0.01}  # bf16 output of max/min of bf16 values scaled or offset: about one bf16 ulp of values below 2


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    B: T.Tensor((M, N), "bfloat16"),
    C: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        B_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        a = T.alloc_fragment((BLOCK_M, BLOCK_N), "float32")
        b = T.alloc_fragment((BLOCK_M, BLOCK_N), "float32")
        c = T.alloc_fragment((BLOCK_M, BLOCK_N), "float32")
        T.copy(A[by * BLOCK_M, bx * BLOCK_N], A_shared)
        T.copy(B[by * BLOCK_M, bx * BLOCK_N], B_shared)
        T.copy(A_shared, a)
        T.copy(B_shared, b)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            c[i, j] = T.max(a[i, j], b[i, j]) - T.min(a[i, j], b[i, j])
        T.copy(c, C[by * BLOCK_M, bx * BLOCK_N])


def reference(A, B):
    a, b = A.astype(np.float32), B.astype(np.float32)
    return {"C": np.maximum(a, b) - np.minimum(a, b)}
