"""Degenerate: a kernel whose launch block holds only allocations and never touches its tensors.

It reads nothing and writes nothing, so it has no inputs and no outputs; the reference is empty.
"""

from ttmigrate.frontend import T

M = N = 32
TAGS = ("degenerate", "empty")


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    B: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(1, threads=128) as bx:
        A_shared = T.alloc_shared((M, N), "bfloat16")
        B_local = T.alloc_fragment((M, N), "float32")


def reference():
    return {}
