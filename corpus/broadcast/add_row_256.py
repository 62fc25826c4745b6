"""Row-broadcast add, 256x256 bfloat16, 32x32 tile blocks: C = A + b, b of shape (N,) added to every row."""

import numpy as np

from ttmigrate.frontend import T

M, N = 256, 256
BLOCK_M, BLOCK_N = 32, 32
TAGS = ("eltwise", "broadcast", "add")


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    b: T.Tensor((N,), "bfloat16"),
    C: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        b_shared = T.alloc_shared((BLOCK_N,), "bfloat16")
        C_local = T.alloc_fragment((BLOCK_M, BLOCK_N), "bfloat16")
        T.copy(A[by * BLOCK_M, bx * BLOCK_N], A_shared)
        T.copy(b[bx * BLOCK_N], b_shared)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            C_local[i, j] = A_shared[i, j] + b_shared[j]
        T.copy(C_local, C[by * BLOCK_M, bx * BLOCK_N])


def reference(A, b):
    return {"C": A.astype(np.float32) + b.astype(np.float32)[None, :]}
