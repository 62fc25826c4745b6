"""Issue 8 acceptance, end to end on real stages: a deliberately broken IR-driven change shows up as
`regressed` (or newly regressed against a baseline) for exactly the kernels it affects, with the root
cause named; `--baseline` marks them and writes the retry list.

The break: the IR-driven compute visitor swaps the operands of every binary tile operation and of
matmul_tiles. Addition is commutative (add_32 stays right), subtraction is not (sub_256 goes wrong),
and A@B != B@A (gemm_64, where the template is right, regresses).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ttmigrate.cli import main
from ttmigrate.emit.ir_driven.compute import ComputeVisitor
from ttmigrate.report import load_results
from ttmigrate.run.cache import StageCache
from ttmigrate.tt.contract import MatmulOp

KERNELS = ("gemm_64", "add_32", "sub_256")
CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _run(out: Path, *extra: str) -> Any:
    # In process: the break below is a monkeypatch, which isolated workers would not see.
    result = CliRunner().invoke(
        main, ["run", *KERNELS, "--in-process", "--corpus", str(CORPUS), "--out-dir", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    return load_results(out / "results.json")


def _swap_binary_operands(self: ComputeVisitor, op: str, lhs: Any, rhs: Any, *rest: Any) -> None:
    _original_binary(self, op, rhs, lhs, *rest)


def _swap_matmul_operands(self: ComputeVisitor, info: MatmulOp, node: Any) -> None:
    swapped = dataclasses.replace(info, in0=info.in1, in1=info.in0, in0_cb=info.in1_cb, in1_cb=info.in0_cb)
    _original_matmul(self, swapped, node)


_original_binary = ComputeVisitor._binary
_original_matmul = ComputeVisitor.visit_tt_matmul_intrinsic


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any, Path]:
    baseline_dir = tmp_path_factory.mktemp("baseline")
    baseline = _run(baseline_dir)
    broken_dir = tmp_path_factory.mktemp("broken")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ComputeVisitor, "_binary", _swap_binary_operands)
        patch.setattr(ComputeVisitor, "visit_tt_matmul_intrinsic", _swap_matmul_operands)
        # The stage cache is keyed by the package's files, which a monkeypatch leaves untouched: it is
        # off for this run (no result read from it, none stored). The emulator's object cache stays
        # on: it is keyed by each translation unit's text, so what the break changed is compiled and
        # the unchanged files (every template file, the IR-driven readers, writers and hosts) are not.
        patch.setattr(StageCache, "for_run", classmethod(lambda cls, **_: cls.disabled()))
        broken = _run(broken_dir, "--baseline", str(baseline_dir / "results.json"))
    return baseline, broken, broken_dir


def _by_name(results: Any) -> dict[str, Any]:
    return {k.name: k for k in results.kernels}


def test_baseline_is_what_the_emitters_do_today(runs: tuple[Any, Any, Path]) -> None:
    baseline = _by_name(runs[0])
    assert baseline["gemm_64"].category == "parity"
    assert baseline["add_32"].category == "improved"
    assert baseline["sub_256"].category == "improved"


def test_the_break_regresses_exactly_the_affected_kernels(runs: tuple[Any, Any, Path]) -> None:
    broken = _by_name(runs[1])
    assert broken["gemm_64"].category == "regressed"  # template right, IR-driven now wrong
    assert broken["gemm_64"].modes["ir_driven"].emulation.status == "wrong"
    assert broken["add_32"].category == "improved"  # a + b == b + a: unaffected
    assert broken["add_32"].modes["ir_driven"].emulation.status == "correct"
    assert broken["sub_256"].modes["ir_driven"].emulation.status == "wrong"
    assert broken["sub_256"].category == "both-wrong"  # the legacy template was never right here


def test_baseline_marks_them_newly_regressed_and_writes_the_retry_list(runs: tuple[Any, Any, Path]) -> None:
    _, broken, broken_dir = runs
    changes = {k.name: k.change for k in broken.kernels}
    assert changes["gemm_64"] == "newly-regressed"
    assert changes["sub_256"] == "newly-regressed"
    assert changes["add_32"] in (None, "unchanged")
    lines = (broken_dir / "retry-list.txt").read_text().splitlines()
    assert sorted(line for line in lines if not line.startswith("#")) == ["gemm_64", "sub_256"]


def test_the_root_cause_names_the_swapped_operands(runs: tuple[Any, Any, Path]) -> None:
    # The first differing event: the hardware start-up, whose operands the break swaps before any
    # matmul_tiles. The key is compare's typed edit (kind, API, changed operands) and holds no line or
    # CB number, so kernels with the same cause group together.
    gemm = _by_name(runs[1])["gemm_64"]
    assert (
        gemm.root_cause
        == "diff:compute.cpp:event:change:compute_kernel_hw_startup<SrcOrder::Reverse>:operand-0,operand-1"
    )
