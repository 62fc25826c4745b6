"""SFPU unary chain: B = tanh(sqrt(rsqrt(exp(A)))) (positive operands for sqrt/rsqrt)."""

import numpy as np

from ttmigrate.frontend import T

M = N = 128
BLOCK_M, BLOCK_N = 32, 32
TAGS = ("sfpu", "unary-chain", "exp", "rsqrt", "sqrt", "tanh")
TOLERANCE = {"atol": 0.01, "rtol": 0.02}  # the result is tanh(exp(-A/4)), in (0.66, 0.97): bf16 store and SFPU approximations


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
            x[i, j] = T.tanh(T.sqrt(T.rsqrt(T.exp(x[i, j]))))
        T.copy(x, B[by * BLOCK_M, bx * BLOCK_N])


def reference(A):
    x = A.astype(np.float32)
    return {"B": np.tanh(np.sqrt(1.0 / np.sqrt(np.exp(x))))}
