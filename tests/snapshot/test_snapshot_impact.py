"""`snapshot impact` / `review` on real kernels: reordering two independent waits in the IR-driven
compute kernel is harmless for the numbers but moves the kernel from parity to diverged, and the
reviewer is told it blocks the flip. Nothing is written under the snapshot root."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ttmigrate.cli.snapshot import snapshot
from ttmigrate.report.categories import EQUIVALENT_LEVELS
from ttmigrate.snapshot.layout import repo_root

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
