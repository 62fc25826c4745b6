"""Cast float32 -> bfloat16: D = bfloat16(exp(A)) (float32 in and in DST, the packer rounds to bf16)."""

import numpy as np

from ttmigrate.frontend import T

M = N = 128
BLOCK_M, BLOCK_N = 32, 32
TAGS = ("cast", "float32", "bfloat16", "exp")
TOLERANCE = {"atol": 0.01, "rtol": 0.008}  # values in [0.36, 2.72]: one bf16 rounding (2^-8 relative)


@T.prim_func
def main(
    A: T.Tensor((M, N), "float32"),
    D: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "float32")
        narrow = T.alloc_fragment((BLOCK_M, BLOCK_N), "bfloat16")
        T.copy(A[by * BLOCK_M, bx * BLOCK_N], A_shared)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            narrow[i, j] = T.exp(A_shared[i, j]).astype("bfloat16")
        T.copy(narrow, D[by * BLOCK_M, bx * BLOCK_N])


def reference(A):
    return {"D": np.exp(A.astype(np.float32))}
