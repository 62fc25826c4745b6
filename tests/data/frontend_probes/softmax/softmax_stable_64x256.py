"""Numerically stable row softmax as TileLang users write it: max, subtract, exp, sum, divide."""

import numpy as np

from ttmigrate.frontend import T

M, N = 64, 256
BLOCK_M = 32
TAGS = ("softmax", "reduction", "exp")
# outputs in (0, 1]; float32 compute, bf16 store (rtol 2^-8), exp on the device's SFPU
TOLERANCE = {"atol": 0.005, "rtol": 0.02}  # bf16 output of max, exp, a row sum and a divide: each step's rounding compounds


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    B: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(M, BLOCK_M), threads=128) as bx:
        A_shared = T.alloc_shared((BLOCK_M, N), "bfloat16")
        x = T.alloc_fragment((BLOCK_M, N), "float32")
        row_max = T.alloc_fragment((BLOCK_M,), "float32")
        row_sum = T.alloc_fragment((BLOCK_M,), "float32")
        T.copy(A[bx * BLOCK_M, 0], A_shared)
        T.copy(A_shared, x)
        T.fill(row_max, -T.infinity("float32"))
        T.reduce_max(x, row_max, dim=1, clear=False)
        for i, j in T.Parallel(BLOCK_M, N):
            x[i, j] = T.exp(x[i, j] - row_max[i])
        T.reduce_sum(x, row_sum, dim=1)
        for i, j in T.Parallel(BLOCK_M, N):
            x[i, j] = x[i, j] / row_sum[i]
        T.copy(x, B[bx * BLOCK_M, 0])


def reference(A):
    x = A.astype(np.float32)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return {"B": e / e.sum(axis=1, keepdims=True)}
