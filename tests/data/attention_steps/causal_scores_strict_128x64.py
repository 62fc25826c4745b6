"""Strictly causal scores (the diagonal masked too), the condition written the other way round
(``col < row``), with a finite masked value so that the output can be compared element by element."""

import numpy as np

from ttmigrate.frontend import T

SEQ, DIM = 128, 64
BLOCK = 64
MASKED = -10000.0
TOLERANCE = {"atol": 0.05, "rtol": 2.0**-7}  # bf16 store of 64-long dot products (abs up to ~8): half an ulp there is 2^-5


@T.prim_func
def main(
    Q: T.Tensor((SEQ, DIM), "bfloat16"),
    K: T.Tensor((SEQ, DIM), "bfloat16"),
    S: T.Tensor((SEQ, SEQ), "bfloat16"),
):
    with T.Kernel(T.ceildiv(SEQ, BLOCK), T.ceildiv(SEQ, BLOCK), threads=128) as (bx, by):
        Q_shared = T.alloc_shared((BLOCK, DIM), "bfloat16")
        K_shared = T.alloc_shared((BLOCK, DIM), "bfloat16")
        acc = T.alloc_fragment((BLOCK, BLOCK), "float32")
        T.copy(Q[by * BLOCK, 0], Q_shared)
        T.copy(K[bx * BLOCK, 0], K_shared)
        for i, j in T.Parallel(BLOCK, BLOCK):
            acc[i, j] = T.if_then_else(bx * BLOCK + j < by * BLOCK + i, 0, T.float32(MASKED))
        T.gemm(Q_shared, K_shared, acc, transpose_B=True)
        T.copy(acc, S[by * BLOCK, bx * BLOCK])


def reference(Q, K):
    s = Q.astype(np.float32) @ K.astype(np.float32).T
    return {"S": np.where(np.tril(np.ones((SEQ, SEQ), dtype=bool), k=-1), s, s + np.float32(MASKED))}
