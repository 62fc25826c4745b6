"""The emulator runtime is built once per cache even when several processes ask for it at once (the
workers of a run, the xdist workers of this suite): the others wait for the first build."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from ttmigrate.emulate import build


@pytest.fixture
def small_runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A runtime of three small units and one-line precompiled headers in place of the emulator's:
    the lock and the build's parallelism are the subject, not the emulator's own runtime (which the
    session builds once, in 12 CPU s)."""
    runtime_dir, include_dir = tmp_path / "runtime", tmp_path / "include"
    (include_dir / "ttsim").mkdir(parents=True)
    (include_dir / build.PCH_HEADER).write_text("#pragma once\n#include <vector>\n")
    (include_dir / build.DATAFLOW_PCH_HEADER).write_text("#include <cstdint>\n")
    runtime_dir.mkdir()
    for name in ("a", "b", "c"):
        (runtime_dir / f"{name}.cpp").write_text(f"int ttsim_lock_test_{name}() {{ return 1; }}\n")
    monkeypatch.setattr(build, "RUNTIME_DIR", runtime_dir)
    monkeypatch.setattr(build, "INCLUDE_DIR", include_dir)
    monkeypatch.setattr(build, "PACKAGE_DIR", tmp_path)  # the key names the files relative to it


@pytest.mark.usefixtures("small_runtime")
def test_concurrent_first_builds_compile_the_runtime_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_run = build.Compiles.run  # every compile of a runtime build goes through it
    runtime_compiles: list[list[str]] = []

    def counting_run(self: build.Compiles, command: list[str], *, cwd: Path) -> Any:
        if "-DTTSIM_RUNTIME" in command:
            runtime_compiles.append(command)
        return real_run(self, command, cwd=cwd)

    monkeypatch.setattr(build.Compiles, "run", counting_run)
    cache = tmp_path / "cache"
    barrier = threading.Barrier(3)
    runtimes: list[Any] = []
    errors: list[BaseException] = []

    def ask() -> None:
        barrier.wait()
        try:
            runtimes.append(build.runtime_for(cache))
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(runtimes) == 3 and len({r.key for r in runtimes}) == 1
    assert all(path.is_file() for path in runtimes[0].objects)
    # one build: each runtime source compiled exactly once (its translation units side by side)
    compiled = sorted(arg for command in runtime_compiles for arg in command if arg.endswith(".cpp"))
    assert compiled == sorted(str(path) for path in build.RUNTIME_DIR.glob("*.cpp")), runtime_compiles
    assert all(len([a for a in command if a.endswith(".cpp")]) == 1 for command in runtime_compiles)
    # a later caller finds it complete and compiles nothing
    build.runtime_for(cache)
    assert len(runtime_compiles) == len(compiled) == 3


@pytest.mark.usefixtures("small_runtime")
def test_a_build_with_one_job_compiles_one_unit_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`run --jobs 1` starts one compile at a time, the runtime's included (its three units and
    three precompiled headers, six compiles, would otherwise run one per core)."""
    real_run = build.Compiles.run
    lock = threading.Lock()
    running = [0]
    most: list[int] = []

    def overlapping_run(self: build.Compiles, command: list[str], *, cwd: Path) -> Any:
        with lock:
            running[0] += 1
            most.append(running[0])
        try:
            return real_run(self, command, cwd=cwd)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(build.Compiles, "run", overlapping_run)
    runtime = build.runtime_for(tmp_path / "cache", jobs=1)
    assert all(path.is_file() for path in runtime.objects)
    assert len(most) == 6 and max(most) == 1, most
