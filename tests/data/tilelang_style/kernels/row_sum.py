"""Row sums S[i] = sum_j A[i, j] with T.reduce_sum over a fragment; NumPy reference."""

import numpy as np
import tilelang
import tilelang.language as T


def row_sum(M, N, block_M=32, dtype="bfloat16", accum_dtype="float"):
    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), S: T.Tensor((M,), dtype)):
        with T.Kernel(T.ceildiv(M, block_M), threads=128) as bx:
            A_shared = T.alloc_shared((block_M, N), dtype)
            A_local = T.alloc_fragment((block_M, N), accum_dtype)
            S_local = T.alloc_fragment((block_M,), accum_dtype)
            T.copy(A[bx * block_M, 0], A_shared)
            T.copy(A_shared, A_local)
            T.reduce_sum(A_local, S_local, dim=1)
            T.copy(S_local, S[bx * block_M])

    return main


def ref_program(A):
    return A.astype(np.float32).sum(axis=1)


if __name__ == "__main__":
    tilelang.compile(row_sum(1024, 1024), out_idx=[1]).get_profiler().assert_allclose(ref_program)
