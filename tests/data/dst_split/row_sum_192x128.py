"""Row sum over 192x128 blocks (6 tile rows of 4; a float32 result: 4 DST tiles): the 6-tile
column-vector result is reduced and packed in chunks of 3 tile rows."""

import numpy as np

from ttmigrate.frontend import T

M, N = 384, 128
BLOCK_M = 192
TOLERANCE = {"atol": 0.125, "rtol": 0.02}  # a sum of 128 bf16 values stored as bf16: an ulp near 16 is 0.125


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    S: T.Tensor((M,), "bfloat16"),
):
    with T.Kernel(T.ceildiv(M, BLOCK_M), threads=128) as bx:
        A_shared = T.alloc_shared((BLOCK_M, N), "bfloat16")
        A_local = T.alloc_fragment((BLOCK_M, N), "float32")
        S_local = T.alloc_fragment((BLOCK_M,), "float32")
        T.copy(A[bx * BLOCK_M, 0], A_shared)
        T.copy(A_shared, A_local)
        T.reduce_sum(A_local, S_local, dim=1)
        T.copy(S_local, S[bx * BLOCK_M])


def reference(A):
    return {"S": A.astype(np.float32).sum(axis=1)}
