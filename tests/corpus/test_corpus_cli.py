"""`ttmigrate corpus list|show`, through click's runner and through the installed entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import tvm_ffi
from click.testing import CliRunner

from ttmigrate.cli import main as cli
from ttmigrate.corpus import kernel_files, load_kernel
from ttmigrate.frontend import parse_script

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

BAD = GOOD.replace("T.copy(A[by * 32, bx * 32], S)", "T.copy_async(A[by * 32, bx * 32], S)")  # line 8


def _write(root: Path, family: str, name: str, source: str) -> Path:
    path = root / family / f"{name}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source)
    return path


@pytest.fixture
def good_root(tmp_path: Path) -> Path:
    _write(tmp_path, "copy", "copy_a", GOOD)
    _write(tmp_path, "copy", "copy_b", GOOD)
    return tmp_path


@pytest.fixture
def mixed_root(good_root: Path) -> Path:
    _write(good_root, "broken", "uses_unknown_op", BAD)
    return good_root


def test_list_table_shows_status_and_shapes(good_root: Path) -> None:
    result = CliRunner().invoke(cli, ["corpus", "list", "--root", str(good_root)])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if "copy_" in line]
    assert len(rows) == 2
    for row in rows:
        assert "copy" in row and "A[64, 64], B[64, 64]" in row and "ok" in row
    assert "2 kernel files: 2 ok, 0 broken" in result.output


def test_list_broken_reports_file_and_line(mixed_root: Path) -> None:
    bad_path = (mixed_root / "broken" / "uses_unknown_op.py").resolve()
    result = CliRunner().invoke(cli, ["corpus", "list", "--root", str(mixed_root)])
    assert result.exit_code == 0, result.output  # broken kernels are listed, not fatal, without --strict
    (row,) = [line for line in result.output.splitlines() if "uses_unknown_op" in line]
    assert "broken" in row and f"{bad_path}:8" in row and "unknown TileLang construct T.copy_async" in row
    assert "3 kernel files: 2 ok, 1 broken" in result.output


def test_list_strict_fails_only_when_something_is_broken(good_root: Path) -> None:
    assert CliRunner().invoke(cli, ["corpus", "list", "--root", str(good_root), "--strict"]).exit_code == 0
    _write(good_root, "broken", "uses_unknown_op", BAD)
    result = CliRunner().invoke(cli, ["corpus", "list", "--root", str(good_root), "--strict"])
    assert result.exit_code == 1
    assert "uses_unknown_op" in result.output


def test_list_json(mixed_root: Path) -> None:
    result = CliRunner().invoke(cli, ["corpus", "list", "--root", str(mixed_root), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    by_name = {r["name"]: r for r in rows}
    assert set(by_name) == {"copy_a", "copy_b", "uses_unknown_op"}
    ok = by_name["copy_a"]
    assert (ok["family"], ok["status"], ok["inputs"], ok["outputs"]) == ("copy", "ok", ["A"], ["B"])
    assert ok["params"] == [
        {"name": "A", "shape": [64, 64], "dtype": "bfloat16"},
        {"name": "B", "shape": [64, 64], "dtype": "bfloat16"},
    ]
    broken = by_name["uses_unknown_op"]
    assert (broken["family"], broken["status"]) == ("broken", "broken")
    assert broken["error"]["line"] == 8
    assert broken["error"]["path"] == str((mixed_root / "broken" / "uses_unknown_op.py").resolve())
    assert "unknown TileLang construct T.copy_async" in broken["error"]["message"]


def test_list_default_root_is_the_project_corpus() -> None:
    result = CliRunner().invoke(cli, ["corpus", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    # One row per kernel file of the project's corpus (the files themselves, not a second load of
    # all of them: the command has just loaded each one, and its row says how that went).
    files = kernel_files()
    assert sorted(r["path"] for r in rows) == sorted(str(p.resolve()) for p in files)
    assert len(rows) == len(files) >= 40
    assert all(r["status"] == "ok" for r in rows)


def test_list_missing_root_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["corpus", "list", "--root", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_show_prints_parseable_tvmscript(good_root: Path) -> None:
    result = CliRunner().invoke(cli, ["corpus", "show", "copy_a", "--root", str(good_root)])
    assert result.exit_code == 0, result.output
    kernel = load_kernel(good_root / "copy" / "copy_a.py")
    assert kernel.main.script() in result.output
    assert tvm_ffi.structural_equal(parse_script(result.output), kernel.main)


def test_show_by_path_and_by_family_name(good_root: Path) -> None:
    path = good_root / "copy" / "copy_b.py"
    by_path = CliRunner().invoke(cli, ["corpus", "show", str(path)])
    by_name = CliRunner().invoke(cli, ["corpus", "show", "copy/copy_b", "--root", str(good_root)])
    assert by_path.exit_code == 0 and by_name.exit_code == 0
    assert by_path.output == by_name.output
    assert "T.tl.tileop.copy" in by_path.output


def test_show_broken_or_unknown_kernel_fails_with_location(mixed_root: Path) -> None:
    broken = CliRunner().invoke(cli, ["corpus", "show", "uses_unknown_op", "--root", str(mixed_root)])
    assert broken.exit_code == 1
    assert f"{(mixed_root / 'broken' / 'uses_unknown_op.py').resolve()}:8" in broken.output
    unknown = CliRunner().invoke(cli, ["corpus", "show", "no_such_kernel", "--root", str(mixed_root)])
    assert unknown.exit_code == 1
    assert "no corpus kernel of that name" in unknown.output


def test_installed_entry_point(mixed_root: Path) -> None:
    """The real `ttmigrate` console script of this virtualenv, in a subprocess."""
    exe = Path(sys.executable).with_name("ttmigrate")
    assert exe.is_file(), f"no installed entry point next to {sys.executable}"
    listed = subprocess.run(
        [str(exe), "corpus", "list", "--root", str(mixed_root), "--json", "--strict"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert listed.returncode == 1, listed.stderr
    statuses = {r["name"]: r["status"] for r in json.loads(listed.stdout)}
    assert statuses == {"copy_a": "ok", "copy_b": "ok", "uses_unknown_op": "broken"}
    shown = subprocess.run(
        [str(exe), "corpus", "show", "gemm_128"], capture_output=True, text=True, timeout=300, check=False
    )
    assert shown.returncode == 0, shown.stderr
    assert 'T.thread_binding(4, thread="blockIdx.x")' in shown.stdout
    assert "T.tl.tileop.gemm(" in shown.stdout
