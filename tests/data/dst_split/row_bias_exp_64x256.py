"""exp(A + b[j]) * 0.5 over 64x256 blocks (16 tiles, 2 tile rows of 8; a float32 fragment: chunks of
4 DST tiles), the bias row broadcast at each chunk's offset in the block."""

import numpy as np

from ttmigrate.frontend import T

M, N = 128, 256
BLOCK_M, BLOCK_N = 64, 256
TOLERANCE = {"atol": 0.02, "rtol": 0.02}  # exp of a value in [-2, 2], rounded to bf16 on the way out


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    b: T.Tensor((N,), "bfloat16"),
    C: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(M, BLOCK_M), threads=128) as bx:
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        b_shared = T.alloc_shared((BLOCK_N,), "bfloat16")
        c = T.alloc_fragment((BLOCK_M, BLOCK_N), "float32")
        T.copy(A[bx * BLOCK_M, 0], A_shared)
        T.copy(b[0], b_shared)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            c[i, j] = T.exp(A_shared[i, j] + b_shared[j]) * T.float32(0.5)
        T.copy(c, C[bx * BLOCK_M, 0])


def reference(A, b):
    return {"C": np.exp(A.astype(np.float32) + b.astype(np.float32)[None, :]) * np.float32(0.5)}
