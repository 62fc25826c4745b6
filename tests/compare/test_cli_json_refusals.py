"""`sim`, `check` and `diff` with --json print exactly one JSON object for a kernel the lowering or
an emitter refuses: `unsupported`, the named construct and its location (real lowering, real
emitter, on probe kernels the pipeline does not support yet)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ttmigrate.cli import main

PROBES = Path(__file__).resolve().parents[1] / "data" / "frontend_probes"
LOWERING_REFUSED = PROBES / "eltwise" / "max_min_128.py"  # T.min of two tensors: no tile operator yet
EMITTER_REFUSED = PROBES / "cast" / "cast_bf16_f32_128.py"  # a tile DST no longer holds is written out

COMMANDS = {
    "sim": ["sim", "--mode", "ir_driven", "--json"],
    "check": ["check", "--mode", "ir_driven", "--json"],
    "diff": ["diff", "--json"],
}


def _one_object(stdout: str) -> dict[str, object]:
    document = json.loads(stdout)  # raises on anything but exactly one JSON document
    assert isinstance(document, dict)
    return document


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_kernel_the_lowering_refuses_is_one_unsupported_object(command: str) -> None:
    args = COMMANDS[command]
    result = CliRunner().invoke(main, [args[0], str(LOWERING_REFUSED), *args[1:]])
    assert result.exit_code == 1, result.output
    document = _one_object(result.stdout)
    assert document["status"] == "unsupported" and document["stage"] == "lowering"
    assert document["kernel"] == "max_min_128"
    assert document["construct"] == "unsupported-eltwise-op"
    assert str(document["location"]).endswith("max_min_128.py:31")  # the T.min line of the kernel file
    (construct,) = document["constructs"]  # type: ignore[misc]
    assert "Min" in construct["message"] and construct["ir_path"].startswith("main/")


@pytest.mark.parametrize("command", ["sim", "check"])
def test_a_kernel_the_emitter_refuses_names_the_construct_and_its_ir_location(command: str) -> None:
    args = COMMANDS[command]
    result = CliRunner().invoke(main, [args[0], str(EMITTER_REFUSED), *args[1:]])
    assert result.exit_code == 1, result.output
    document = _one_object(result.stdout)
    assert (document["status"], document["stage"], document["mode"]) == (
        "unsupported",
        "ir_driven emitter",
        "ir_driven",
    )
    assert "write of wide" in str(document["construct"])
    assert str(document["location"]).startswith("main/") and "tt.copy" in str(document["location"])


def test_a_kernel_that_does_not_exist_is_one_error_object() -> None:
    result = CliRunner().invoke(main, ["diff", "no_such_kernel_anywhere", "--json"])
    assert result.exit_code == 1
    document = _one_object(result.stdout)
    assert document["status"] == "error" and "no corpus kernel" in str(document["error"])


def test_without_json_the_refusal_is_one_error_line_not_a_traceback() -> None:
    result = CliRunner().invoke(main, ["check", str(LOWERING_REFUSED), "--mode", "ir_driven"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "unsupported-eltwise-op" in result.output and "Traceback" not in result.output
