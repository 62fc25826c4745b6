"""C = A + bias[None, :]: a row vector broadcast over the rows of a tile."""

import tilelang
import tilelang.language as T
import torch


def bias_add(M, N, block_M=32, block_N=32, dtype="bfloat16"):
    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), bias: T.Tensor((N,), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_N), dtype)
            bias_shared = T.alloc_shared((block_N,), dtype)
            C_local = T.alloc_fragment((block_M, block_N), dtype)
            T.copy(A[by * block_M, bx * block_N], A_shared)
            T.copy(bias[bx * block_N], bias_shared)
            for i, j in T.Parallel(block_M, block_N):
                C_local[i, j] = A_shared[i, j] + bias_shared[j]
            T.copy(C_local, C[by * block_M, bx * block_N])

    return main


def ref_program(A, bias):
    return A + bias.unsqueeze(0)


if __name__ == "__main__":
    kernel = tilelang.compile(bias_add(4096, 4096), out_idx=-1)
    print(kernel.get_kernel_source())
