"""`snapshot impact` / `review` on real kernels: reordering two independent waits in the IR-driven
compute kernel is harmless for the numbers but moves the kernel from parity to diverged, and the
reviewer is told it blocks the flip. Nothing is written under the snapshot root."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ttmigrate.cli.snapshot import snapshot
from ttmigrate.report.categories import EQUIVALENT_LEVELS
from ttmigrate.report.model import Emulation
from ttmigrate.run import stages
from ttmigrate.run.impact import compute_impact, corpus_handles, requests_for
from ttmigrate.run.pipeline import Stages
from ttmigrate.snapshot.layout import repo_root
from ttmigrate.snapshot.pending import list_pending

KERNELS = ("gemm/gemm_128", "gemm/gemm_256")
SWAP = re.compile(r"( *cb_wait_front\(\w+, \w+\);\n)( *cb_wait_front\(\w+, \w+\);\n)")


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.fixture(scope="module")
def cache(shared_cache_dir: Path) -> Path:
    return shared_cache_dir  # the session's cache (tests/conftest.py), never the checkout


@pytest.fixture
def root(tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TTMIGRATE_CACHE_DIR", str(cache))
    root = tmp_path / "snapshots"
    for name in KERNELS:
        shutil.copytree(repo_root() / "snapshots" / name, root / name)
        compute = root / name / "ir_driven/compute.cpp"
        swapped, count = SWAP.subn(r"\2\1", compute.read_text(), count=1)
        assert count == 1
        (compute.parent / "compute.cpp.new").write_text(swapped)
    return root


def test_impact_names_the_category_change_and_the_gate(root: Path) -> None:
    before = _tree(root)
    result = CliRunner().invoke(snapshot, ["impact", "--json", "--root", str(root)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [k["family"] + "/" + k["kernel"] for k in data["kernels"]] == list(KERNELS)
    for item in data["kernels"]:
        assert item["error"] is None
        assert item["before"]["category"] == "parity" and item["after"]["category"] == "diverged"
        assert item["before"]["parity"] in EQUIVALENT_LEVELS and item["after"]["parity"] == "divergent"
        assert item["before"]["verdicts"]["ir_driven"] == item["after"]["verdicts"]["ir_driven"] == "correct"
        assert item["gate_change"] == "blocks the flip"
        assert item["headline"] == "parity → diverged: blocks the flip"
    assert data["totals"]["newly-blocking"] == 2
    assert _tree(root) == before  # impact never writes


def test_review_shows_one_group_with_each_members_impact(root: Path) -> None:
    result = CliRunner().invoke(snapshot, ["review", "--root", str(root)], input="r\n")
    assert result.exit_code == 0, result.output
    assert "group " in result.output and "2 identical changes to ir_driven/compute.cpp" in result.output
    assert "  - gemm/gemm_128: parity → diverged: blocks the flip" in result.output
    assert "0 accepted, 2 rejected, 0 skipped" in result.output
    assert not list(root.rglob("*.new"))


def test_hosts_are_compiled_in_one_batch_before_any_program_is_emulated(root: Path) -> None:
    """Each host would cost its own g++ (most of what a cold review waits for): the impact hands
    every program it will emulate to the host batch first, then emulates, kernels side by side."""
    events: list[tuple[str, list[str]]] = []

    def prebuild(programs: Sequence[Mapping[str, str]], jobs: int) -> None:
        events.append(("prebuild", [p["main.cpp"] for p in programs]))
        stages.prebuild_hosts(programs, jobs)

    def emulate(kernel: Any, mode: str, raw: Mapping[str, str]) -> Emulation:
        events.append(("emulate", [raw["main.cpp"]]))
        return stages.emulate(kernel, mode, raw)

    impacts = compute_impact(
        requests=requests_for(list_pending(root=root)),
        root=root,
        handles=corpus_handles(),
        stages=Stages(prebuild_hosts=prebuild, emulate=emulate),
        jobs=2,
    )
    assert [i.error for i in impacts] == [None, None]
    assert [i.after.category for i in impacts if i.after is not None] == ["diverged", "diverged"]
    kinds = [kind for kind, _ in events]
    assert kinds[0] == "prebuild" and kinds.count("prebuild") == 1
    # per kernel: ir_driven before and after (its compute changed), template once (shared)
    assert kinds.count("emulate") == 3 * len(KERNELS)
    prebuilt = events[0][1]
    assert all(host in prebuilt for kind, (host,) in events[1:])


@pytest.mark.parametrize("command", ["impact", "status", "review"])
def test_jobs_below_one_is_refused_before_any_work(root: Path, command: str) -> None:
    before = _tree(root)
    result = CliRunner().invoke(snapshot, [command, "--jobs", "0", "--root", str(root)])
    assert result.exit_code == 2
    assert "Invalid value for '-j' / '--jobs': 0 is not in the range x>=1." in result.output
    assert _tree(root) == before


def test_a_failing_host_batch_only_costs_its_head_start(root: Path) -> None:
    """The batch is an optimisation: when it fails, every kernel is still judged (its hosts compile
    with their programs) instead of the whole impact failing."""

    def prebuild(programs: Sequence[Mapping[str, str]], jobs: int) -> None:
        raise OSError("g++ vanished")

    impacts = compute_impact(
        requests=requests_for(list_pending(root=root)),
        root=root,
        handles=corpus_handles(),
        stages=Stages(prebuild_hosts=prebuild),
    )
    assert [i.error for i in impacts] == [None, None]
    assert [i.after.category for i in impacts if i.after is not None] == ["diverged", "diverged"]
