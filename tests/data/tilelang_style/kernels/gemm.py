"""C = A @ B, the shape of TileLang's GEMM example: shared tiles, a pipelined K loop, a swizzle hint."""

import argparse

import tilelang
import tilelang.language as T
import torch


def matmul(M, N, K, block_M, block_N, block_K, dtype="bfloat16", accum_dtype="float", num_stages=2, threads=128):
    @T.prim_func
    def gemm(
        A: T.Tensor((M, K), dtype),
        B: T.Tensor((K, N), dtype),
        C: T.Tensor((M, N), dtype),
    ):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=threads) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), dtype)
            B_shared = T.alloc_shared((block_K, block_N), dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)

            T.use_swizzle(panel_size=10, enable=True)

            T.clear(C_local)
            for ko in T.Pipelined(T.ceildiv(K, block_K), num_stages=num_stages):
                T.copy(A[by * block_M, ko * block_K], A_shared)
                T.copy(B[ko * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local)

            T.copy(C_local, C[by * block_M, bx * block_N])

    return gemm


def ref_program(A, B):
    return A @ B


def main(argv=None):
    parser = argparse.ArgumentParser(description="TileLang GEMM")
    parser.add_argument("--M", type=int, default=8192)
    parser.add_argument("--N", type=int, default=8192)
    parser.add_argument("--K", type=int, default=8192)
    args = parser.parse_args(argv)
    func = matmul(args.M, args.N, args.K, 128, 128, 32)
    kernel = tilelang.compile(func, out_idx=[2])
    profiler = kernel.get_profiler(tensor_supply_type=tilelang.TensorSupplyType.Normal)
    profiler.assert_allclose(ref_program, rtol=1e-2, atol=1e-2)
    print("latency:", profiler.do_bench())


if __name__ == "__main__":
    main()
