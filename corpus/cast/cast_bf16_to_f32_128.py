"""Cast bfloat16 -> float32: F = float32(A) * 2 (the unpacker reads bf16, DST and the packer float32)."""

import numpy as np

from ttmigrate.frontend import T

M = N = 128
BLOCK_M, BLOCK_N = 32, 32
TAGS = ("cast", "bfloat16", "float32", "mul-scalar")
TOLERANCE = {"atol": 1e-6, "rtol": 1e-6}  # exact: every bf16 is a float32 and doubling is exact


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    F: T.Tensor((M, N), "float32"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        wide = T.alloc_fragment((BLOCK_M, BLOCK_N), "float32")
        T.copy(A[by * BLOCK_M, bx * BLOCK_N], A_shared)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            wide[i, j] = T.Cast("float32", A_shared[i, j]) * 2.0
        T.copy(wide, F[by * BLOCK_M, bx * BLOCK_N])


def reference(A):
    return {"F": A.astype(np.float32) * 2.0}
