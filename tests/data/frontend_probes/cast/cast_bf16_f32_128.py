"""Casts both ways: bfloat16 -> float32 with T.Cast, float32 -> bfloat16 with .astype."""

import numpy as np

from ttmigrate.frontend import T

M = N = 128
BLOCK_M, BLOCK_N = 32, 32
TAGS = ("cast", "bfloat16", "float32")
# the float32 output is exact (every bf16 is a float32); D is X * 2 rounded once to bf16
TOLERANCE = {"atol": 0.008, "rtol": 0.01}  # bf16 <-> float32 casts: a value rounded to bf16 moves by up to half a bf16 ulp, 2**-9 relative


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    F: T.Tensor((M, N), "float32"),
    D: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        wide = T.alloc_fragment((BLOCK_M, BLOCK_N), "float32")
        narrow = T.alloc_fragment((BLOCK_M, BLOCK_N), "bfloat16")
        T.copy(A[by * BLOCK_M, bx * BLOCK_N], A_shared)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            wide[i, j] = T.Cast("float32", A_shared[i, j])
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            narrow[i, j] = (wide[i, j] * 2.0).astype("bfloat16")
        T.copy(wide, F[by * BLOCK_M, bx * BLOCK_N])
        T.copy(narrow, D[by * BLOCK_M, bx * BLOCK_N])


def reference(A):
    x = A.astype(np.float32)
    return {"F": x, "D": x * 2.0}
