"""GEMM 128x128x128, 2 stages, with a scalar epilogue on the accumulator: C = (A @ B) * 0.125."""

import numpy as np

from ttmigrate.frontend import T

M, N, K = 128, 128, 128
BLOCK_M, BLOCK_N, BLOCK_K = 32, 32, 32
NUM_STAGES = 2
TAGS = ("gemm", "pipelined", "num-stages-2", "epilogue", "mul-scalar", "block-32")
TOLERANCE = {"atol": 0.01, "rtol": 0.02}  # K = 128 float32 products scaled exactly by 1/8; |C| < 1.5 rounded once to bf16


@T.prim_func
def main(
    A: T.Tensor((M, K), "bfloat16"),
    B: T.Tensor((K, N), "bfloat16"),
    C: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_K), "bfloat16")
        B_shared = T.alloc_shared((BLOCK_K, BLOCK_N), "bfloat16")
        C_local = T.alloc_fragment((BLOCK_M, BLOCK_N), "float32")
        T.clear(C_local)
        for k in T.Pipelined(T.ceildiv(K, BLOCK_K), num_stages=NUM_STAGES):
            T.copy(A[by * BLOCK_M, k * BLOCK_K], A_shared)
            T.copy(B[k * BLOCK_K, bx * BLOCK_N], B_shared)
            T.gemm(A_shared, B_shared, C_local)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            C_local[i, j] = C_local[i, j] * T.float32(0.125)
        T.copy(C_local, C[by * BLOCK_M, bx * BLOCK_N])


def reference(A, B):
    return {"C": (A.astype(np.float32) @ B.astype(np.float32)) * 0.125}
