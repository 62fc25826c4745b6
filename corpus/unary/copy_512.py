"""Tile copy, 512x512 bfloat16, 32x32 tile blocks: global -> shared -> global, B = A."""

import numpy as np

from ttmigrate.frontend import T

M = N = 512
BLOCK_M, BLOCK_N = 32, 32
TAGS = ("copy", "unary")


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    B: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        T.copy(A[by * BLOCK_M, bx * BLOCK_N], A_shared)
        T.copy(A_shared, B[by * BLOCK_M, bx * BLOCK_N])


def reference(A):
    return {"B": A.astype(np.float32)}
