"""FlashAttention's output update alone, over 4 K/V blocks: O = O * alpha_k + P_k @ V_k, alpha_k one
value per row (a column broadcast), O held in DST across the K/V loop and packed to a CB for the
rescale (the SDPA kernel's O update: mul_tiles_bcast_cols, then matmul_tiles accumulating onto it)."""

import numpy as np

from ttmigrate.frontend import T

M, SEQ, DIM = 128, 256, 64
BLOCK_M, BLOCK_N = 64, 64
NK = SEQ // BLOCK_N
# Inputs are uniform in [-1, 1): one block's P @ V sums 64 products, |P_k @ V_k| <= 8 in practice
# and |alpha| < 1 keeps |O| below that. O is rounded to bf16 when packed for each of the NK
# rescales and once when stored: (NK + 1) half-ulps (2^-9 relative) of 8.
TOLERANCE = {"atol": (NK + 1) * 2.0**-9 * 8, "rtol": 2.0**-7}  # O rounded to bf16 at each of NK rescales and once stored (see above)


@T.prim_func
def main(
    P: T.Tensor((M, SEQ), "bfloat16"),
    V: T.Tensor((SEQ, DIM), "bfloat16"),
    Alpha: T.Tensor((NK, M, 1), "bfloat16"),
    Out: T.Tensor((M, DIM), "bfloat16"),
):
    with T.Kernel(T.ceildiv(M, BLOCK_M), threads=128) as bx:
        P_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "bfloat16")
        V_shared = T.alloc_shared((BLOCK_N, DIM), "bfloat16")
        alpha = T.alloc_shared((BLOCK_M, 1), "bfloat16")
        acc_o = T.alloc_fragment((BLOCK_M, DIM), "float32")
        T.clear(acc_o)
        for k in T.Pipelined(NK, num_stages=1):
            T.copy(Alpha[k, bx * BLOCK_M, 0], alpha)
            for i, j in T.Parallel(BLOCK_M, DIM):
                acc_o[i, j] *= alpha[i, 0]
            T.copy(P[bx * BLOCK_M, k * BLOCK_N], P_shared)
            T.copy(V[k * BLOCK_N, 0], V_shared)
            T.gemm(P_shared, V_shared, acc_o)
        T.copy(acc_o, Out[bx * BLOCK_M, 0])


def reference(P, V, Alpha):
    o = np.zeros((M, DIM), np.float32)
    for k in range(NK):
        cols = slice(k * BLOCK_N, (k + 1) * BLOCK_N)
        o = o * Alpha[k] + P[:, cols].astype(np.float32) @ V[cols].astype(np.float32)
    return {"Out": o}
