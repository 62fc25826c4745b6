"""Every T.Pipelined form TileLang 0.1.15 records differently, on a tiled copy B = A.

Rows 0-63: no stages (a plain serial loop); 64-127: [start, stop) with num_stages=2; 128-191: a
manual schedule (order, stage) without num_stages; 192-255: num_stages with order and stage.
"""

import numpy as np

from ttmigrate.frontend import T

M, N = 256, 32
BLOCK_M = 32
TAGS = ("pipelined", "copy", "num-stages", "pipeline-order")
TOLERANCE = {"atol": 0.0, "rtol": 0.0}  # a copy is exact


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    B: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(1, threads=128):
        S = T.alloc_shared((BLOCK_M, N), "bfloat16")
        for k in T.Pipelined(2):
            T.copy(A[k * BLOCK_M, 0], S)
            T.copy(S, B[k * BLOCK_M, 0])
        for k in T.Pipelined(2, 4, num_stages=2):
            T.copy(A[k * BLOCK_M, 0], S)
            T.copy(S, B[k * BLOCK_M, 0])
        for k in T.Pipelined(4, 6, order=[1, 0], stage=[0, 1]):
            T.copy(A[k * BLOCK_M, 0], S)
            T.copy(S, B[k * BLOCK_M, 0])
        for k in T.Pipelined(6, 8, num_stages=2, order=[0, 1], stage=[0, 0]):
            T.copy(A[k * BLOCK_M, 0], S)
            T.copy(S, B[k * BLOCK_M, 0])


def reference(A):
    return {"B": A.astype(np.float32)}
