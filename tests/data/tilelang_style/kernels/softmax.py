"""Row softmax: reduce_max, exp, reduce_sum and a divide, all on one fragment."""

import tilelang
import tilelang.language as T
import torch


def softmax(M, N, block_M=32, dtype="bfloat16", accum_dtype="float32"):
    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, block_M), threads=128) as bx:
            X_shared = T.alloc_shared((block_M, N), dtype)
            X_local = T.alloc_fragment((block_M, N), accum_dtype)
            row_max = T.alloc_fragment((block_M,), accum_dtype)
            row_sum = T.alloc_fragment((block_M,), accum_dtype)
            T.copy(X[bx * block_M, 0], X_shared)
            T.copy(X_shared, X_local)
            T.reduce_max(X_local, row_max, dim=1, clear=True)
            for i, j in T.Parallel(block_M, N):
                X_local[i, j] = T.exp(X_local[i, j] - row_max[i])
            T.reduce_sum(X_local, row_sum, dim=1)
            for i, j in T.Parallel(block_M, N):
                X_local[i, j] = X_local[i, j] / row_sum[i]
            T.copy(X_local, Y[bx * block_M, 0])

    return main


def ref_program(X):
    return torch.softmax(X, dim=1)


if __name__ == "__main__":
    tilelang.compile(softmax(4096, 256), out_idx=[1]).get_profiler().assert_allclose(ref_program, atol=1e-2, rtol=1e-2)
