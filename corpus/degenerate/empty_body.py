"""Degenerate: a launch with an empty body (`pass`): no allocations, no reads, no writes."""

from ttmigrate.frontend import T

TAGS = ("degenerate", "empty")


@T.prim_func
def main(A: T.Tensor((32, 32), "bfloat16")):
    with T.Kernel(1, threads=128) as bx:
        pass


def reference():
    return {}
