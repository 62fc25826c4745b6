"""Causal FlashAttention forward written with T.macro blocks, as tile-ai/tilelang's
examples/flash_attention writes it (MMA0, Softmax, Rescale, MMA1 with T.SharedBuffer /
T.FragmentBuffer parameters; the causal branch chosen in Python inside MMA0).

Single head: Q, K, V and O are (128, 64) bfloat16, 64x64 blocks.
"""

import numpy as np

from ttmigrate.frontend import T

SEQ, DIM = 128, 64
BLOCK_M, BLOCK_N = 64, 64
IS_CAUSAL = True
SCALE = (1.0 / DIM) ** 0.5 * 1.44269504  # log2(e) / sqrt(d)
DTYPE, ACCUM = "bfloat16", "float32"
TAGS = ("attention", "flash-attention", "online-softmax", "exp2", "causal", "if-then-else", "macro")
# as flash_fwd_128x64: bf16 P before P @ V and a bf16 store of |O| <= 1
TOLERANCE = {"atol": 0.02, "rtol": 0.02}  # bf16 output of two GEMMs around an online softmax (exp, row max/sum, rescale): roundings compound


@T.macro
def MMA0(
    K: T.Tensor((SEQ, DIM), DTYPE),
    Q_shared: T.SharedBuffer([BLOCK_M, DIM], DTYPE),
    K_shared: T.SharedBuffer([BLOCK_N, DIM], DTYPE),
    acc_s: T.FragmentBuffer([BLOCK_M, BLOCK_N], ACCUM),
    k: T.int32,
    bx: T.int32,
):
    T.copy(K[k * BLOCK_N : (k + 1) * BLOCK_N, :], K_shared)
    if IS_CAUSAL:
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            acc_s[i, j] = T.if_then_else(bx * BLOCK_M + i >= k * BLOCK_N + j, 0, -T.infinity(acc_s.dtype))
    else:
        T.clear(acc_s)
    T.gemm(Q_shared, K_shared, acc_s, transpose_B=True, policy=T.GemmWarpPolicy.FullRow)


@T.macro
def MMA1(
    V: T.Tensor((SEQ, DIM), DTYPE),
    V_shared: T.SharedBuffer([BLOCK_N, DIM], DTYPE),
    acc_s_cast: T.FragmentBuffer([BLOCK_M, BLOCK_N], DTYPE),
    acc_o: T.FragmentBuffer([BLOCK_M, DIM], ACCUM),
    k: T.int32,
):
    T.copy(V[k * BLOCK_N : (k + 1) * BLOCK_N, :], V_shared)
    T.gemm(acc_s_cast, V_shared, acc_o, policy=T.GemmWarpPolicy.FullRow)


@T.macro
def Softmax(
    acc_s: T.FragmentBuffer([BLOCK_M, BLOCK_N], ACCUM),
    acc_s_cast: T.FragmentBuffer([BLOCK_M, BLOCK_N], DTYPE),
    scores_max: T.FragmentBuffer([BLOCK_M], ACCUM),
    scores_max_prev: T.FragmentBuffer([BLOCK_M], ACCUM),
    scores_scale: T.FragmentBuffer([BLOCK_M], ACCUM),
    scores_sum: T.FragmentBuffer([BLOCK_M], ACCUM),
    logsum: T.FragmentBuffer([BLOCK_M], ACCUM),
):
    T.copy(scores_max, scores_max_prev)
    T.fill(scores_max, -T.infinity(ACCUM))
    T.reduce_max(acc_s, scores_max, dim=1, clear=False)
    for i in T.Parallel(BLOCK_M):
        scores_scale[i] = T.exp2(scores_max_prev[i] * SCALE - scores_max[i] * SCALE)
    for i, j in T.Parallel(BLOCK_M, BLOCK_N):
        acc_s[i, j] = T.exp2(acc_s[i, j] * SCALE - scores_max[i] * SCALE)
    T.reduce_sum(acc_s, scores_sum, dim=1)
    for i in T.Parallel(BLOCK_M):
        logsum[i] = logsum[i] * scores_scale[i] + scores_sum[i]
    T.copy(acc_s, acc_s_cast)


@T.macro
def Rescale(
    acc_o: T.FragmentBuffer([BLOCK_M, DIM], ACCUM),
    scores_scale: T.FragmentBuffer([BLOCK_M], ACCUM),
):
    for i, j in T.Parallel(BLOCK_M, DIM):
        acc_o[i, j] *= scores_scale[i]


@T.prim_func
def main(
    Q: T.Tensor((SEQ, DIM), DTYPE),
    K: T.Tensor((SEQ, DIM), DTYPE),
    V: T.Tensor((SEQ, DIM), DTYPE),
    Output: T.Tensor((SEQ, DIM), DTYPE),
):
    with T.Kernel(T.ceildiv(SEQ, BLOCK_M), threads=128) as bx:
        Q_shared = T.alloc_shared([BLOCK_M, DIM], DTYPE)
        K_shared = T.alloc_shared([BLOCK_N, DIM], DTYPE)
        V_shared = T.alloc_shared([BLOCK_N, DIM], DTYPE)
        O_shared = T.alloc_shared([BLOCK_M, DIM], DTYPE)
        acc_s = T.alloc_fragment([BLOCK_M, BLOCK_N], ACCUM)
        acc_s_cast = T.alloc_fragment([BLOCK_M, BLOCK_N], DTYPE)
        acc_o = T.alloc_fragment([BLOCK_M, DIM], ACCUM)
        scores_max = T.alloc_fragment([BLOCK_M], ACCUM)
        scores_max_prev = T.alloc_fragment([BLOCK_M], ACCUM)
        scores_scale = T.alloc_fragment([BLOCK_M], ACCUM)
        scores_sum = T.alloc_fragment([BLOCK_M], ACCUM)
        logsum = T.alloc_fragment([BLOCK_M], ACCUM)

        T.copy(Q[bx * BLOCK_M : (bx + 1) * BLOCK_M, :], Q_shared)
        T.fill(acc_o, 0)
        T.fill(logsum, 0)
        T.fill(scores_max, -T.infinity(ACCUM))

        loop_range = (
            T.min(T.ceildiv(SEQ, BLOCK_N), T.ceildiv((bx + 1) * BLOCK_M, BLOCK_N))
            if IS_CAUSAL
            else T.ceildiv(SEQ, BLOCK_N)
        )
        for k in T.Pipelined(loop_range, num_stages=1):
            MMA0(K, Q_shared, K_shared, acc_s, k, bx)
            Softmax(acc_s, acc_s_cast, scores_max, scores_max_prev, scores_scale, scores_sum, logsum)
            Rescale(acc_o, scores_scale)
            MMA1(V, V_shared, acc_s_cast, acc_o, k)
        for i, j in T.Parallel(BLOCK_M, DIM):
            acc_o[i, j] /= logsum[i]
        T.copy(acc_o, O_shared)
        T.copy(O_shared, Output[bx * BLOCK_M : (bx + 1) * BLOCK_M, :])


def reference(Q, K, V):
    q, k, v = (t.astype(np.float32) for t in (Q, K, V))
    scores = q @ k.T / np.sqrt(np.float32(DIM))
    scores = np.where(np.tril(np.ones((SEQ, SEQ), dtype=bool)), scores, -np.inf)
    p = np.exp(scores - scores.max(axis=1, keepdims=True))
    return {"Output": (p / p.sum(axis=1, keepdims=True)) @ v}
