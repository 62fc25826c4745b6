"""Element-wise C = A * B through shared tiles, with a NumPy reference (no torch in this file)."""

import argparse

import numpy as np
import tilelang
import tilelang.language as T


def elementwise_mul(M, N, block_M=32, block_N=32, dtype="bfloat16", threads=128):
    @T.prim_func
    def main(A: T.Buffer((M, N), dtype), B: T.Buffer((M, N), dtype), C: T.Buffer((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=threads) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_N), dtype)
            B_shared = T.alloc_shared((block_M, block_N), dtype)
            C_local = T.alloc_fragment((block_M, block_N), dtype)
            T.copy(A[by * block_M, bx * block_N], A_shared)
            T.copy(B[by * block_M, bx * block_N], B_shared)
            for i, j in T.Parallel(block_M, block_N):
                C_local[i, j] = A_shared[i, j] * B_shared[i, j]
            T.copy(C_local, C[by * block_M, bx * block_N])

    return main


def ref_program(A, B):
    return np.multiply(A, B)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=2048)
    args = parser.parse_args()
    kernel = tilelang.compile(elementwise_mul(args.size, args.size), out_idx=[2], target="cuda")
    kernel.get_profiler().assert_allclose(ref_program, rtol=0.01, atol=0.01)
