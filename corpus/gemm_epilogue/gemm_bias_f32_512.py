"""GEMM 512^3, bfloat16 A and B, with a float32 bias (mixed data formats): the broadcast add unpacks
the float32 bias into srcB, which start-up programmed for bfloat16 A, so the IR-driven emitter
reconfigures srcB before it and back before the next work unit's matmul (4 units per core)."""

import numpy as np

from ttmigrate.frontend import T

M = N = K = 512
BLOCK_M = BLOCK_N = BLOCK_K = 32
TAGS = ("gemm", "epilogue", "bias", "block-32", "multi-unit", "mixed-formats")


@T.prim_func
def main(
    A: T.Tensor((M, K), "bfloat16"),
    B: T.Tensor((K, N), "bfloat16"),
    Bias: T.Tensor((N,), "float32"),
    C: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_K), "bfloat16")
        B_shared = T.alloc_shared((BLOCK_K, BLOCK_N), "bfloat16")
        Bias_shared = T.alloc_shared((BLOCK_N,), "float32")
        C_local = T.alloc_fragment((BLOCK_M, BLOCK_N), "float32")
        T.clear(C_local)
        for k in T.Pipelined(T.ceildiv(K, BLOCK_K), num_stages=2):
            T.copy(A[by * BLOCK_M, k * BLOCK_K], A_shared)
            T.copy(B[k * BLOCK_K, bx * BLOCK_N], B_shared)
            T.gemm(A_shared, B_shared, C_local)
        T.copy(Bias[bx * BLOCK_N], Bias_shared)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            C_local[i, j] = C_local[i, j] + Bias_shared[j]
        T.copy(C_local, C[by * BLOCK_M, bx * BLOCK_N])


def reference(A, B, Bias):
    return {"C": A.astype(np.float32) @ B.astype(np.float32) + Bias.astype(np.float32)[None, :]}
