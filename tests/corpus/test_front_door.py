"""The issue-15 root causes, one test each: every bad kernel is one KernelLoadError (or, for its
reference, one SimInputError) with file and line, never a segfault, a traceback from a later stage
or a silent exit. (Import-time hangs, exits and segfaults are isolated: tests/run/test_isolation.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from ttmigrate.corpus import KernelLoadError, load_kernel
from ttmigrate.emulate.harness import SimInputError, check_reference

GOOD = """\
import numpy as np

from ttmigrate.frontend import T

M, N = 64, 64
TAGS = ("eltwise",)


@T.prim_func
def main(
    A: T.Tensor((M, N), "bfloat16"),
    B: T.Tensor((M, N), "bfloat16"),
):
    with T.Kernel(T.ceildiv(N, 32), T.ceildiv(M, 32), threads=128) as (bx, by):
        S = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], S)
        T.copy(S, B[by * 32, bx * 32])


def reference(A):
    return {"B": A.astype(np.float32)}
"""

# name -> (edit of GOOD, line the error must name, text it must contain)
BAD: dict[str, tuple[tuple[str, str], int, str]] = {
    "none_alloc_extent_segfaulted_tvm": (
        ("T.alloc_shared((32, 32)", "T.alloc_shared((None, 32)"),
        15,
        "allocation extent None",
    ),
    "none_ceildiv_operand_segfaulted_tvm": (
        ("T.ceildiv(N, 32)", "T.ceildiv(N, None)"),
        14,
        "T.ceildiv: operand None",
    ),
    "tags_none": (('TAGS = ("eltwise",)', "TAGS = None"), 6, "TAGS is None"),
    "tolerance_string": (
        ('TAGS = ("eltwise",)', 'TAGS = ("eltwise",)\nTOLERANCE = "x"'),
        7,
        "TOLERANCE must be a dict",
    ),
    "tolerance_without_reason": (
        ('TAGS = ("eltwise",)', 'TAGS = ("eltwise",)\nTOLERANCE = {"atol": 0.5}'),
        7,
        "TOLERANCE needs its one-line reason",
    ),
    "tolerance_with_a_bare_comment": (
        ('TAGS = ("eltwise",)', 'TAGS = ("eltwise",)\nTOLERANCE = {"atol": 0.5}  # why'),
        7,
        "TOLERANCE needs its one-line reason",
    ),
    "dtype_keyerror_in_emit": (
        ('A: T.Tensor((M, N), "bfloat16")', 'A: T.Tensor((M, N), "int8")'),
        11,
        "dtype int8",
    ),
    # A 0-d parameter (here unused, so TVM's own indexing check never sees it) reached emit/attrs.
    "rank0_indexerror_in_attrs": (
        (
            'B: T.Tensor((M, N), "bfloat16"),',
            'B: T.Tensor((M, N), "bfloat16"),\n    Z: T.Tensor((), "bfloat16"),',
        ),
        13,
        "tensor Z is 0-dimensional",
    ),
    "grid_overflow": (("T.Kernel(T.ceildiv(N, 32)", "T.Kernel(2**31"), 14, "launch grid extent"),
    "negative_extent_was_emitted": (
        ("M, N = 64, 64", "M, N = -2048, 64"),
        11,
        "every extent must be positive",
    ),
    "zero_extent_was_emitted": (("M, N = 64, 64", "M, N = 0, 64"), 11, "every extent must be positive"),
    "huge_extent_was_emitted": (("M, N = 64, 64", "M, N = 2**31, 64"), 11, "more than int32 holds"),
    "size_over_int32": (("M, N = 64, 64", "M, N = 2**16, 2**15"), 11, "more than a 32-bit Metalium buffer"),
    "import_time_exit_stopped_the_run": (
        ("M, N = 64, 64", "M, N = 64, 64\nraise SystemExit(7)"),
        6,
        "exit(7)",
    ),
}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "fam" / f"{name}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_the_good_kernel_loads(tmp_path: Path) -> None:
    kernel = load_kernel(_write(tmp_path, "good", GOOD))
    assert kernel.tags == ("eltwise",) and [p.shape for p in kernel.params] == [(64, 64), (64, 64)]
    check_reference(kernel=kernel)


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_root_cause_is_one_error_with_file_and_line(tmp_path: Path, name: str) -> None:
    (old, new), line, text = BAD[name]
    assert old in GOOD
    path = _write(tmp_path, name, GOOD.replace(old, new, 1))
    with pytest.raises(KernelLoadError) as info:
        load_kernel(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert text in message
    assert "\n" not in message  # one message, not a traceback


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("return None", "returned NoneType; it must return a dict"),
        ("raise SystemExit(7)", "the reference called exit(7)"),
        ('raise ValueError("boom")', "the reference raised ValueError: boom"),
        ('return {"B": A, "extra": A}', "['extra'], which are not outputs"),
        ("return {}", "returned no 'B'"),
        ('return {"B": A[:1]}', "has shape (1, 64), expected (64, 64)"),
        ('return {"B": np.full((64, 64), np.nan)}', "4096 non-finite values"),
        ('return {"B": np.full((64, 64), "x")}', "dtype <U1; expected numbers"),
    ],
)
def test_the_reference_return_value_is_checked(tmp_path: Path, body: str, text: str) -> None:
    source = GOOD.replace('    return {"B": A.astype(np.float32)}', f"    {body}")
    path = _write(tmp_path, "ref", source)
    kernel = load_kernel(path)
    with pytest.raises(SimInputError) as info:
        check_reference(kernel=kernel)
    assert str(info.value).startswith(f"{path}:"), str(info.value)
    assert text in str(info.value)
