"""The single-kernel commands and the snapshot workflow on a manifest kernel (real emitters, g++,
emulator), on a copy of two acceptance kernels in a temporary folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ttmigrate.cli import main

ACCEPTANCE = Path(__file__).resolve().parents[1] / "data" / "tilelang_style"
MANIFEST = """
[[kernel]]
name = "mul_64"
path = "kernels/elementwise_mul.py"
factory = "elementwise_mul"
args = { M = 64, N = 64 }
reference = "ref_program"
out_idx = [2]

[[kernel]]
name = "add_64"
path = "kernels/elementwise_add.py"
factory = "elementwise_add"
args = { M = 64, N = 64, block_M = 32, block_N = 32 }
"""


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("CI", raising=False)
    for name in ("elementwise_mul.py", "elementwise_add.py"):
        (tmp_path / "kernels").mkdir(exist_ok=True)
        shutil.copy(ACCEPTANCE / "kernels" / name, tmp_path / "kernels" / name)
    (tmp_path / "ttmigrate.toml").write_text(MANIFEST)
    return tmp_path


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def cli_stdout(*args: str) -> tuple[int, str]:
    """Exit code and standard output alone (progress lines go to stderr)."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout


def test_emit_check_diff_sim_take_a_manifest_kernel(project: Path) -> None:
    manifest = str(project / "ttmigrate.toml")
    code, out = cli(
        "emit", "--manifest", manifest, "mul_64", "--mode", "ir_driven", "--out", str(project / "out")
    )
    assert code == 0, out
    assert {p.name for p in (project / "out").iterdir()} >= {"reader.cpp", "compute.cpp", "main.cpp"}
    assert "mul_tiles" in (project / "out" / "compute.cpp").read_text()
    code, out = cli("check", "--manifest", manifest, "mul_64", "--mode", "ir_driven", "--json")
    assert code == 0, out
    code, out = cli("diff", "--manifest", manifest, "mul_64", "--json")
    assert code == 0 and json.loads(out)["kernel"] == "mul_64", out
    code, out = cli("sim", "--manifest", manifest, "mul_64", "--mode", "ir_driven", "--json")
    assert code == 0 and json.loads(out)["status"] == "correct", out
    # No reference named: it runs, and is never called correct.
    code, out = cli("sim", "--manifest", manifest, "add_64", "--mode", "ir_driven", "--json")
    result = json.loads(out)
    assert code == 1 and result["status"] == "no-reference", out
    assert "the manifest names no reference" in result["detail"]
    code, out = cli(
        "emit", "--manifest", manifest, "mul_65", "--mode", "ir_driven", "--out", str(project / "x")
    )
    assert code == 1 and "no kernel 'mul_65' in the manifest (it has: add_64, mul_64)" in out


def test_snapshot_workflow_on_manifest_goldens_beside_the_manifest(project: Path) -> None:
    manifest = str(project / "ttmigrate.toml")
    code, out = cli("snapshot", "status", "--manifest", manifest, "--write-pending")
    assert code == 0, out
    assert "new       elementwise_mul/mul_64 [ir_driven]" in out
    code, out = cli("snapshot", "accept", "mul_*", "--manifest", manifest)
    assert code == 0 and "change(s) accepted" in out, out
    assert (project / "snapshots" / "elementwise_mul" / "mul_64" / "ir_driven" / "compute.cpp").is_file()
    code, out = cli_stdout("snapshot", "status", "--manifest", manifest, "--json")
    states = {(k["kernel"], k["mode"]): k["state"] for k in json.loads(out)["folders"]}
    assert states[("mul_64", "ir_driven")] == "unchanged" and states[("add_64", "ir_driven")] == "new"
