"""Banded block sum with T.max / T.min lets: row block r of B is the sum of A's blocks r-1..r+1."""

import numpy as np

from ttmigrate.frontend import T

M, N = 128, 64
BLOCK_M = 32
BLOCKS = M // BLOCK_M
TAGS = ("lets", "min", "max", "serial", "eltwise")
# at most three bf16 values summed in float32, one bf16 rounding of a value in [-3, 3]
TOLERANCE = {"atol": 0.016, "rtol": 0.01}  # bf16 output of a small window sum with min/max: about one bf16 ulp of the sums


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    B: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(BLOCKS, threads=128) as bx:
        A_shared = T.alloc_shared((BLOCK_M, N), "bfloat16")
        a = T.alloc_fragment((BLOCK_M, N), "float32")
        acc = T.alloc_fragment((BLOCK_M, N), "float32")
        lo = T.max(bx - 1, 0)
        hi = T.min(bx + 2, BLOCKS)
        T.clear(acc)
        for k in T.serial(lo, hi):
            T.copy(A[k * BLOCK_M, 0], A_shared)
            T.copy(A_shared, a)
            for i, j in T.Parallel(BLOCK_M, N):
                acc[i, j] = acc[i, j] + a[i, j]
        T.copy(acc, B[bx * BLOCK_M, 0])


def reference(A):
    blocks = A.astype(np.float32).reshape(BLOCKS, BLOCK_M, N)
    out = np.stack([blocks[max(r - 1, 0) : min(r + 2, BLOCKS)].sum(axis=0) for r in range(BLOCKS)])
    return {"B": out.reshape(M, N)}
