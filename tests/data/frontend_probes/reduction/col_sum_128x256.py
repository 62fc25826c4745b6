"""Column sum over dim 0: 128x256 bfloat16 -> (256,), one block per 32 columns."""

import numpy as np

from ttmigrate.frontend import T

M, N = 128, 256
BLOCK_N = 32
TAGS = ("reduction", "column", "sum", "dim-0", "1d-output")
# 128 bf16 values per column, float32 sum, one bf16 rounding
TOLERANCE = {"atol": 0.125, "rtol": 0.01}  # a sum of 128 bf16 values stored as bf16: one ulp of a sum near 16 is 0.125


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    S: T.Tensor((N,), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), threads=128) as bx:
        A_shared = T.alloc_shared((M, BLOCK_N), "bfloat16")
        A_local = T.alloc_fragment((M, BLOCK_N), "float32")
        S_local = T.alloc_fragment((BLOCK_N,), "float32")
        T.copy(A[0, bx * BLOCK_N], A_shared)
        T.copy(A_shared, A_local)
        T.reduce_sum(A_local, S_local, dim=0)
        T.copy(S_local, S[bx * BLOCK_N])


def reference(A):
    return {"S": A.astype(np.float32).sum(axis=0)}
