"""``ttmigrate emit``: through click, and once through the installed entry point."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from ttmigrate.cli import main
from ttmigrate.emit import ARTIFACTS

_BAD_KERNEL = """
from ttmigrate.frontend import T

@T.prim_func
def main(A: T.Tensor((64, 64), "bfloat16"), C: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, C[by * 32, bx * 32])

def reference(A):
    return {"C": A}
"""


def test_emit_writes_the_five_artifacts(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["emit", "gemm_128", "--mode", "ir_driven", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(ARTIFACTS)
    assert "matmul_tiles(" in (tmp_path / "compute.cpp").read_text()


def test_emit_accepts_a_user_kernel_file(tmp_path: Path) -> None:
    kernel = tmp_path / "my_copy.py"
    kernel.write_text(_BAD_KERNEL)
    result = CliRunner().invoke(
        main, ["emit", str(kernel), "--mode", "ir_driven", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert "noc_async_write_page(" in (tmp_path / "out" / "writer.cpp").read_text()


def test_emit_reports_unsupported_kernels_as_one_clear_error(tmp_path: Path) -> None:
    from tests.emit.test_structure import _TRANSPOSE_A

    kernel = tmp_path / "gemm_transpose_a_64.py"
    kernel.write_text(_TRANSPOSE_A)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["emit", str(kernel), "--mode", "ir_driven", "--out", str(out)])
    assert result.exit_code == 1
    assert "Error: gemm_transpose_a_64: unsupported AttrStmt at main/" in result.output
    assert "transpose_A" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_emit_through_the_installed_entry_point(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("ttmigrate")
    done = subprocess.run(
        [str(exe), "emit", "add_256", "--mode", "template", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "main.cpp").read_text().count("SetRuntimeArgs(") == 3
