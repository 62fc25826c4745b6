"""GEMM 256^3 with a float32 residual epilogue: C = A @ B + R, bfloat16 A and B, float32 R and C.
The float32 accumulator leaves DST for the add through a Float32 intermediate CB (the packer
reconfigured for it), which the add copies back into the 32-bit DST exactly (UnpackToDestFp32)
next to R: a bfloat16 intermediate would round the partial sums to 8 bits, far outside float32."""

import numpy as np

from ttmigrate.frontend import T

M = N = K = 256
BLOCK_M = BLOCK_N = BLOCK_K = 32
TAGS = ("gemm", "epilogue", "residual", "block-32", "float32", "mixed-formats")


@T.prim_func
def main(
    A: T.Tensor((M, K), "bfloat16"),
    B: T.Tensor((K, N), "bfloat16"),
    R: T.Tensor((M, N), "float32"),
    C: T.Tensor((M, N), "float32"),
):
    with T.Kernel(T.ceildiv(N, BLOCK_N), T.ceildiv(M, BLOCK_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((BLOCK_M, BLOCK_K), "bfloat16")
        B_shared = T.alloc_shared((BLOCK_K, BLOCK_N), "bfloat16")
        R_shared = T.alloc_shared((BLOCK_M, BLOCK_N), "float32")
        C_local = T.alloc_fragment((BLOCK_M, BLOCK_N), "float32")
        T.clear(C_local)
        for k in T.Pipelined(T.ceildiv(K, BLOCK_K), num_stages=2):
            T.copy(A[by * BLOCK_M, k * BLOCK_K], A_shared)
            T.copy(B[k * BLOCK_K, bx * BLOCK_N], B_shared)
            T.gemm(A_shared, B_shared, C_local)
        T.copy(R[by * BLOCK_M, bx * BLOCK_N], R_shared)
        for i, j in T.Parallel(BLOCK_M, BLOCK_N):
            C_local[i, j] = C_local[i, j] + R_shared[i, j]
        T.copy(C_local, C[by * BLOCK_M, bx * BLOCK_N])


def reference(A, B, R):
    return {"C": A.astype(np.float32) @ B.astype(np.float32) + R.astype(np.float32)}
