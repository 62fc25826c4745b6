"""GEMM 512^3 with a bias epilogue and several work units per core (16 x 16 blocks over the 8 x 8
grid: 4 per core), so the matmul re-init after the broadcast-add step is exercised between units."""

import numpy as np

from ttmigrate.frontend import T

M = N = K = 512
BLOCK_M = BLOCK_N = BLOCK_K = 32
TAGS = ("gemm", "epilogue", "bias", "block-32", "multi-unit")


@T.prim_func
def main(
    A: T.Tensor((M, K), "bfloat16"),
    B: T.Tensor((K, N), "bfloat16"),
    Bias: T.Tensor((N,), "bfloat16"),
    C: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_K), "bfloat16")
        B_shared = T.alloc_shared((BLOCK_K, BLOCK_N), "bfloat16")
        Bias_shared = T.alloc_shared((BLOCK_N,), "bfloat16")
        C_local = T.alloc_fragment((BLOCK_M, BLOCK_N), "float32")
        T.clear(C_local)
        for k in T.Pipelined(T.ceildiv(K, BLOCK_K), num_stages=2):
            T.copy(A[by * BLOCK_M, k * BLOCK_K], A_shared)
            T.copy(B[k * BLOCK_K, bx * BLOCK_N], B_shared)
            T.gemm(A_shared, B_shared, C_local)
        T.copy(Bias[bx * BLOCK_N], Bias_shared)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            C_local[i, j] = C_local[i, j] + T.cast(Bias_shared[j], "float32")
        T.copy(C_local, C[by * BLOCK_M, bx * BLOCK_N])


def reference(A, B, Bias):
    return {"C": A.astype(np.float32) @ B.astype(np.float32) + Bias.astype(np.float32)[None, :]}
