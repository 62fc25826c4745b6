"""Goldens on disk: atomic writes, superseding, orphans, pending changes, CI refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from ttmigrate.snapshot.layout import (
    UNSUPPORTED,
    GoldenKey,
    LayoutError,
    ReadOnlyInCI,
    ci_enabled,
    iter_files,
)
from ttmigrate.snapshot.pending import (
    CHANGED,
    HEADER_ONLY,
    NEW,
    accept,
    list_pending,
    reject,
    select,
    write_pending,
)
from ttmigrate.snapshot.render import EMITTED, UNSUPPORTED_OUTCOME
from ttmigrate.snapshot.store import find_orphans, prune, write_golden

ARTIFACTS = ("reader.cpp", "compute.cpp", "writer.cpp", "main.cpp", "tt.plan.json")
MODES = ("template", "ir_driven")


def key(name: str, kernel: str = "gemm_a", mode: str = "template") -> GoldenKey:
    return GoldenKey("gemm", kernel, mode, name)


def test_ci_flag_values() -> None:
    assert not ci_enabled({})
    for off in ("", "0", "false", "False"):
        assert not ci_enabled({"CI": off})
    for on in ("1", "true", "yes"):
        assert ci_enabled({"CI": on})


def test_write_golden_supersedes_the_other_kind(tmp_path: Path) -> None:
    for name in ARTIFACTS[:2]:
        write_golden(root=tmp_path, key=key(name), text=name)
    write_pending(root=tmp_path, key=key(UNSUPPORTED), text="unsupported: X\n")
    write_golden(root=tmp_path, key=key(UNSUPPORTED), text="unsupported: X\n")
    folder = tmp_path / "gemm/gemm_a/template"
    assert sorted(p.name for p in folder.iterdir()) == [UNSUPPORTED]  # artifacts and .new gone
    write_golden(root=tmp_path, key=key("reader.cpp"), text="r")
    assert sorted(p.name for p in folder.iterdir()) == ["reader.cpp"]


def test_find_orphans_reasons(tmp_path: Path) -> None:
    files = {
        "gemm/gemm_a/template/reader.cpp": None,
        "gemm/gemm_a/template/UNSUPPORTED": "template now emits this kernel (it was unsupported)",
        "gemm/gemm_a/ir_driven/reader.cpp": "ir_driven now rejects this kernel as unsupported",
        "gemm/gemm_a/ir_driven/UNSUPPORTED": None,
        "gemm/gemm_a/fancy/reader.cpp": "unknown mode 'fancy'",
        "gemm/gemm_a/template/extra.cpp": "unknown artifact 'extra.cpp'",
        "gemm/gone/template/reader.cpp": "no kernel gemm/gone in the corpus",
        "gemm/gone/template/reader.cpp.new": "no kernel gemm/gone in the corpus",
        "gemm/broken_k/template/reader.cpp": None,
        "stray.txt": "not at snapshots/<family>/<kernel>/<mode>/<artifact>",
        "gemm/gemm_b/template/reader.cpp": None,  # no outcome known: nothing outcome-based is flagged
        "gemm/gemm_b/template/UNSUPPORTED": None,
    }
    for rel in files:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    orphans = find_orphans(
        root=tmp_path,
        kernels=[("gemm", "gemm_a"), ("gemm", "gemm_b"), ("gemm", "broken_k")],
        modes=MODES,
        artifacts=ARTIFACTS,
        outcomes={"gemm/gemm_a/template": EMITTED, "gemm/gemm_a/ir_driven": UNSUPPORTED_OUTCOME},
    )
    assert {o.relpath: o.reason for o in orphans} == {rel: why for rel, why in files.items() if why}
    prune(orphans=orphans)
    remaining = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert remaining == sorted(rel for rel, why in files.items() if not why)
    assert not (tmp_path / "gemm/gone").exists()  # empty folders removed


def test_pending_accept_and_reject(tmp_path: Path) -> None:
    write_golden(root=tmp_path, key=key("reader.cpp"), text="old\n")
    write_golden(root=tmp_path, key=key("main.cpp"), text="same\n")
    write_pending(root=tmp_path, key=key("reader.cpp"), text="new\n")
    write_pending(root=tmp_path, key=key("writer.cpp"), text="w\n")
    write_pending(root=tmp_path, key=key("main.cpp", kernel="gemm_b", mode="ir_driven"), text="m\n")
    changes = list_pending(root=tmp_path)
    assert [(c.key.relpath, c.kind) for c in changes] == [
        ("gemm/gemm_a/template/reader.cpp", CHANGED),
        ("gemm/gemm_a/template/writer.cpp", NEW),
        ("gemm/gemm_b/ir_driven/main.cpp", NEW),
    ]
    assert "-old\n+new\n" in changes[0].diff()
    assert changes[0].summary() == "changed, +1 -1 lines"
    assert [c.key.kernel for c in select(changes, pattern="gemm_b")] == ["gemm_b"]
    assert [
        c.key.name for c in select(changes, pattern="gemm_*", mode="template", artifact="writer.cpp")
    ] == ["writer.cpp"]
    assert len(select(changes, pattern="gemm/*")) == 3
    accept(changes[0])
    reject(changes[1])
    assert (tmp_path / "gemm/gemm_a/template/reader.cpp").read_text() == "new\n"
    assert not (tmp_path / "gemm/gemm_a/template/reader.cpp.new").exists()
    assert not (tmp_path / "gemm/gemm_a/template/writer.cpp").exists()
    assert not (tmp_path / "gemm/gemm_a/template/writer.cpp.new").exists()
    assert [c.key.kernel for c in list_pending(root=tmp_path)] == ["gemm_b"]


def test_header_only_pending_kind(tmp_path: Path) -> None:
    from ttmigrate.snapshot.header import Provenance, join_golden

    def text(version: str) -> str:
        prov = Provenance("corpus/gemm/gemm_a.py", "ab" * 32, "template", version, "23.1.5", "cd" * 32)
        return join_golden(provenance=prov, body="int a;\n", name="reader.cpp")

    write_golden(root=tmp_path, key=key("reader.cpp"), text=text("0.1.0"))
    write_pending(root=tmp_path, key=key("reader.cpp"), text=text("0.2.0"))
    (change,) = list_pending(root=tmp_path)
    assert change.kind == HEADER_ONLY
    assert change.diff() == ""


def test_nothing_is_written_in_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_golden(root=tmp_path, key=key("reader.cpp"), text="old\n")
    write_pending(root=tmp_path, key=key("reader.cpp"), text="new\n")
    (change,) = list_pending(root=tmp_path)
    monkeypatch.setenv("CI", "true")
    for action in (
        lambda: write_golden(root=tmp_path, key=key("reader.cpp"), text="x"),
        lambda: write_pending(root=tmp_path, key=key("main.cpp"), text="x"),
        lambda: accept(change),
        lambda: reject(change),
        lambda: prune(orphans=[]),
    ):
        with pytest.raises(ReadOnlyInCI, match="read-only in CI"):
            action()
    assert (tmp_path / "gemm/gemm_a/template/reader.cpp").read_text() == "old\n"
    assert (tmp_path / "gemm/gemm_a/template/reader.cpp.new").read_text() == "new\n"


def test_summary_counts_lines_that_look_like_diff_headers(tmp_path: Path) -> None:
    write_golden(root=tmp_path, key=key("reader.cpp"), text="a;\n--i;\n")
    write_pending(root=tmp_path, key=key("reader.cpp"), text="a;\n++i;\n")
    (change,) = list_pending(root=tmp_path)
    assert change.summary() == "changed, +1 -1 lines"


def test_leftovers_of_killed_writers_are_swept_and_never_listed(tmp_path: Path) -> None:
    import os

    write_golden(root=tmp_path, key=key("reader.cpp"), text="r\n")
    folder = tmp_path / "gemm/gemm_a/template"
    killed = folder / ".reader.cpp.999999999.x1y2.tmp"  # no such pid
    old_style = folder / ".writer.cpp.abc.tmp"  # written before temp names carried the pid
    in_progress = folder / f".main.cpp.{os.getpid()}.z9.tmp"  # this process: still writing
    for leftover in (killed, old_style, in_progress):
        leftover.write_text("half a golden")
    assert [p.name for p in iter_files(tmp_path)] == ["reader.cpp"]
    assert not killed.exists() and not old_style.exists()
    assert in_progress.exists()  # a live writer's temp file is left alone
    assert find_orphans(root=tmp_path, kernels=[("gemm", "gemm_a")], modes=MODES, artifacts=ARTIFACTS) == []


@pytest.mark.parametrize("kernel", ["..", "...", ".hidden", "a/b", "x\\y", ""])
def test_names_that_leave_the_layout_are_refused(tmp_path: Path, kernel: str) -> None:
    with pytest.raises(LayoutError, match="not a snapshot name"):
        write_golden(root=tmp_path / "snapshots", key=key("reader.cpp", kernel=kernel), text="x")
    with pytest.raises(LayoutError):
        write_pending(root=tmp_path / "snapshots", key=key("reader.cpp", kernel=kernel), text="x")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_symlink_out_of_the_root_is_never_followed(tmp_path: Path) -> None:
    root = tmp_path / "snapshots"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "gemm").mkdir(parents=True)
    (root / "gemm" / "gemm_a").symlink_to(outside, target_is_directory=True)
    for write in (write_golden, write_pending):
        with pytest.raises(LayoutError, match="symlink leads out of the snapshot root"):
            write(root=root, key=key("reader.cpp"), text="x")
    assert list(outside.rglob("*")) == []
    inside = root / "gemm" / "real"
    inside.mkdir()
    (root / "gemm" / "alias").symlink_to(inside, target_is_directory=True)
    write_golden(root=root, key=key("reader.cpp", kernel="alias"), text="ok\n")  # inside the root: fine
    assert (inside / "template" / "reader.cpp").read_text() == "ok\n"
