"""Row softmax, 256x256 bfloat16: each block holds 32 full rows (max, subtract, exp, sum, divide)."""

import numpy as np

from ttmigrate.frontend import T

M, N = 256, 256
BLOCK_M = 32
TAGS = ("softmax", "reduction", "exp")
TOLERANCE = {"atol": 0.01, "rtol": 0.05}  # exp, a row sum and a divide, each rounded to bf16: relative error compounds


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    B: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(M, BLOCK_M), threads=128) as bx:
        A_shared = T.alloc_shared((BLOCK_M, N), "bfloat16")
        A_local = T.alloc_fragment((BLOCK_M, N), "float32")
        row_max = T.alloc_fragment((BLOCK_M,), "float32")
        row_sum = T.alloc_fragment((BLOCK_M,), "float32")
        T.copy(A[bx * BLOCK_M, 0], A_shared)
        T.copy(A_shared, A_local)
        T.reduce_max(A_local, row_max, dim=1, clear=True)
        for i, j in T.Parallel(BLOCK_M, N):
            A_local[i, j] = T.exp(A_local[i, j] - row_max[i])
        T.reduce_sum(A_local, row_sum, dim=1)
        for i, j in T.Parallel(BLOCK_M, N):
            A_local[i, j] = A_local[i, j] / row_sum[i]
        T.copy(A_local, B[bx * BLOCK_M, 0])


def reference(A):
    x = A.astype(np.float32)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return {"B": e / e.sum(axis=1, keepdims=True)}
