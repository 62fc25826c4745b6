"""Batched GEMM whose work does not divide the core grid: 5 x (128x128x64) = 80 output tiles on 64 cores."""

import numpy as np

from ttmigrate.frontend import T

BATCH, M, N, K = 5, 128, 128, 64
BLOCK_M = BLOCK_N = BLOCK_K = 32
TAGS = ("gemm", "batched", "edge-shape", "uneven-cores", "block-32")
TOLERANCE = {"atol": 0.05, "rtol": 0.02}  # K = 64 float32 products; |C| < 8 rounded once to bf16 (half an ulp is 0.031)


@T.prim_func
def main(
    A: T.Tensor((BATCH, M, K), "bfloat16"),
    B: T.Tensor((BATCH, K, N), "bfloat16"),
    C: T.Tensor((BATCH, M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), BATCH, threads=128) as (bx, by, bz):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_K), "bfloat16")
        B_shared = T.alloc_shared((BLOCK_K, BLOCK_N), "bfloat16")
        C_local = T.alloc_fragment((BLOCK_M, BLOCK_N), "float32")
        T.clear(C_local)
        for k in T.Pipelined(T.ceildiv(K, BLOCK_K), num_stages=2):
            T.copy(A[bz, by * BLOCK_M, k * BLOCK_K], A_shared)
            T.copy(B[bz, k * BLOCK_K, bx * BLOCK_N], B_shared)
            T.gemm(A_shared, B_shared, C_local)
        T.copy(C_local, C[bz, by * BLOCK_M, bx * BLOCK_N])


def reference(A, B):
    return {"C": np.matmul(A.astype(np.float32), B.astype(np.float32))}
