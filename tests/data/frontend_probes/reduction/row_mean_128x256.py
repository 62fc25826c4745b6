"""Row mean: reduce_sum over dim 1, then a scalar multiply by 1/N."""

import numpy as np

from ttmigrate.frontend import T

M, N = 128, 256
BLOCK_M = 32
TAGS = ("reduction", "row", "mean", "scalar")
# |mean| <= 1; float32 sum, one bf16 rounding of the result
TOLERANCE = {"atol": 0.01, "rtol": 0.01}  # a mean of bf16 values stored as bf16: about one bf16 ulp of values below 1


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    Y: T.Tensor((M, 1), "bfloat16"),
):
    with T.Kernel(T.ceildiv(M, BLOCK_M), threads=128) as bx:
        A_shared = T.alloc_shared((BLOCK_M, N), "bfloat16")
        A_local = T.alloc_fragment((BLOCK_M, N), "float32")
        S_local = T.alloc_fragment((BLOCK_M,), "float32")
        T.copy(A[bx * BLOCK_M, 0], A_shared)
        T.copy(A_shared, A_local)
        T.reduce_sum(A_local, S_local, dim=1)
        for i in T.Parallel(BLOCK_M):
            S_local[i] = S_local[i] * (1.0 / N)
        T.copy(S_local, Y[bx * BLOCK_M, 0])


def reference(A):
    return {"Y": A.astype(np.float32).mean(axis=1, keepdims=True)}
