"""Killing a writer at a random moment never leaves a golden truncated or missing: every golden
equals either its old or its new content (``ttmigrate.atomic``: temp file, fsync, rename)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from fake_source import ENV, kernel_entry, write_source
from test_snapshot_pytest_flow import HERE, REPO, clean_env, goldens, pytest_run

from ttmigrate.snapshot.header import Provenance, join_golden
from ttmigrate.snapshot.layout import GoldenKey
from ttmigrate.snapshot.pending import write_pending
from ttmigrate.snapshot.store import write_golden

ROUNDS = 15
PROV = Provenance("corpus/gemm/k.py", "ab" * 32, "template", "0.1.0", "23.1.5", "cd" * 32)


def _spawn(command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command,
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _kill_after(proc: subprocess.Popen[bytes], delay: float) -> None:
    time.sleep(delay)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)  # the group: pytest's clang-format children too
    proc.wait()


def _kill_mid_write(
    proc: subprocess.Popen[bytes], tree: Path, old: dict[str, bytes], new: dict[str, bytes]
) -> None:
    """Kill as soon as one golden is new: a kill at a random moment of the reference run's duration
    may land before any write when the machine is slower during the rounds than it was for the
    reference run (a loaded machine: the start-up of Python grows), so every round says "none". This
    kill follows the writer's progress instead of the clock."""

    def written(rel: str) -> bool:
        try:  # read by name: the writer renames files while we look
            return (tree / "snapshots" / rel).read_bytes() == new[rel]
        except OSError:
            return False

    while proc.poll() is None and not any(written(rel) for rel in old):
        time.sleep(0.002)
    _kill_after(proc, 0.0)


def _assert_old_or_new(tree: Path, old: dict[str, bytes], new: dict[str, bytes]) -> str:
    """Checks the tree; returns how far the writer got: "none", "part" or "all" of the goldens new."""
    now = goldens(tree)
    for rel, data in now.items():
        if rel.split("/")[-1].startswith("."):
            continue  # an atomic writer's temp file, never a golden
        assert data in (old.get(rel), new.get(rel)), f"{rel} is neither old nor new ({len(data)} bytes)"
    missing = [rel for rel in old if rel not in now]
    assert not missing, f"goldens missing after kill: {missing}"
    done = sum(now.get(rel) == new[rel] for rel in old)
    return "none" if done == 0 else "all" if done == len(old) else "part"


def _env(tree: Path) -> dict[str, str]:
    env = clean_env()
    env.update(
        {
            ENV: str(tree / "source.json"),
            "TTMIGRATE_SNAPSHOT_SOURCE": "fake_source:make_source",
            "TTMIGRATE_SNAPSHOT_ROOT": str(tree / "snapshots"),
            "PYTHONPATH": str(HERE),
        }
    )
    return env


def test_killed_accept_leaves_old_or_new(tmp_path: Path) -> None:
    template = tmp_path / "template" / "snapshots"
    body = "".join(f"    cb_wait_front(cb_in0, {i});\n" for i in range(400))  # ~12 kB per golden
    for i in range(150):
        key = GoldenKey("gemm", f"k{i:03d}", "template", "reader.cpp")
        write_golden(
            root=template, key=key, text=join_golden(provenance=PROV, body="// old\n" + body, name="x.cpp")
        )
        write_pending(
            root=template, key=key, text=join_golden(provenance=PROV, body="// new\n" + body, name="x.cpp")
        )
    old = goldens(template.parent)
    new = {rel: (template / (rel + ".new")).read_bytes() for rel in old}
    command = [sys.executable, "-c", "from ttmigrate.cli import main; main()", "snapshot", "accept"]

    start = time.perf_counter()
    full = tmp_path / "full"
    shutil.copytree(template, full / "snapshots")
    subprocess.run(
        [*command, "--root", str(full / "snapshots")],
        cwd=REPO,
        env=_env(full),
        check=True,
        capture_output=True,
    )
    duration = time.perf_counter() - start
    assert goldens(full) == new

    rng = random.Random(20261124)
    stages: list[str] = []
    for round_ in range(ROUNDS):
        tree = tmp_path / f"round{round_}"
        shutil.copytree(template, tree / "snapshots")
        proc = _spawn([*command, "--root", str(tree / "snapshots")], _env(tree))
        if round_ == ROUNDS - 1 and "part" not in stages:
            _kill_mid_write(proc, tree, old, new)
        else:
            _kill_after(proc, rng.uniform(0.0, duration))
        stages.append(_assert_old_or_new(tree, old, new))
        pending = [p for p in (tree / "snapshots").rglob("*.new")]
        for path in pending:  # a pending file goes only after its golden is written
            assert path.read_bytes() == new[path.relative_to(tree / "snapshots").as_posix()[: -len(".new")]]
    assert "part" in stages, stages


def test_killed_snapshot_update_leaves_old_or_new(tmp_path: Path) -> None:
    kernels_v1 = [kernel_entry(f"gemm_{i}") for i in range(6)]
    kernels_v2 = [kernel_entry(f"gemm_{i}", variant="noc_async_write_barrier();") for i in range(6)]
    template = tmp_path / "template"
    template.mkdir()
    write_source(template / "source.json", kernels_v1)
    assert pytest_run(template, "--snapshot-update").returncode == 0
    old = goldens(template)
    write_source(template / "source.json", kernels_v2)

    start = time.perf_counter()
    full = tmp_path / "full"
    shutil.copytree(template, full)
    assert pytest_run(full, "--snapshot-update").returncode == 0
    duration = time.perf_counter() - start
    new = goldens(full)
    assert set(new) == set(old) and all(new[rel] != old[rel] for rel in old)

    rng = random.Random(424242)
    stages: list[str] = []
    command = [
        sys.executable,
        "-m",
        "pytest",
        "tests/test_snapshots.py",
        "-p",
        "no:cacheprovider",
        "-q",
        "--snapshot-update",
    ]
    for round_ in range(ROUNDS):
        tree = tmp_path / f"round{round_}"
        shutil.copytree(template, tree)
        proc = _spawn(command, _env(tree))
        if round_ == ROUNDS - 1 and "part" not in stages:
            _kill_mid_write(proc, tree, old, new)
        else:
            _kill_after(proc, rng.uniform(0.0, duration))
        stages.append(_assert_old_or_new(tree, old, new))
    # The kills must have landed mid-run at least once, or this test proved nothing.
    assert "part" in stages, stages
