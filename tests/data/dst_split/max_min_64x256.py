"""max(A, B) - min(A, B) over 32x256 blocks (8 tiles, a float32 fragment: 4 DST tiles, and max/min
need both operands in DST, so chunks of 2 tiles), each sub-expression through a chunk-sized CB."""

import numpy as np

from ttmigrate.frontend import T

M, N = 64, 256
BLOCK_M, BLOCK_N = 32, 256
TOLERANCE = {"atol": 0.008, "rtol": 0.01}  # max/min exact; one f32 subtraction, one bf16 rounding


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    B: T.Tensor((M, N), "bfloat16"),
    C: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(M, BLOCK_M), threads=128) as bx:
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        B_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        c = T.alloc_fragment((BLOCK_M, BLOCK_N), "float32")
        T.copy(A[bx * BLOCK_M, 0], A_shared)
        T.copy(B[bx * BLOCK_M, 0], B_shared)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            c[i, j] = T.max(A_shared[i, j], B_shared[i, j]) - T.min(A_shared[i, j], B_shared[i, j])
        T.copy(c, C[bx * BLOCK_M, 0])


def reference(A, B):
    a, b = A.astype(np.float32), B.astype(np.float32)
    return {"C": np.maximum(a, b) - np.minimum(a, b)}
