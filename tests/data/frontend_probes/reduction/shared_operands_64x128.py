"""Reductions with shared-memory operands, which TileLang stages through fragments.

Row sums from a shared tile into a fragment; a running column max from a fragment into a shared
vector (clear=False, so its -inf start is copied in first); a column sum from shared into shared.
"""

import numpy as np

from ttmigrate.frontend import T

M, N = 64, 128
TAGS = ("reduction", "row", "column", "sum", "max", "shared-operands", "clear-false")
# float32 sums of at most 128 bf16 values, rounded once to bf16; the max is exact
TOLERANCE = {"atol": 0.125, "rtol": 0.01}  # sums of 128 bf16 values stored as bf16: one ulp of a sum near 16 is 0.125


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    S: T.Tensor((M,), "bfloat16"),
    Cmax: T.Tensor((N,), "bfloat16"),
    Csum: T.Tensor((N,), "bfloat16"),
):
    with T.Kernel(1, threads=128):
        A_shared = T.alloc_shared((M, N), "float32")
        x = T.alloc_fragment((M, N), "float32")
        row_sum = T.alloc_fragment((M,), "float32")
        col_max = T.alloc_shared((N,), "float32")
        col_sum = T.alloc_shared((N,), "float32")
        T.copy(A[0, 0], A_shared)
        T.reduce_sum(A_shared, row_sum, dim=1)
        T.copy(A_shared, x)
        T.fill(col_max, -T.infinity("float32"))
        T.reduce_max(x, col_max, dim=0, clear=False)
        T.reduce_sum(A_shared, col_sum, dim=0)
        T.copy(row_sum, S[0])
        T.copy(col_max, Cmax[0])
        T.copy(col_sum, Csum[0])


def reference(A):
    a = A.astype(np.float32)
    return {"S": a.sum(axis=1), "Cmax": a.max(axis=0), "Csum": a.sum(axis=0)}
