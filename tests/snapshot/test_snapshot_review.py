"""The review loop over groups: a / r / s per group, x splits a group, A / R / S for all remaining,
bad keys asked again; and the grouping of identical changes (numbers and names masked)."""

from __future__ import annotations

from pathlib import Path

from ttmigrate.snapshot.groups import ChangeGroup, find_group, group_changes, split
from ttmigrate.snapshot.layout import GoldenKey
from ttmigrate.snapshot.pending import PendingChange, list_pending, write_pending
from ttmigrate.snapshot.review import HELP, HELP_GROUP, run_review
from ttmigrate.snapshot.store import write_golden

WORDS = ("alpha", "beta", "gamma", "delta")


def _setup(root: Path, count: int, *, same: bool = False) -> list[PendingChange]:
    """``count`` kernels with a pending reader.cpp; the same edit in each when ``same``."""
    for i in range(count):
        key = GoldenKey("gemm", f"gemm_{i}", "template", "reader.cpp")
        word = "edit" if same else WORDS[i]
        write_golden(root=root, key=key, text=f"keep gemm_{i}\nold {word} {i * 32}\n")
        write_pending(root=root, key=key, text=f"keep gemm_{i}\nnew {word} {i * 32}\n")
    return list_pending(root=root)


def _golden(root: Path, i: int) -> str:
    return (root / f"gemm/gemm_{i}/template/reader.cpp").read_text().splitlines()[1]


def _review(groups: list[ChangeGroup], keys: str) -> tuple[list[str], list[str]]:
    pressed = iter(keys)
    shown: list[str] = []
    prompts: list[str] = []
    result = run_review(
        groups,
        read_key=lambda: next(pressed, ""),
        show=lambda group, index, total: shown.append(f"{index}/{total} {','.join(group.kernels)}"),
        prompt=prompts.append,
    )
    members = sum(len(g.members) for g in groups)
    assert len(result.accepted) + len(result.rejected) + len(result.skipped) == members
    return shown, prompts


def test_single_keys(tmp_path: Path) -> None:
    groups = group_changes(_setup(tmp_path, 3))
    assert [len(g.members) for g in groups] == [1, 1, 1]  # different edits stay apart
    shown, prompts = _review(groups, "a?rs")
    assert shown == ["1/3 gemm/gemm_0", "2/3 gemm/gemm_1", "3/3 gemm/gemm_2"]
    assert prompts == [HELP] * 4  # the unknown key "?" asked again
    assert _golden(tmp_path, 0) == "new alpha 0"
    assert _golden(tmp_path, 1) == "old beta 32"
    assert not (tmp_path / "gemm/gemm_1/template/reader.cpp.new").exists()
    assert (
        _golden(tmp_path, 2) == "old gamma 64" and (tmp_path / "gemm/gemm_2/template/reader.cpp.new").exists()
    )


def test_accept_all_remaining(tmp_path: Path) -> None:
    groups = group_changes(_setup(tmp_path, 4))
    shown, _ = _review(groups, "rA")
    assert shown == ["1/4 gemm/gemm_0", "2/4 gemm/gemm_1"]  # A applies without showing the rest
    assert [_golden(tmp_path, i) for i in range(4)] == [
        "old alpha 0",
        "new beta 32",
        "new gamma 64",
        "new delta 96",
    ]
    assert list_pending(root=tmp_path) == []


def test_reject_and_skip_all(tmp_path: Path) -> None:
    _review(group_changes(_setup(tmp_path, 3)), "R")
    assert list_pending(root=tmp_path) == [] and _golden(tmp_path, 2) == "old gamma 64"
    _review(group_changes(_setup(tmp_path, 3)), "S")
    assert len(list_pending(root=tmp_path)) == 3


def test_end_of_input_skips_the_rest(tmp_path: Path) -> None:
    _review(group_changes(_setup(tmp_path, 2)), "a")
    assert [c.key.kernel for c in list_pending(root=tmp_path)] == ["gemm_1"]


def test_identical_edits_are_one_decision(tmp_path: Path) -> None:
    # The same edit in 3 kernels (their names and numbers differ): one group, one key.
    groups = group_changes(_setup(tmp_path, 3, same=True))
    assert len(groups) == 1 and groups[0].kernels == ["gemm/gemm_0", "gemm/gemm_1", "gemm/gemm_2"]
    shown, prompts = _review(groups, "a")
    assert shown == ["1/1 gemm/gemm_0,gemm/gemm_1,gemm/gemm_2"] and prompts == [HELP_GROUP]
    assert [_golden(tmp_path, i) for i in range(3)] == ["new edit 0", "new edit 32", "new edit 64"]


def test_splitting_a_group_asks_member_by_member(tmp_path: Path) -> None:
    groups = group_changes(_setup(tmp_path, 3, same=True))
    shown, _ = _review(groups, "xars")
    assert shown == [
        "1/1 gemm/gemm_0,gemm/gemm_1,gemm/gemm_2",
        "1/3 gemm/gemm_0",
        "2/3 gemm/gemm_1",
        "3/3 gemm/gemm_2",
    ]
    assert [_golden(tmp_path, i) for i in range(3)] == ["new edit 0", "old edit 32", "old edit 64"]
    assert [c.key.kernel for c in list_pending(root=tmp_path)] == ["gemm_2"]


def test_a_different_edit_is_another_group_and_ids_are_stable(tmp_path: Path) -> None:
    changes = _setup(tmp_path, 3, same=True)
    key = GoldenKey("gemm", "gemm_9", "template", "reader.cpp")
    write_golden(root=tmp_path, key=key, text="keep gemm_9\nold edit 7\n")
    write_pending(root=tmp_path, key=key, text="keep gemm_9\nnew other 7\n")
    groups = group_changes(list_pending(root=tmp_path))
    assert sorted(len(g.members) for g in groups) == [1, 3]
    assert group_changes(changes)[0].id in {g.id for g in groups}  # same signature, same id
    big = next(g for g in groups if len(g.members) == 3)
    part = split(big)[1]
    assert find_group(groups, part.id) == part and part.kernels == ["gemm/gemm_1"]
