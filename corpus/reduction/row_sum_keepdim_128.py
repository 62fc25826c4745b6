"""Row sum with a kept dimension, 128x128 bfloat16 -> (128, 1), reducing into a (32,) fragment."""

import numpy as np

from ttmigrate.frontend import T

M, N = 128, 128
BLOCK_M = 32
TAGS = ("reduction", "row", "sum", "keepdim")
TOLERANCE = {"atol": 0.25, "rtol": 0.02}  # a sum of up to 512 bf16 values stored as bf16: one ulp of a sum near 32 is 0.25


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    S: T.Tensor((M, 1), "bfloat16"),
):
    with T.Kernel(T.ceildiv(M, BLOCK_M), threads=128) as bx:
        A_shared = T.alloc_shared((BLOCK_M, N), "bfloat16")
        A_local = T.alloc_fragment((BLOCK_M, N), "float32")
        S_local = T.alloc_fragment((BLOCK_M,), "float32")
        T.copy(A[bx * BLOCK_M, 0], A_shared)
        T.copy(A_shared, A_local)
        T.reduce_sum(A_local, S_local, dim=1)
        T.copy(S_local, S[bx * BLOCK_M : (bx + 1) * BLOCK_M, 0])


def reference(A):
    return {"S": A.astype(np.float32).sum(axis=1, keepdims=True)}
