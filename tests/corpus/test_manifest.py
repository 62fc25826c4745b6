"""Kernel manifests: entries, sweeps and autotune configs, the tilelang shim, references, staging."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest
import tvm

from ttmigrate.corpus import KernelLoadError
from ttmigrate.corpus.manifest import (
    ManifestError,
    derived_name,
    load_manifest,
    resolve_manifest_kernel,
)
from ttmigrate.corpus.stage_tiles import stage_global_tiles
from ttmigrate.frontend import T

ACCEPTANCE = Path(__file__).resolve().parents[1] / "data" / "tilelang_style"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip())
    return path


ADD = """
    import argparse
    import numpy as np
    import tilelang
    import tilelang.language as T
    from tilelang.carver.arch import CUDA

    RAN = []

    def add(M, N, block=32, dtype="float32"):
        @T.prim_func
        def main(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
            with T.Kernel(T.ceildiv(N, block), T.ceildiv(M, block), threads=128) as (bx, by):
                A_s = T.alloc_shared((block, block), dtype)
                B_s = T.alloc_shared((block, block), dtype)
                C_l = T.alloc_fragment((block, block), dtype)
                T.copy(A[by * block, bx * block], A_s)
                T.copy(B[by * block, bx * block], B_s)
                for i, j in T.Parallel(block, block):
                    C_l[i, j] = A_s[i, j] + B_s[i, j]
                T.copy(C_l, C[by * block, bx * block])
        return main

    def uses_carver(M, N):
        CUDA("cuda")

    def ref_program(A, B):
        return A + B

    def main():
        argparse.ArgumentParser().parse_args()
        RAN.append("main")
        raise SystemExit("the argparse main must never run")

    if __name__ == "__main__":
        raise SystemExit("the __main__ block must never run")
"""


def manifest(folder: Path, body: str) -> Path:
    return write(folder, "ttmigrate.toml", body)


def test_acceptance_manifest_loads_every_kernel_file(tmp_path: Path) -> None:
    load = load_manifest(ACCEPTANCE)
    assert not load.broken, [str(b.error) for b in load.broken]
    files = {k.path.name for k in load.kernels}
    assert len(files) >= 10
    names = [k.name for k in load.kernels]
    assert "elementwise_add_M64_N128" in names and "elementwise_add_M128_N256" in names  # [[kernel.params]]
    tuned = sorted(n for n in names if n.startswith("gemm_autotune_"))
    assert tuned == [
        "gemm_autotune_block_M32_num_stages1",
        "gemm_autotune_block_M32_num_stages2",
        "gemm_autotune_block_M64_num_stages2",
    ]  # the @autotune config list, one instance each, named by what differs
    gemm = next(k for k in load.kernels if k.name == "gemm_256")
    assert "use-swizzle" in gemm.tags and "manifest" in gemm.tags
    assert len({k.source_hash for k in load.kernels}) == len(names)  # instances of one file differ


def test_sweep_instances_get_their_arguments(tmp_path: Path) -> None:
    write(tmp_path, "k/add.py", ADD)
    path = manifest(
        tmp_path,
        """
        [[kernel]]
        name = "add"
        path = "k/add.py"
        factory = "add"
        args = { dtype = "float32" }
        reference = "ref_program"
        out_idx = -1
        [[kernel.params]]
        M = 32
        N = 64
        [[kernel.params]]
        M = 64
        N = 64
        """,
    )
    load = load_manifest(path)
    assert not load.broken
    shapes = {k.name: k.param("A").shape for k in load.kernels}
    assert shapes == {"add_M32": (32, 64), "add_M64": (64, 64)}
    module_ran = load.kernels[0].reference.func.__globals__["RAN"]
    assert module_ran == []  # neither main() nor the __main__ block ran


def test_reference_by_out_idx_and_in_place(tmp_path: Path) -> None:
    write(tmp_path, "k/add.py", textwrap.dedent(ADD) + "\n\ndef ref_inplace(A, B, C):\n    C[...] = A - B\n")
    path = manifest(
        tmp_path,
        """
        [[kernel]]
        name = "by_out_idx"
        path = "k/add.py"
        factory = "add"
        args = { M = 32, N = 32 }
        reference = "ref_program"
        out_idx = [2]

        [[kernel]]
        name = "in_place"
        path = "k/add.py"
        factory = "add"
        args = { M = 32, N = 32 }
        reference = "ref_inplace"
        """,
    )
    load = load_manifest(path)
    a, b = np.full((32, 32), 2.0, np.float32), np.full((32, 32), 0.5, np.float32)
    by_name = {k.name: k for k in load.kernels}
    assert by_name["by_out_idx"].reference.framework == "numpy"
    np.testing.assert_allclose(by_name["by_out_idx"].reference(A=a, B=b)["C"], a + b)
    np.testing.assert_allclose(by_name["in_place"].reference(A=a, B=b)["C"], a - b)


def test_bad_entries_are_named_and_do_not_stop_the_others(tmp_path: Path) -> None:
    write(tmp_path, "k/add.py", ADD)
    path = manifest(
        tmp_path,
        """
        [[kernel]]
        name = "good"
        path = "k/add.py"
        factory = "add"
        args = { M = 32, N = 32 }
        reference = "ref_program"
        out_idx = -1

        [[kernel]]
        name = "typo"
        path = "k/add.py"
        factory = "add"
        argz = { M = 32 }

        [[kernel]]
        name = "no_file"
        path = "k/missing.py"

        [[kernel]]
        name = "carver"
        path = "k/add.py"
        factory = "uses_carver"
        args = { M = 32, N = 32 }

        [[kernel]]
        name = "wrong_out_idx"
        path = "k/add.py"
        factory = "add"
        args = { M = 32, N = 32 }
        reference = "ref_program"
        out_idx = [0]

        [[kernel]]
        name = "good"
        path = "k/add.py"
        factory = "add"
        args = { M = 64, N = 32 }
        """,
    )
    load = load_manifest(path)
    assert [k.name for k in load.kernels] == ["good"]
    errors = {b.name: str(b.error) for b in load.broken}
    assert "unknown keys ['argz']" in errors["typo"] and f"{path}:10:" in errors["typo"]
    assert "no such kernel file" in errors["no_file"]
    # A tilelang module that only GPUs have imports fine; using it is one named error, at its line.
    assert "tilelang.carver.arch.CUDA() is not available in ttmigrate" in errors["carver"]
    assert "add.py:24:" in errors["carver"]  # the CUDA(...) call
    assert "out_idx names ['A'] but the kernel writes ['C']" in errors["wrong_out_idx"]
    assert "is used twice" in errors["good"]


def test_manifest_level_errors(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="not valid TOML"):
        load_manifest(manifest(tmp_path, "[[kernel]\n"))
    with pytest.raises(ManifestError, match=r"no \[\[kernel\]\] tables"):
        load_manifest(manifest(tmp_path, "title = 'x'\n".replace("title", "kernel") + "\n"))


def test_pyproject_table_and_module_level_prim_func(tmp_path: Path) -> None:
    write(
        tmp_path,
        "kernels/copy.py",
        """
        import tilelang.language as T
        import numpy as np

        @T.prim_func
        def copy_kernel(A: T.Buffer((64, 64), "bfloat16"), B: T.Buffer((64, 64), "bfloat16")):
            with T.Kernel(2, 2, threads=128) as (bx, by):
                S = T.alloc_shared((32, 32), "bfloat16")
                T.copy(A[by * 32, bx * 32], S)
                T.copy(S, B[by * 32, bx * 32])

        def ref(A):
            return np.array(A)
        """,
    )
    pyproject = write(
        tmp_path,
        "pyproject.toml",
        """
        [project]
        name = "mykernels"

        [[tool.ttmigrate.kernels]]
        name = "copy_64"
        path = "kernels/copy.py"
        reference = "ref"
        out_idx = [1]
        """,
    )
    kernel = resolve_manifest_kernel(pyproject, "copy_64")
    assert kernel.outputs == ("B",) and kernel.family == "copy"
    with pytest.raises(KernelLoadError, match="no kernel 'nope' in the manifest"):
        resolve_manifest_kernel(tmp_path, "nope")


def test_missing_reference_is_no_reference(tmp_path: Path) -> None:
    write(tmp_path, "k/add.py", ADD)
    path = manifest(
        tmp_path, '[[kernel]]\nname = "add"\npath = "k/add.py"\nfactory = "add"\nargs = { M = 32, N = 32 }\n'
    )
    (kernel,) = load_manifest(path).kernels
    assert kernel.no_reference == "the manifest names no reference"


def test_derived_names() -> None:
    assert derived_name("gemm", {"block_M": 64, "transpose_B": True, "dtype": "float16", "pad": False}) == (
        "gemm_block_M64_transpose_B_float16_no_pad"
    )


def _direct(M: int, N: int) -> object:
    @T.prim_func
    def main(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32"), C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, 32), T.ceildiv(M, 32), threads=128) as (bx, by):
            start_x = bx * 32
            start_y = by * 32
            for i, j in T.Parallel(32, 32):
                y = start_y + i
                x = start_x + j
                C[y, x] = A[y, x] * B[y, x]

    return main


def _tiled(M: int, N: int) -> object:
    @T.prim_func
    def main(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32"), C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, 32), T.ceildiv(M, 32), threads=128) as (bx, by):
            A_shared = T.alloc_shared((32, 32), "float32")
            B_shared = T.alloc_shared((32, 32), "float32")
            C_local = T.alloc_fragment((32, 32), "float32")
            T.copy(A[by * 32, bx * 32], A_shared)
            T.copy(B[by * 32, bx * 32], B_shared)
            for i, j in T.Parallel(32, 32):
                C_local[i, j] = A_shared[i, j] * B_shared[i, j]
            T.copy(C_local, C[by * 32, bx * 32])

    return main


def test_direct_global_indexing_is_staged_as_the_tile_form() -> None:
    staged, count = stage_global_tiles(_direct(64, 96))
    assert count == 1
    tvm.ir.assert_structural_equal(staged, _tiled(64, 96), map_free_vars=True)


def test_tile_form_and_unstageable_nests_are_left_alone() -> None:
    tiled = _tiled(64, 64)
    assert stage_global_tiles(tiled) == (tiled, 0)

    @T.prim_func
    def transposed(A: T.Tensor((64, 64), "float32"), C: T.Tensor((64, 64), "float32")):
        with T.Kernel(2, 2, threads=128) as (bx, by):
            for i, j in T.Parallel(32, 32):
                C[by * 32 + i, bx * 32 + j] = A[bx * 32 + j, by * 32 + i]

    assert stage_global_tiles(transposed)[1] == 0  # A is read across the loop order: not a tile copy


def test_tilelang_dtype_spellings() -> None:
    @T.prim_func
    def k(A: T.Tensor((32, 32), T.float16), B: T.Buffer((32, 32), "float")):
        with T.Kernel(1, threads=128) as bx:
            S = T.alloc_shared((32, 32), T.float16)
            F = T.alloc_fragment((32, 32), "float")
            T.copy(A[0, bx * 32], S)
            for i, j in T.Parallel(32, 32):
                F[i, j] = T.cast(S[i, j], "float")
            T.copy(F, B[0, bx * 32])

    assert [str(p.dtype) for p in k.params] == ["float16", "float32"]
