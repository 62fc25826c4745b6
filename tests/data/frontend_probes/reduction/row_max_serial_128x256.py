"""Running row max over column blocks: a T.serial loop of reduce_max(clear=False) from -inf."""

import numpy as np

from ttmigrate.frontend import T

M, N = 128, 256
BLOCK_M, BLOCK_N = 32, 64
TAGS = ("reduction", "row", "max", "clear-false", "serial", "keepdim")
# A max is one of the inputs: exact up to the final bf16 store of a bf16 value.
TOLERANCE = {"atol": 0.0, "rtol": 0.0}  # a max returns one of its bf16 inputs, exactly: no error is allowed


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    R: T.Tensor((M, 1), "bfloat16"),
):
    with T.Kernel(T.ceildiv(M, BLOCK_M), threads=128) as bx:
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        A_local = T.alloc_fragment((BLOCK_M, BLOCK_N), "float32")
        R_local = T.alloc_fragment((BLOCK_M,), "float32")
        T.fill(R_local, -T.infinity("float32"))
        for k in T.serial(N // BLOCK_N):
            T.copy(A[bx * BLOCK_M, k * BLOCK_N], A_shared)
            T.copy(A_shared, A_local)
            T.reduce_max(A_local, R_local, dim=1, clear=False)
        T.copy(R_local, R[bx * BLOCK_M : (bx + 1) * BLOCK_M, 0])


def reference(A):
    return {"R": A.astype(np.float32).max(axis=1, keepdims=True)}
