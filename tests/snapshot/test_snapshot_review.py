"""The review loop: a / r / s per change, A / R / S for all remaining, bad keys asked again."""

from __future__ import annotations

from pathlib import Path

from ttmigrate.snapshot.layout import GoldenKey
from ttmigrate.snapshot.pending import PendingChange, list_pending, write_pending
from ttmigrate.snapshot.review import HELP, run_review
from ttmigrate.snapshot.store import write_golden


def _setup(root: Path, count: int) -> list[PendingChange]:
    for i in range(count):
        key = GoldenKey("gemm", f"gemm_{i}", "template", "reader.cpp")
        write_golden(root=root, key=key, text=f"old {i}\n")
        write_pending(root=root, key=key, text=f"new {i}\n")
    return list_pending(root=root)


def _golden(root: Path, i: int) -> str:
    return (root / f"gemm/gemm_{i}/template/reader.cpp").read_text()


def _review(changes: list[PendingChange], keys: str) -> tuple[list[str], list[str]]:
    pressed = iter(keys)
    shown: list[str] = []
    prompts: list[str] = []
    result = run_review(
        changes,
        read_key=lambda: next(pressed, ""),
        show=lambda change, index, total: shown.append(f"{index}/{total} {change.key.kernel}"),
        prompt=prompts.append,
    )
    assert len(result.accepted) + len(result.rejected) + len(result.skipped) == len(changes)
    return shown, prompts


def test_single_keys(tmp_path: Path) -> None:
    changes = _setup(tmp_path, 3)
    shown, prompts = _review(changes, "a?rs")
    assert shown == ["1/3 gemm_0", "2/3 gemm_1", "3/3 gemm_2"]
    assert prompts == [HELP] * 4  # the unknown key "?" asked again
    assert _golden(tmp_path, 0) == "new 0\n"
    assert _golden(tmp_path, 1) == "old 1\n" and not (tmp_path / "gemm/gemm_1/template/reader.cpp.new").exists()
    assert _golden(tmp_path, 2) == "old 2\n" and (tmp_path / "gemm/gemm_2/template/reader.cpp.new").exists()


def test_accept_all_remaining(tmp_path: Path) -> None:
    changes = _setup(tmp_path, 4)
    shown, _ = _review(changes, "rA")
    assert shown == ["1/4 gemm_0", "2/4 gemm_1"]  # A applies without showing the rest
    assert [_golden(tmp_path, i) for i in range(4)] == ["old 0\n", "new 1\n", "new 2\n", "new 3\n"]
    assert list_pending(root=tmp_path) == []


def test_reject_and_skip_all(tmp_path: Path) -> None:
    changes = _setup(tmp_path, 3)
    _review(changes, "R")
    assert list_pending(root=tmp_path) == [] and _golden(tmp_path, 2) == "old 2\n"
    changes = _setup(tmp_path, 3)
    _review(changes, "S")
    assert len(list_pending(root=tmp_path)) == 3


def test_end_of_input_skips_the_rest(tmp_path: Path) -> None:
    changes = _setup(tmp_path, 2)
    _review(changes, "a")
    assert [c.key.kernel for c in list_pending(root=tmp_path)] == ["gemm_1"]
