"""Orchestration on a synthetic pipeline: failure isolation, results.json, selection completeness,
baseline marks and the retry list. The stage functions here are stand-ins whose outcome depends on
the kernel name; the real stages run in test_integration.py."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from report.synthetic import ARTIFACTS, levels

from ttmigrate.config import Config
from ttmigrate.report import load_results
from ttmigrate.report.model import Emulation, Unsupported
from ttmigrate.run.pipeline import KernelInfo, Stages
from ttmigrate.run.runner import CorpusEntry, run
from ttmigrate.run.stages import Refused, snapshot_status


class Behaviour:
    """Per-kernel outcomes, changeable between runs (to produce a baseline diff)."""

    def __init__(self) -> None:
        self.ir_status: dict[str, str] = {}
        self.crash: set[str] = set()
        self.refuse: set[str] = set()
        self.bad_reference: set[str] = set()

    def stages(self) -> Stages:
        def emit(handle: Any, mode: str) -> dict[str, str]:
            if handle in self.crash and mode == "ir_driven":
                raise RuntimeError(f"visitor exploded on {handle}")
            if handle in self.refuse and mode == "ir_driven":
                raise Refused(Unsupported("T.Parallel", "For", "main/For(i)", f"{handle}: unsupported For"))
            return {a: f"// {mode} {handle} {a}\n" for a in ARTIFACTS}

        def emulate(handle: Any, mode: str, raw: Mapping[str, str]) -> Emulation:
            status = self.ir_status.get(handle, "correct") if mode == "ir_driven" else "correct"
            return Emulation(status=status, max_abs_err=0.0, pcc=1.0)

        def compare(left: Mapping[str, str], right: Mapping[str, str]) -> list:
            return levels("L3")

        def reference(handle: Any) -> None:
            if handle in self.bad_reference:
                raise ValueError("the reference returned None")

        return Stages(
            reference=reference,
            emit=emit,
            normalize=lambda raw: {k: v.strip() + "\n" for k, v in raw.items()},
            snapshot_status=snapshot_status,
            check=lambda artifacts: [],
            emulate=emulate,
            compare=compare,
        )


def _entries() -> list[CorpusEntry]:
    names = [("gemm", "gemm_256"), ("gemm", "gemm_384"), ("eltwise", "add_256"), ("reduce", "reduce_sum")]
    entries = [CorpusEntry(KernelInfo(n, f, f"corpus/{f}/{n}.py", "a" * 64, [f], handle=n)) for f, n in names]
    entries.append(
        CorpusEntry(
            KernelInfo("broken", "eltwise", "corpus/eltwise/broken.py", "b" * 64),
            broken="broken.py:3: NameError",
        )
    )
    return entries


def _run(
    tmp_path: Path,
    behaviour: Behaviour,
    *,
    selectors: list[str] | None = None,
    out: str = "out",
    baseline: Path | None = None,
):
    return run(
        selectors=selectors or [],
        out_dir=tmp_path / out,
        config=Config(path=tmp_path / "pyproject.toml"),
        snapshot_root=tmp_path / "snapshots",
        entries=_entries(),
        corpus_root=str(tmp_path),
        baseline=baseline,
        stages=behaviour.stages(),
    )


def test_one_kernel_failing_never_stops_the_run(tmp_path: Path) -> None:
    behaviour = Behaviour()
    behaviour.crash.add("gemm_384")
    behaviour.refuse.add("reduce_sum")
    behaviour.ir_status["add_256"] = "deadlock"
    outcome = _run(tmp_path, behaviour)
    results = load_results(outcome.results_path)
    assert {k.name: k.category for k in results.kernels} == {
        "gemm_256": "parity",
        "gemm_384": "error",
        "add_256": "regressed",
        "reduce_sum": "ir-unsupported",
        "broken": "error",
    }
    crashed = results.kernel("gemm_384")
    assert crashed is not None
    error = crashed.modes["ir_driven"].errors[0]
    assert (error.stage, error.kind) == ("emit", "RuntimeError")
    assert "visitor exploded on gemm_384" in error.log and "Traceback" in error.log
    assert error.site == "tests.run.test_runner:emit"
    assert crashed.root_cause is not None and crashed.root_cause.startswith("error:emit:RuntimeError@")
    broken = results.kernel("broken")
    assert broken is not None and broken.errors[0].stage == "corpus"
    assert results.meta.complete and results.meta.selection == []
    assert len(results.meta.corpus_hash) == 64 and results.meta.dependencies["numpy"]
    parity = results.kernel("gemm_256")
    assert parity is not None
    assert parity.modes["template"].artifacts["compute.cpp"] == "// template gemm_256 compute.cpp\n"
    assert parity.modes["template"].snapshot == {a: "new" for a in ARTIFACTS}
    assert set(parity.modes["ir_driven"].timings) == {"emit", "normalize", "snapshot", "check", "emulate"}


def test_a_bad_reference_is_one_kernel_error_and_skips_emulation(tmp_path: Path) -> None:
    behaviour = Behaviour()
    behaviour.bad_reference.add("add_256")
    results = load_results(_run(tmp_path, behaviour).results_path)
    bad = results.kernel("add_256")
    assert bad is not None and bad.category == "error"
    assert [(e.stage, e.message) for e in bad.all_errors()] == [("reference", "the reference returned None")]
    assert all(m.emulation is None and m.status == "emitted" for m in bad.modes.values())
    good = results.kernel("gemm_256")
    assert good is not None and good.category == "parity" and "reference" in good.timings


def test_snapshot_status_against_goldens(tmp_path: Path) -> None:
    folder = tmp_path / "snapshots" / "gemm" / "gemm_256" / "template"
    folder.mkdir(parents=True)
    (folder / "compute.cpp").write_text("// template gemm_256 compute.cpp\n")
    (folder / "reader.cpp").write_text("// an older reader\n")
    (folder / "extra.cpp").write_text("// no longer emitted\n")
    outcome = _run(tmp_path, Behaviour(), selectors=["gemm_256"])
    kernel = outcome.results.kernel("gemm_256")
    assert kernel is not None
    status = kernel.modes["template"].snapshot
    assert (status["compute.cpp"], status["reader.cpp"], status["writer.cpp"], status["extra.cpp"]) == (
        "match", "changed", "new", "missing",
    )  # fmt: skip


def test_a_selection_is_marked_incomplete(tmp_path: Path) -> None:
    outcome = _run(tmp_path, Behaviour(), selectors=["tag:gemm"])
    assert [k.name for k in outcome.results.kernels] == ["gemm_256", "gemm_384"]
    assert not outcome.results.meta.complete and outcome.results.meta.selection == ["tag:gemm"]


def test_baseline_marks_changes_and_the_retry_list_reruns_exactly_those(tmp_path: Path) -> None:
    behaviour = Behaviour()
    behaviour.ir_status["reduce_sum"] = "wrong"
    first = _run(tmp_path, behaviour, out="first")
    behaviour.ir_status = {"gemm_384": "wrong"}  # gemm_384 breaks, reduce_sum gets fixed
    second = _run(tmp_path, behaviour, out="second", baseline=first.results_path)
    data = json.loads(second.results_path.read_text())
    changes = {k["name"]: k["change"] for k in data["kernels"]}
    assert changes == {
        "gemm_256": None,
        "gemm_384": "newly-regressed",
        "add_256": None,
        "reduce_sum": "newly-fixed",
        "broken": None,
    }
    assert data["meta"]["baseline"] == str(first.results_path)
    assert second.retry_path == tmp_path / "second" / "retry-list.txt"
    retry = second.retry_path.read_text()
    assert [line for line in retry.splitlines() if not line.startswith("#")] == ["gemm_384", "reduce_sum"]
    third = _run(tmp_path, behaviour, out="third", selectors=[f"@{second.retry_path}"])
    assert [k.name for k in third.results.kernels] == ["gemm_384", "reduce_sum"]


def test_results_are_checkpointed_after_every_kernel(tmp_path: Path) -> None:
    seen: list[tuple[int, bool]] = []

    def on_kernel(_kernel: object) -> None:
        checkpoint = load_results(tmp_path / "out" / "results.json")
        seen.append((len(checkpoint.kernels), checkpoint.meta.complete))

    behaviour = Behaviour()
    run(
        selectors=[],
        out_dir=tmp_path / "out",
        config=Config(path=tmp_path / "pyproject.toml"),
        snapshot_root=tmp_path / "snapshots",
        entries=_entries(),
        corpus_root=str(tmp_path),
        stages=behaviour.stages(),
        on_kernel=on_kernel,
    )
    assert seen == [(1, False), (2, False), (3, False), (4, False), (5, False)]
    assert load_results(tmp_path / "out" / "results.json").meta.complete


def test_interrupt_keeps_finished_kernels(tmp_path: Path) -> None:
    behaviour = Behaviour()
    stages = behaviour.stages()

    def emit(handle: Any, mode: str) -> dict[str, str]:
        if handle == "add_256":
            raise KeyboardInterrupt
        return stages.emit(handle, mode)

    outcome = run(
        selectors=[],
        out_dir=tmp_path / "out",
        config=Config(path=tmp_path / "pyproject.toml"),
        snapshot_root=tmp_path / "snapshots",
        entries=_entries(),
        corpus_root=str(tmp_path),
        stages=Stages(**{**stages.__dict__, "emit": emit}),
    )
    assert outcome.interrupted
    saved = load_results(tmp_path / "out" / "results.json")
    assert (
        [k.name for k in saved.kernels]
        == [k.name for k in outcome.results.kernels]
        == ["gemm_256", "gemm_384"]
    )
    assert not saved.meta.complete and saved.meta.finished_at
