"""Element-wise C = A - B written at module level (no factory): a plain @T.prim_func named kernel."""

import tilelang.language as T
import torch

M, N = 128, 256
block_M, block_N = 32, 32


@T.prim_func
def sub_kernel(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32"), C: T.Tensor((M, N), "float32")):
    with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
        for i, j in T.Parallel(block_M, block_N):
            C[by * block_M + i, bx * block_N + j] = A[by * block_M + i, bx * block_N + j] - B[by * block_M + i, bx * block_N + j]


def ref_program(A, B):
    return torch.sub(A, B)
