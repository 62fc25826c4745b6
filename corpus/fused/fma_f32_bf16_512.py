"""Fused multiply-add over mixed formats, 512x512: D = A * B + C with float32 A and B, bfloat16 C and
a bfloat16 result, as fma_f32_bf16_256 but with 4 work units per core (256 blocks on 64 cores), so
the srcA / srcB restore at the end of each unit matters on every core: without it the next unit
unpacks float32 A where the sources are still programmed for the bfloat16 add."""

import numpy as np

from ttmigrate.frontend import T

M = N = 512
BLOCK_M, BLOCK_N = 32, 32
TAGS = ("eltwise", "fused", "mul", "add", "float32", "bfloat16", "mixed-formats", "cast", "multi-unit")


@T.prim_func
def main(
    A: T.Tensor((M, N), "float32"),
    B: T.Tensor((M, N), "float32"),
    C: T.Tensor((M, N), "bfloat16"),
    D: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "float32")
        B_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "float32")
        C_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        D_local = T.alloc_fragment((BLOCK_M, BLOCK_N), "bfloat16")
        T.copy(A[by * BLOCK_M, bx * BLOCK_N], A_shared)
        T.copy(B[by * BLOCK_M, bx * BLOCK_N], B_shared)
        T.copy(C[by * BLOCK_M, bx * BLOCK_N], C_shared)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            D_local[i, j] = T.cast(A_shared[i, j] * B_shared[i, j], "bfloat16") + C_shared[i, j]
        T.copy(D_local, D[by * BLOCK_M, bx * BLOCK_N])


def reference(A, B, C):
    return {"D": A.astype(np.float32) * B.astype(np.float32) + C.astype(np.float32)}
