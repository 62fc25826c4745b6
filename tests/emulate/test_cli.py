"""`ttmigrate sim` end to end: corpus kernel -> emitter -> g++ -> emulated run -> verdict."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ttmigrate.cli import main
from ttmigrate.emulate import SIM_STATUSES


def test_sim_json_reports_the_template_gemm_correct(sim_cache: Path) -> None:
    args = ["sim", "gemm_256", "--mode", "template", "--json", "--cache-dir", str(sim_cache)]
    outcome = CliRunner().invoke(main, args)
    assert outcome.exit_code == 0, outcome.output
    data = json.loads(outcome.output)
    assert (data["kernel"], data["mode"], data["status"]) == ("gemm_256", "template", "correct")
    assert data["pcc"] > 0.999 and data["max_abs_err"] < 0.125


def test_sim_text_output_and_exit_status_follow_the_verdict(sim_cache: Path) -> None:
    # add_256 through the legacy template emitter: whatever the verdict, the exit status must say
    # whether it was correct and the first line must name it.
    outcome = CliRunner().invoke(
        main, ["sim", "add_256", "--mode", "template", "--cache-dir", str(sim_cache)]
    )
    first = outcome.output.splitlines()[0]
    status = first.rsplit(": ", 1)[1]
    assert first.startswith("add_256 [template]: ")
    assert status in SIM_STATUSES
    assert outcome.exit_code == (0 if status == "correct" else 1)


def test_sim_unknown_kernel_is_one_clear_error(sim_cache: Path) -> None:
    outcome = CliRunner().invoke(main, ["sim", "no_such_kernel", "--cache-dir", str(sim_cache)])
    assert outcome.exit_code == 1  # click.ClickException
    assert "no_such_kernel" in outcome.output and "Traceback" not in outcome.output


def test_sim_artifacts_runs_a_given_set_against_the_kernel_reference(sim_cache: Path, tmp_path: Path) -> None:
    out = tmp_path / "gemm"
    emitted = CliRunner().invoke(main, ["emit", "gemm_256", "--mode", "template", "--out", str(out)])
    assert emitted.exit_code == 0, emitted.output
    args = ["sim", "gemm_256", "--artifacts", str(out), "--json", "--cache-dir", str(sim_cache)]
    good = CliRunner().invoke(main, args)
    assert good.exit_code == 0, good.output
    assert json.loads(good.output)["status"] == "correct"
    # the same artifacts computing B·A instead of A·B (operands swapped; still a matmul under the
    # matmul init, so no configuration finding) no longer match the reference
    compute = (out / "compute.cpp").read_text(encoding="utf-8")
    assert compute.count("matmul_tiles(cb_in0, cb_in1, 0, 0, 0);") == 1
    (out / "compute.cpp").write_text(
        compute.replace("matmul_tiles(cb_in0, cb_in1, 0, 0, 0);", "matmul_tiles(cb_in1, cb_in0, 0, 0, 0);"),
        encoding="utf-8",
    )
    bad = CliRunner().invoke(main, args)
    assert bad.exit_code == 1
    assert json.loads(bad.output)["status"] == "wrong"


def test_sim_artifacts_folder_missing_is_one_json_error(sim_cache: Path, tmp_path: Path) -> None:
    args = ["sim", "gemm_256", "--artifacts", str(tmp_path / "none"), "--json", "--cache-dir", str(sim_cache)]
    outcome = CliRunner().invoke(main, args)
    assert outcome.exit_code == 1
    assert json.loads(outcome.output) == {
        "status": "error",
        "error": f"--artifacts {tmp_path / 'none'}: not a folder",
    }
