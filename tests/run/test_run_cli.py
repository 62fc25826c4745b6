"""`ttmigrate run` refuses bad input with one clear error and exit code 2, before running anything."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ttmigrate.cli import main

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_unknown_selector_is_one_clear_error(tmp_path: Path) -> None:
    outcome = CliRunner().invoke(
        main, ["run", "no_such_kernel_xyz", "--corpus", str(CORPUS), "--out-dir", str(tmp_path)]
    )
    assert outcome.exit_code == 2
    assert "selector 'no_such_kernel_xyz' matches no corpus kernel" in outcome.output
    assert not (tmp_path / "results.json").exists()


def test_config_error_stops_the_run_before_it_starts(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[tool.ttmigrate]\ndefault_mode = "template"\n\n[tool.ttmigrate.expected_divergences]\nadd_256 = ""\n'
    )
    outcome = CliRunner().invoke(
        main, ["run", "add_256", "--out-dir", str(tmp_path), "--pyproject", str(pyproject)]
    )
    assert outcome.exit_code == 2
    assert f"{pyproject}:5: expected_divergences.add_256 has no reason" in outcome.output
    assert not (tmp_path / "results.json").exists()


def test_unreadable_baseline_is_refused(tmp_path: Path) -> None:
    baseline = tmp_path / "old.json"
    baseline.write_text('{"meta": {"schema_version": 0}}')
    outcome = CliRunner().invoke(
        main, ["run", "add_256", "--out-dir", str(tmp_path), "--baseline", str(baseline)]
    )
    assert outcome.exit_code == 2
    assert "schema_version 0" in outcome.output
    assert not (tmp_path / "results.json").exists()


def test_an_empty_corpus_is_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    outcome = CliRunner().invoke(main, ["run", "--corpus", str(corpus), "--out-dir", str(tmp_path)])
    assert outcome.exit_code == 2
    assert f"the corpus at {corpus} has no kernels" in outcome.output
    assert not (tmp_path / "results.json").exists()
