"""Bad kernel files: each yields one clear KernelLoadError (file, line, message); the others still load."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ttmigrate.corpus import KernelLoadError, load_corpus, load_kernel, resolve_kernel

GOOD = """\
from ttmigrate.frontend import T


@T.prim_func
def main(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2, 2, threads=128) as (bx, by):
        S = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], S)
        T.copy(S, B[by * 32, bx * 32])


def reference(A):
    return {"B": A}
"""

# name -> (source, the 1-based line the error must point at or None, text the message must contain)
BAD: dict[str, tuple[str, int | None, str]] = {
    "syntax_error": (
        GOOD.replace("        T.copy(S, B[by * 32, bx * 32])", "        T.copy(S, B[by * 32, bx * 32)"),
        9,
        "SyntaxError",
    ),
    "unknown_name": (
        GOOD.replace("T.copy(A[by * 32, bx * 32], S)", "T.copy_async(A[by * 32, bx * 32], S)"),
        8,
        "unknown TileLang construct T.copy_async",
    ),
    "shape_mismatch": (
        GOOD.replace(
            "        T.copy(S, B[by * 32, bx * 32])",
            "        T.gemm(S, S, S)\n        T.copy(S, B[by * 32, bx * 32])",
        )
        .replace('S = T.alloc_shared((32, 32), "bfloat16")', 'S = T.alloc_shared((32, 16), "bfloat16")')
        .replace("T.copy(A[by * 32, bx * 32], S)", "T.copy(A[by * 32, bx * 32], S[0:32, 0:16])"),
        9,
        "T.gemm: reduction extents disagree",
    ),
    "copy_mismatch": (
        GOOD.replace("T.copy(S, B[by * 32, bx * 32])", "T.copy(S, B[0:16, 0:16])"),
        9,
        "T.copy: extents (32, 32) of S do not match (16, 16) of B",
    ),
    "no_main": (GOOD.replace("def main(", "def kernel("), None, "defines no `main` PrimFunc"),
    "undecorated_main": (GOOD.replace("@T.prim_func\n", ""), 4, "`main` is not a PrimFunc"),
    "no_reference": (GOOD.replace("def reference(A):", "def expected(A):"), None, "defines no `reference"),
    "reference_not_callable": (
        GOOD.replace('def reference(A):\n    return {"B": A}\n', "reference = None\n"),
        12,
        "`reference` is not a function",
    ),
    "import_time_error": (GOOD + "\nSCALE = 1 / 0\n", 15, "ZeroDivisionError: division by zero"),
}


def _write(root: Path, family: str, name: str, source: str) -> Path:
    path = root / family / f"{name}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source)
    return path


@pytest.fixture
def mixed_root(tmp_path: Path) -> Path:
    _write(tmp_path, "good", "copy_64", GOOD)
    for name, (source, _, _) in BAD.items():
        _write(tmp_path, "bad", name, source)
    _write(tmp_path, "good", "copy_64_again", GOOD)
    return tmp_path


def test_good_template_loads(tmp_path: Path) -> None:
    kernel = load_kernel(_write(tmp_path, "good", "copy_64", GOOD))
    assert (kernel.name, kernel.family, kernel.inputs, kernel.outputs) == ("copy_64", "good", ("A",), ("B",))


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_gives_one_located_error(tmp_path: Path, name: str) -> None:
    source, line, text = BAD[name]
    path = _write(tmp_path, "bad", name, source)
    result = load_corpus(tmp_path)
    assert result.kernels == []
    assert len(result.broken) == 1
    broken = result.broken[0]
    assert (broken.name, broken.family, broken.path) == (name, "bad", path)
    error = broken.error
    assert isinstance(error, KernelLoadError)
    assert error.path == path.resolve()
    assert error.line == line
    assert text in error.message
    assert "\n" not in error.message  # one line: no rendered source excerpt, no traceback
    where = f"{path.resolve()}:{line}" if line else str(path.resolve())
    assert str(error) == f"{where}: {error.message}"


@pytest.mark.parametrize("name", sorted(BAD))
def test_load_kernel_raises_the_same_error(tmp_path: Path, name: str) -> None:
    source, line, text = BAD[name]
    path = _write(tmp_path, "bad", name, source)
    with pytest.raises(KernelLoadError) as info:
        load_kernel(path)
    assert (info.value.path, info.value.line) == (path.resolve(), line)
    assert text in info.value.message


def test_bad_files_never_stop_the_others(mixed_root: Path) -> None:
    result = load_corpus(mixed_root)
    assert sorted(k.name for k in result.kernels) == ["copy_64", "copy_64_again"]
    assert sorted(b.name for b in result.broken) == sorted(BAD)
    assert all(b.error.path.parent == (mixed_root / "bad").resolve() for b in result.broken)


def test_files_starting_with_underscore_and_top_level_files_are_not_kernels(tmp_path: Path) -> None:
    _write(tmp_path, "good", "copy_64", GOOD)
    _write(tmp_path, "good", "_helpers", "raise RuntimeError('not a kernel')\n")
    (tmp_path / "README.py").write_text("raise RuntimeError('not a kernel')\n")
    result = load_corpus(tmp_path)
    assert [k.name for k in result.kernels] == ["copy_64"] and result.broken == []


def test_resolve_kernel_by_name_family_and_path(mixed_root: Path) -> None:
    assert resolve_kernel("copy_64", root=mixed_root).name == "copy_64"
    assert resolve_kernel("good/copy_64_again", root=mixed_root).name == "copy_64_again"
    path = mixed_root / "good" / "copy_64.py"
    assert resolve_kernel(str(path)).path == path.resolve()
    with pytest.raises(KernelLoadError, match="no corpus kernel of that name"):
        resolve_kernel("does_not_exist", root=mixed_root)
    with pytest.raises(KernelLoadError, match="unknown TileLang construct"):
        resolve_kernel("unknown_name", root=mixed_root)


def test_ambiguous_name_is_reported(tmp_path: Path) -> None:
    _write(tmp_path, "one", "same", GOOD)
    _write(tmp_path, "two", "same", GOOD)
    with pytest.raises(KernelLoadError, match="ambiguous kernel name"):
        resolve_kernel("same", root=tmp_path)
    assert resolve_kernel("two/same", root=tmp_path).family == "two"


def test_error_line_is_the_kernel_files_line_not_a_helper(tmp_path: Path) -> None:
    """A shape error raised deep inside the frontend still points at the kernel file's own line."""
    source = textwrap.dedent(
        """\
        from ttmigrate.frontend import T

        TILE = 32


        @T.prim_func
        def main(A: T.Tensor((64, 64), "bfloat16")):
            with T.Kernel(1) as bx:
                S = T.alloc_shared((TILE, TILE), "bfloat16")
                F = T.alloc_fragment((TILE, TILE // 2), "float32")
                T.copy(A[0, 0], S)

                T.copy(S, F)


        def reference(A):
            return {}
        """
    )
    path = _write(tmp_path, "bad", "deep", source)
    (broken,) = load_corpus(tmp_path).broken
    assert broken.error.path == path.resolve() and broken.error.line == 13
