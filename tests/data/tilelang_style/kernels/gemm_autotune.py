"""A GEMM with an autotune config list: each config becomes one kernel instance of the sweep."""

import argparse
import itertools

import tilelang
import tilelang.language as T
import torch
from tilelang.autotuner import AutoTuner, autotune


def get_configs():
    block_M = [32, 64]
    num_stages = [1, 2]
    return [
        {"block_M": bm, "block_N": 32, "block_K": 32, "num_stages": ns}
        for bm, ns in itertools.product(block_M, num_stages)
        if (bm, ns) != (64, 1)
    ]


@autotune(configs=get_configs(), warmup=3, rep=20)
@tilelang.jit(out_idx=[-1])
def matmul(M, N, K, block_M=64, block_N=64, block_K=32, num_stages=2, dtype="bfloat16", accum_dtype="float"):
    @T.prim_func
    def main(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), dtype)
            B_shared = T.alloc_shared((block_K, block_N), dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(C_local)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=num_stages):
                T.copy(A[by * block_M, k * block_K], A_shared)
                T.copy(B[k * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local)
            T.copy(C_local, C[by * block_M, bx * block_N])

    return main


def ref_program(A, B):
    return (A.float() @ B.float()).to(torch.float32)


def tune(M, N, K):
    tuner = AutoTuner.from_kernel(kernel=matmul, configs=get_configs()).set_compile_args(out_idx=[-1])
    return tuner.run(warmup=3, rep=20)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--m", type=int, default=4096)
    args = parser.parse_args()
    print(tune(args.m, args.m, args.m).config)
