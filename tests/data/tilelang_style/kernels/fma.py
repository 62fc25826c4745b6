"""D = A * B + C fused in one T.Parallel body, through shared tiles, with an in-place reference."""

import tilelang
import tilelang.language as T
import torch


def fma(M, N, block_M=32, block_N=32, dtype="bfloat16"):
    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype), D: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_N), dtype)
            B_shared = T.alloc_shared((block_M, block_N), dtype)
            C_shared = T.alloc_shared((block_M, block_N), dtype)
            D_local = T.alloc_fragment((block_M, block_N), dtype)
            T.copy(A[by * block_M, bx * block_N], A_shared)
            T.copy(B[by * block_M, bx * block_N], B_shared)
            T.copy(C[by * block_M, bx * block_N], C_shared)
            for i, j in T.Parallel(block_M, block_N):
                D_local[i, j] = A_shared[i, j] * B_shared[i, j] + C_shared[i, j]
            T.copy(D_local, D[by * block_M, bx * block_N])

    return main


def ref_program(A, B, C, D):
    D.copy_(torch.addcmul(C, A, B))


if __name__ == "__main__":
    kernel = tilelang.compile(fma(2048, 2048))
