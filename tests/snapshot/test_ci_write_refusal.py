"""With `CI` set, no command writes under the golden root: not the snapshot commands (see
test_snapshot_store), and not `emit --out` or `run --out-dir` pointed into snapshots/ either."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ttmigrate.cli import main


@pytest.fixture
def goldens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "snapshots"
    folder = root / "gemm" / "gemm_128" / "ir_driven"
    folder.mkdir(parents=True)
    (folder / "reader.cpp").write_text("golden\n")
    monkeypatch.setenv("TTMIGRATE_SNAPSHOT_ROOT", str(root))
    monkeypatch.setenv("CI", "true")
    return root


def test_emit_out_under_the_golden_root_is_refused_in_ci(goldens: Path) -> None:
    folder = goldens / "gemm" / "gemm_128" / "ir_driven"
    outcome = CliRunner().invoke(main, ["emit", "gemm_128", "--mode", "ir_driven", "--out", str(folder)])
    assert outcome.exit_code == 1
    assert "read-only while CI='true' is set" in outcome.output
    assert sorted(p.name for p in folder.iterdir()) == ["reader.cpp"]
    assert (folder / "reader.cpp").read_text() == "golden\n"


def test_run_out_dir_under_the_golden_root_is_refused_in_ci(goldens: Path) -> None:
    outcome = CliRunner().invoke(main, ["run", "gemm_128", "--out-dir", str(goldens / "gemm")])
    assert outcome.exit_code == 2
    assert "under the golden root" in outcome.output
    assert not (goldens / "gemm" / "results.json").exists()


def test_emit_elsewhere_still_works_in_ci(goldens: Path, tmp_path: Path) -> None:
    outcome = CliRunner().invoke(
        main, ["emit", "gemm_128", "--mode", "ir_driven", "--out", str(tmp_path / "o")]
    )
    assert outcome.exit_code == 0, outcome.output
    assert (tmp_path / "o" / "reader.cpp").is_file()
