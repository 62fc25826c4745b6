"""Loud typos: a pattern, mode or artifact that selects nothing exits 2 and suggests the near miss;
a glob matches kernel names only, unless it contains '/'."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ttmigrate.cli.choices import ARTIFACTS, MODES
from ttmigrate.cli.snapshot import snapshot
from ttmigrate.snapshot.layout import GoldenKey
from ttmigrate.snapshot.pending import list_pending, write_pending
from ttmigrate.snapshot.store import write_golden


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for family, kernel, word in (
        ("gemm", "gemm_256", "a"),
        ("gemm", "gemm_128", "b"),
        ("gemm_batched", "bmm_4x128", "c"),
    ):
        key = GoldenKey(family, kernel, "ir_driven", "compute.cpp")
        write_golden(root=tmp_path, key=key, text=f"old {word}\n")
        write_pending(root=tmp_path, key=key, text=f"new {word}\n")
    return tmp_path


def _run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(snapshot, [*args, "--root", str(root)])
    return result.exit_code, result.output


def test_mode_typo_is_refused_with_a_suggestion(root: Path) -> None:
    code, out = _run(root, "accept", "gemm_256", "--mode", "ir-driven")
    assert code == 2 and "did you mean 'ir_driven'" in out
    code, out = _run(root, "review", "--mode", "irdriven")
    assert code == 2 and "did you mean 'ir_driven'" in out
    assert len(list_pending(root=root)) == 3


def test_pattern_and_artifact_that_match_nothing(root: Path) -> None:
    code, out = _run(root, "accept", "gemm_265")
    assert code == 2 and "did you mean 'gemm_256'" in out and "3 change(s) are pending" in out
    code, out = _run(root, "accept", "gemm_256", "--artifact", "reader.cpp")
    assert code == 2 and "its pending changes are in: ir_driven/compute.cpp" in out
    code, out = _run(root, "reject", "--artifact", "compute.cc")
    assert code == 2 and "did you mean 'compute.cpp'" in out
    code, out = _run(root, "accept", "--group", "0000000000")
    assert code == 2 and "no pending group" in out
    assert len(list_pending(root=root)) == 3


def test_a_glob_matches_kernel_names_unless_it_has_a_slash(root: Path) -> None:
    code, out = _run(root, "accept", "gemm_*")
    assert code == 0 and "2 change(s) accepted" in out  # not gemm_batched/bmm_4x128
    assert [c.key.kernel for c in list_pending(root=root)] == ["bmm_4x128"]
    code, out = _run(root, "reject", "gemm_batched/*")
    assert code == 0 and "1 change(s) rejected" in out


def test_nothing_pending_is_not_an_error(tmp_path: Path) -> None:
    assert _run(tmp_path, "review") == (0, "no pending changes\n")


def test_fixed_choices_are_the_emitters() -> None:
    from ttmigrate import emit

    assert tuple(emit.MODES) == MODES and tuple(emit.ARTIFACTS) == ARTIFACTS
