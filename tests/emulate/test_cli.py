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
