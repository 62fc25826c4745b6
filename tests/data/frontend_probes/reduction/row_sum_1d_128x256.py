"""Row sum over dim 1 into a 1-D output: 128x256 bfloat16 -> (128,), float32 accumulation."""

import numpy as np

from ttmigrate.frontend import T

M, N = 128, 256
BLOCK_M = 32
TAGS = ("reduction", "row", "sum", "1d-output")
# 256 bf16 values per row, summed in float32 and rounded once to bf16 (8 bits: ~0.4% of |sum| <= 256)
TOLERANCE = {"atol": 0.25, "rtol": 0.01}  # a sum of 256 bf16 values stored as bf16: one ulp of a sum near 32 is 0.25


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
        T.reduce_sum(A_local, S_local, dim=1, clear=True)
        T.copy(S_local, S[bx * BLOCK_M])


def reference(A):
    return {"S": A.astype(np.float32).sum(axis=1)}
