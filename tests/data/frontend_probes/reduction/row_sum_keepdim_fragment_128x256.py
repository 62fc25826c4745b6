"""Row sum into a keep-dims (32, 1) fragment (TileLang accepts [X, 1] as the reduced shape)."""

import numpy as np

from ttmigrate.frontend import T

M, N = 128, 256
BLOCK_M = 32
TAGS = ("reduction", "row", "sum", "keepdim")
TOLERANCE = {"atol": 0.25, "rtol": 0.01}  # a sum of 256 bf16 values stored as bf16: one ulp of a sum near 32 is 0.25


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    S: T.Tensor((M, 1), "bfloat16"),
):
    with T.Kernel(T.ceildiv(M, BLOCK_M), threads=128) as bx:
        A_shared = T.alloc_shared((BLOCK_M, N), "bfloat16")
        A_local = T.alloc_fragment((BLOCK_M, N), "float32")
        S_local = T.alloc_fragment((BLOCK_M, 1), "float32")
        T.copy(A[bx * BLOCK_M, 0], A_shared)
        T.copy(A_shared, A_local)
        T.reduce_sum(A_local, S_local, dim=1)
        T.copy(S_local, S[bx * BLOCK_M, 0])


def reference(A):
    return {"S": A.astype(np.float32).sum(axis=1, keepdims=True)}
