"""SFPU unary chain: B = log(exp2(sigmoid(A))), computed in float32."""

import numpy as np

from ttmigrate.frontend import T

M = N = 128
BLOCK_M, BLOCK_N = 32, 32
TAGS = ("sfpu", "unary-chain", "sigmoid", "exp2", "log")
TOLERANCE = {"atol": 0.01, "rtol": 0.02}  # the result is sigmoid(A) * ln 2, in (0.19, 0.51): bf16 store and SFPU approximations


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
            x[i, j] = T.log(T.exp2(T.sigmoid(x[i, j])))
        T.copy(x, B[by * BLOCK_M, bx * BLOCK_N])


def reference(A):
    x = A.astype(np.float32)
    return {"B": np.log(np.exp2(1.0 / (1.0 + np.exp(-x))))}
