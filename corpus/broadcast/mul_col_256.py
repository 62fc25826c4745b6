"""Column-broadcast multiply, 256x256 bfloat16, 32x32 tile blocks: C = A * s, s of shape (M, 1) scaling each row."""

import numpy as np

from ttmigrate.frontend import T

M = N = 256
BLOCK_M, BLOCK_N = 32, 32
TAGS = ("eltwise", "broadcast", "mul")


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    s: T.Tensor((M, 1), "bfloat16"),
    C: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        s_shared = T.alloc_shared((BLOCK_M, 1), "bfloat16")
        C_local = T.alloc_fragment((BLOCK_M, BLOCK_N), "bfloat16")
        T.copy(A[by * BLOCK_M, bx * BLOCK_N], A_shared)
        T.copy(s[by * BLOCK_M, 0], s_shared)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            C_local[i, j] = A_shared[i, j] * s_shared[i, 0]
        T.copy(C_local, C[by * BLOCK_M, bx * BLOCK_N])


def reference(A, s):
    return {"C": A.astype(np.float32) * s.astype(np.float32)}
