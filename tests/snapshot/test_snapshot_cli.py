"""``ttmigrate snapshot`` commands on a recorded source and a temporary snapshot tree."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from fake_source import ENV, kernel_entry, write_source

from ttmigrate.cli.snapshot import snapshot

SOURCE = "fake_source:make_source"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv(ENV, str(tmp_path / "source.json"))
    write_source(
        tmp_path / "source.json",
        [kernel_entry("gemm_a"), kernel_entry("gemm_b", ir_unsupported="no T.reduce")],
    )
    return tmp_path


def run(tree: Path, *args: str, ok: bool = True) -> str:
    extra = ["--source", SOURCE] if args[0] in ("status", "prune") else []
    result = CliRunner().invoke(snapshot, [*args, *extra, "--root", str(tree / "snapshots")])
    assert (result.exit_code == 0) == ok, result.output
    return result.output


def test_status_accept_cycle(tree: Path) -> None:
    out = run(tree, "status", "--check", ok=False)
    assert "new       gemm/gemm_a [template]" in out
    assert "total: 4 new, 0 changed, 0 unchanged, 0 orphaned, 0 error" in out
    run(tree, "status", "--write-pending")
    pending = json.loads(run(tree, "pending", "--json"))
    assert len(pending) == 16  # 3 x 5 artifacts + 1 UNSUPPORTED
    unsupported = next(p for p in pending if p["artifact"] == "UNSUPPORTED")
    assert re.fullmatch(r"[0-9a-f]{10}", unsupported.pop("group"))
    assert unsupported == {
        "golden": "gemm/gemm_b/ir_driven/UNSUPPORTED",
        "pending": "gemm/gemm_b/ir_driven/UNSUPPORTED.new",
        "family": "gemm",
        "kernel": "gemm_b",
        "mode": "ir_driven",
        "artifact": "UNSUPPORTED",
        "kind": "new",
        "summary": "new golden, 1 lines",
        "supersedes": [],
        "source_sha256": "ab" * 32,
    }
    assert "5 change(s) accepted" in run(tree, "accept", "gemm_a", "--mode", "template")
    assert "1 change(s) accepted" in run(tree, "accept", "gemm_*", "--artifact", "UNSUPPORTED")
    assert "1 change(s) rejected" in run(tree, "reject", "gemm_b", "--artifact", "main.cpp")
    out = run(tree, "status", "--json")
    states = {(f["kernel"], f["mode"]): f["state"] for f in json.loads(out)["folders"]}
    assert states == {
        ("gemm_a", "template"): "unchanged",
        ("gemm_a", "ir_driven"): "new",
        ("gemm_b", "template"): "new",
        ("gemm_b", "ir_driven"): "unchanged",
    }
    assert "9 change(s) accepted" in run(tree, "accept")
    assert "total: 0 new, 1 changed, 3 unchanged" in run(tree, "status")  # gemm_b main.cpp was rejected
    run(tree, "status", "--write-pending")
    run(tree, "accept")
    run(tree, "status", "--check")
    golden = (tree / "snapshots/gemm/gemm_b/ir_driven/UNSUPPORTED").read_text()
    assert golden.endswith("\n\nno T.reduce\n")


def test_kernel_becoming_supported_and_orphans(tree: Path) -> None:
    run(tree, "status", "--write-pending")
    run(tree, "accept")
    write_source(tree / "source.json", [kernel_entry("gemm_b")])  # gemm_a deleted, gemm_b now supported
    out = run(tree, "status")
    assert (
        "changed   gemm/gemm_b [ir_driven] reader.cpp, compute.cpp, writer.cpp, main.cpp, tt.plan.json, UNSUPPORTED"
        in out
    )
    assert "orphaned  gemm/gemm_a/template/reader.cpp (no kernel gemm/gemm_a in the corpus)" in out
    run(tree, "status", "--write-pending")
    review = CliRunner().invoke(snapshot, ["review", "--root", str(tree / "snapshots")], input="a\nA\n")
    assert review.exit_code == 0, review.output
    assert "[1/5] kernel gemm/gemm_b  mode ir_driven  artifact compute.cpp" in review.output
    assert "new golden, 7 lines; replaces UNSUPPORTED" in review.output
    assert "5 accepted, 0 rejected, 0 skipped" in review.output
    assert not (tree / "snapshots/gemm/gemm_b/ir_driven/UNSUPPORTED").exists()
    assert "would delete gemm/gemm_a/template/reader.cpp" in run(tree, "prune", "--dry-run")
    assert "10 orphan(s) deleted" in run(tree, "prune")
    assert not (tree / "snapshots/gemm/gemm_a").exists()
    run(tree, "status", "--check")


def test_emitter_crash_is_reported_per_kernel(tree: Path) -> None:
    entry = kernel_entry("gemm_c")
    entry["outputs"]["ir_driven"] = {"crash": "visitor has no method for AllocBuffer"}
    write_source(
        tree / "source.json",
        [kernel_entry("gemm_a"), entry],
        broken=[
            {
                "name": "bad",
                "family": "gemm",
                "source_path": "corpus/gemm/bad.py",
                "error": "corpus/gemm/bad.py:3: SyntaxError",
            }
        ],
    )
    out = run(tree, "status", "--check", ok=False)
    assert "error     gemm/gemm_c [ir_driven] RuntimeError: visitor has no method for AllocBuffer" in out
    assert "new       gemm/gemm_c [template]" in out
    assert "error     gemm/bad [template] corpus/gemm/bad.py:3: SyntaxError" in out


def test_writes_refused_in_ci(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(tree, "status", "--write-pending")
    monkeypatch.setenv("CI", "1")
    for args in (("accept",), ("reject", "gemm_a"), ("review",), ("prune",), ("status", "--write-pending")):
        out = run(tree, *args, ok=False)
        assert "refusing to write snapshots: CI='1' is set" in out
    assert not any(
        p.name != "source.json" and not p.name.endswith(".new") for p in tree.rglob("*") if p.is_file()
    )
    assert len(json.loads(run(tree, "pending", "--json"))) == 16  # reading is fine


def test_source_spec_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    from ttmigrate.snapshot.source import SOURCE_ENV, PipelineSource, load_source

    with pytest.raises(ValueError, match="expected 'module:attribute'"):
        load_source("fake_source")
    with pytest.raises(TypeError, match="lacks modes, artifacts, list_kernels, emit"):
        load_source("fake_source:ENV")
    monkeypatch.delenv(SOURCE_ENV, raising=False)
    assert isinstance(load_source(None), PipelineSource)


def test_status_proposes_exactly_what_write_pending_writes(tree: Path) -> None:
    # `status` works out the impact of these proposed changes without writing them.
    from ttmigrate.snapshot.pending import list_pending
    from ttmigrate.snapshot.source import load_source
    from ttmigrate.snapshot.status import compute_status, proposed_changes

    root = tree / "snapshots"
    report = compute_status(source=load_source(SOURCE), root=root)
    proposed = proposed_changes(report=report, root=root)
    assert not root.exists() or not list(root.rglob("*.new"))  # nothing written
    run(tree, "status", "--write-pending")
    written = list_pending(root=root)
    assert sorted((c.key, c.new) for c in proposed) == sorted((c.key, c.new) for c in written)
    assert len(proposed) == 16
