"""The run's results.json checkpoint (ttmigrate.run.checkpoint): valid and complete-so-far after
every freshly run kernel, one write for a batch of cache hits, each kernel serialised once."""

from __future__ import annotations

from pathlib import Path

import pytest
from report.synthetic import kernel, one_of_each

from ttmigrate import atomic
from ttmigrate.report import load_results
from ttmigrate.report.model import RunResults
from ttmigrate.run import checkpoint as checkpoint_module
from ttmigrate.run.checkpoint import Checkpoint


def _count_writes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    writes: list[Path] = []
    real = atomic.write_text

    def counting(path: Path | str, text: str) -> None:
        writes.append(Path(path))
        real(path, text)

    monkeypatch.setattr(checkpoint_module, "write_text", counting)
    return writes


def test_every_added_kernel_is_in_a_valid_incomplete_results_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes = _count_writes(monkeypatch)
    run = one_of_each()
    path = tmp_path / "results.json"
    checkpoint = Checkpoint(path=path, meta=run.meta)
    for count, result in enumerate(run.kernels, 1):
        checkpoint.add(result)
        saved = load_results(path)  # schema-checked, strict JSON
        assert saved.meta.complete is False and saved.meta.finished_at == ""
        assert [k.name for k in saved.kernels] == [k.name for k in run.kernels[:count]]
        assert len(writes) == count
    # the checkpoint holds the same data the final results.json does, meta aside
    final = RunResults.from_json(run.to_json())
    assert saved.kernels == final.kernels
    assert run.meta.complete is True  # the run's own meta is left alone


def test_held_kernels_are_written_once_on_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writes = _count_writes(monkeypatch)
    run = one_of_each()
    path = tmp_path / "results.json"
    checkpoint = Checkpoint(path=path, meta=run.meta)
    checkpoint.hold()
    for result in run.kernels:
        checkpoint.add(result)
    assert writes == [] and not path.exists()
    checkpoint.release()
    assert writes == [path]
    assert len(load_results(path).kernels) == len(run.kernels)
    checkpoint.add(kernel("late_kernel"))  # released: each kernel is written again
    assert len(writes) == 2 and load_results(path).kernels[-1].name == "late_kernel"


def test_releasing_nothing_writes_no_file(tmp_path: Path) -> None:
    checkpoint = Checkpoint(path=tmp_path / "results.json", meta=one_of_each().meta)
    checkpoint.hold()
    checkpoint.release()
    assert not (tmp_path / "results.json").exists()
