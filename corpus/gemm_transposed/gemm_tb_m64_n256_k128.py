"""GEMM with transposed B, M=64 N=256 K=128: B is stored (N, K), C = A @ B^T."""

import numpy as np

from ttmigrate.frontend import T

M, N, K = 64, 256, 128
BLOCK_M, BLOCK_N, BLOCK_K = 32, 32, 32
TAGS = ("gemm", "transpose-b", "nonsquare", "block-32")


@T.prim_func
def main(
    A: T.Tensor((M, K), "bfloat16"),
    B: T.Tensor((N, K), "bfloat16"),
    C: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_K), "bfloat16")
        B_shared = T.alloc_shared((BLOCK_N, BLOCK_K), "bfloat16")
        C_local = T.alloc_fragment((BLOCK_M, BLOCK_N), "float32")
        T.clear(C_local)
        for k in T.Pipelined(T.ceildiv(K, BLOCK_K), num_stages=2):
            T.copy(A[by * BLOCK_M, k * BLOCK_K], A_shared)
            T.copy(B[bx * BLOCK_N, k * BLOCK_K], B_shared)
            T.gemm(A_shared, B_shared, C_local, transpose_B=True)
        T.copy(C_local, C[by * BLOCK_M, bx * BLOCK_N])


def reference(A, B):
    return {"C": A.astype(np.float32) @ B.astype(np.float32).T}
