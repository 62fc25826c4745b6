"""Shape errors are rejected when the kernel is built, with a message naming the file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ttmigrate.frontend import T

THIS_FILE = Path(__file__).resolve()


def line_of(marker: str) -> int:
    """The line of this file that carries ``marker`` (a trailing comment on the offending call)."""
    lines = [n for n, text in enumerate(THIS_FILE.read_text().splitlines(), start=1) if text.endswith(marker)]
    assert len(lines) == 1, f"marker {marker!r} must tag exactly one line"
    return lines[0]


def build_error(build: Callable[[], Any]) -> str:
    with pytest.raises(RuntimeError) as info:  # TVM raises DiagnosticError, a RuntimeError: checked below
        build()
    assert type(info.value).__name__ == "DiagnosticError"
    return str(info.value)


def assert_located(message: str, marker: str) -> None:
    assert f"--> {THIS_FILE}:{line_of(marker)}:" in message, message


def test_gemm_reduction_extents_disagree() -> None:
    def build() -> Any:
        @T.prim_func
        def main(A: T.Tensor((32, 16), "bfloat16")):
            with T.Kernel(1):
                A_s = T.alloc_shared((32, 16), "bfloat16")
                B_s = T.alloc_shared((32, 32), "bfloat16")
                C_l = T.alloc_fragment((32, 32), "float32")
                T.copy(A[0, 0], A_s)
                T.gemm(A_s, B_s, C_l)  # <- bad-gemm-k

        return main

    message = build_error(build)
    assert "T.gemm: reduction extents disagree: A (A_s) has K=16, B (B_s) has K=32" in message
    assert_located(message, "# <- bad-gemm-k")


def test_gemm_output_shape_disagrees() -> None:
    def build() -> Any:
        @T.prim_func
        def main(A: T.Tensor((32, 32), "bfloat16")):
            with T.Kernel(1):
                A_s = T.alloc_shared((32, 32), "bfloat16")
                B_s = T.alloc_shared((32, 64), "bfloat16")
                C_l = T.alloc_fragment((32, 32), "float32")
                T.copy(A[0, 0], A_s)
                T.gemm(A_s, B_s, C_l)  # <- bad-gemm-c

        return main

    message = build_error(build)
    assert "T.gemm: C (C_l) has shape (32, 32) but A x B is (32, 64)" in message
    assert_located(message, "# <- bad-gemm-c")


def test_gemm_transpose_flag_changes_what_fits() -> None:
    def build() -> Any:
        @T.prim_func
        def main(A: T.Tensor((32, 32), "bfloat16")):
            with T.Kernel(1):
                A_s = T.alloc_shared((32, 16), "bfloat16")
                B_s = T.alloc_shared((16, 64), "bfloat16")
                C_l = T.alloc_fragment((32, 64), "float32")
                T.copy(A[0, 0], A_s)
                T.gemm(A_s, B_s, C_l, transpose_B=True)  # <- bad-gemm-transpose

        return main

    message = build_error(build)
    assert "reduction extents disagree" in message and "K=16" in message and "K=64" in message
    assert_located(message, "# <- bad-gemm-transpose")


def test_gemm_operand_must_be_2d() -> None:
    def build() -> Any:
        @T.prim_func
        def main(A: T.Tensor((32,), "bfloat16")):
            with T.Kernel(1):
                A_s = T.alloc_shared((32,), "bfloat16")
                B_s = T.alloc_shared((32, 32), "bfloat16")
                C_l = T.alloc_fragment((32, 32), "float32")
                T.copy(A[0], A_s)
                T.gemm(A_s, B_s, C_l)  # <- bad-gemm-rank

        return main

    message = build_error(build)
    assert "T.gemm: operand A (A_s) must be 2-D, got shape (32,)" in message
    assert_located(message, "# <- bad-gemm-rank")


def test_copy_extents_do_not_fit() -> None:
    def build() -> Any:
        @T.prim_func
        def main(A: T.Tensor((64, 64), "bfloat16")):
            with T.Kernel(1):
                S = T.alloc_shared((32, 32), "bfloat16")
                F = T.alloc_fragment((32, 16), "bfloat16")
                T.copy(A[0, 0], S)
                T.copy(S, F)  # <- bad-copy-extents

        return main

    message = build_error(build)
    assert "T.copy: extents (32, 32) of S do not match (32, 16) of F" in message
    assert_located(message, "# <- bad-copy-extents")


def test_copy_tile_of_higher_rank_than_destination() -> None:
    def build() -> Any:
        @T.prim_func
        def main(A: T.Tensor((64,), "bfloat16")):
            with T.Kernel(1):
                S = T.alloc_shared((32, 32), "bfloat16")
                T.copy(S, A[0])  # <- bad-copy-rank

        return main

    message = build_error(build)
    assert "T.copy: a 2-D tile does not fit in A, which has rank 1" in message
    assert_located(message, "# <- bad-copy-rank")


def test_copy_between_two_tile_origins_has_no_extent() -> None:
    def build() -> Any:
        @T.prim_func
        def main(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
            with T.Kernel(1):
                T.copy(A[0, 0], B[0, 0])  # <- bad-copy-origins

        return main

    message = build_error(build)
    assert "both operands are tile origins" in message
    assert_located(message, "# <- bad-copy-origins")


def test_reduce_destination_shape_must_drop_the_dim() -> None:
    def build() -> Any:
        @T.prim_func
        def main(A: T.Tensor((32, 64), "float32")):
            with T.Kernel(1):
                X = T.alloc_fragment((32, 64), "float32")
                out = T.alloc_fragment((64,), "float32")
                T.copy(A[0, 0], X)
                T.reduce_sum(X, out, dim=1)  # <- bad-reduce-shape

        return main

    message = build_error(build)
    assert "T.reduce_sum: out has shape (64,), expected (32,)" in message
    assert_located(message, "# <- bad-reduce-shape")


def test_reduce_dim_out_of_range() -> None:
    def build() -> Any:
        @T.prim_func
        def main(A: T.Tensor((32, 64), "float32")):
            with T.Kernel(1):
                X = T.alloc_fragment((32, 64), "float32")
                out = T.alloc_fragment((32,), "float32")
                T.copy(A[0, 0], X)
                T.reduce_max(X, out, dim=2)  # <- bad-reduce-dim

        return main

    message = build_error(build)
    assert "T.reduce_max: dim=2 is out of range for X of shape (32, 64)" in message
    assert_located(message, "# <- bad-reduce-dim")


def test_unknown_construct_inside_kernel_is_located() -> None:
    def build() -> Any:
        @T.prim_func
        def main(A: T.Tensor((32, 32), "float32")):
            with T.Kernel(1):
                S = T.alloc_shared((32, 32), "float32")
                T.copy_async(A[0, 0], S)  # <- bad-unknown

        return main

    message = build_error(build)
    assert "unknown TileLang construct T.copy_async" in message
    assert_located(message, "# <- bad-unknown")
