"""TileLang's other reductions over rows: reduce_min, reduce_absmax (clear=False) and reduce_abssum."""

import numpy as np

from ttmigrate.frontend import T

M, N = 64, 128
BLOCK_M = 32
TAGS = ("reduction", "row", "min", "absmax", "abssum", "clear-false")
# min and absmax are exact; abssum is a float32 sum of 128 |bf16| values rounded once to bf16
TOLERANCE = {"atol": 0.125, "rtol": 0.01}  # abs-sums of 128 bf16 values stored as bf16: one ulp of a sum near 16 is 0.125


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    Mn: T.Tensor((M,), "bfloat16"),
    Amax: T.Tensor((M,), "bfloat16"),
    Asum: T.Tensor((M,), "bfloat16"),
):
    with T.Kernel(T.ceildiv(M, BLOCK_M), threads=128) as bx:
        A_shared = T.alloc_shared((BLOCK_M, N), "bfloat16")
        x = T.alloc_fragment((BLOCK_M, N), "float32")
        mn = T.alloc_fragment((BLOCK_M,), "float32")
        amax = T.alloc_fragment((BLOCK_M,), "float32")
        asum = T.alloc_fragment((BLOCK_M,), "float32")
        T.copy(A[bx * BLOCK_M, 0], A_shared)
        T.copy(A_shared, x)
        T.reduce_min(x, mn, dim=1)
        T.fill(amax, 0)
        T.reduce_absmax(x, amax, dim=1, clear=False)
        T.reduce_abssum(x, asum, dim=1)
        T.copy(mn, Mn[bx * BLOCK_M])
        T.copy(amax, Amax[bx * BLOCK_M])
        T.copy(asum, Asum[bx * BLOCK_M])


def reference(A):
    a = A.astype(np.float32)
    return {"Mn": a.min(axis=1), "Amax": np.abs(a).max(axis=1), "Asum": np.abs(a).sum(axis=1)}
