"""An abandoned build: `Compiles.abandon` stops a real g++ at once, with the compiler proper it runs
(killing the driver alone left cc1plus compiling, holding the output pipes its reader waits on)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from support.processes import alive, descendants, wait_for

from ttmigrate.emulate import build


def test_abandon_kills_a_running_compile_and_its_compiler_proper(tmp_path: Path) -> None:
    compiles = build.Compiles()
    # the runtime's largest unit at its own flags: seconds of cc1plus
    command = [build.CXX, *build.RUNTIME_FLAGS, f"-I{build.INCLUDE_DIR}", f"-I{build.RUNTIME_DIR}",
               "-c", str(build.RUNTIME_DIR / "host.cpp"), "-o", "host.o"]  # fmt: skip
    done: list[object] = []
    thread = threading.Thread(target=lambda: done.append(compiles.run(command, cwd=tmp_path)))
    thread.start()
    deadline = time.monotonic() + 30
    tree: list[int] = []
    while time.monotonic() < deadline and not tree:
        with compiles._lock:
            running = list(compiles._running)
        tree = [d for p in running for d in descendants(p.pid)]  # cc1plus, once the driver runs it
        time.sleep(0.02)
    assert tree, "g++ never started its compiler proper"
    started = time.monotonic()
    compiles.abandon()
    # The compile has seconds left (about 3 s of cc1plus on a quiet 2-core machine, more under
    # load): a compiler proper that outlived the kill would hold the reader that long, so the
    # join and the tree's death share a 1.5 s bound (a dead tree takes ~0.1 s, even under load).
    thread.join(timeout=10)
    assert not thread.is_alive() and time.monotonic() - started < 1.5
    (result,) = done
    assert result.returncode != 0 and compiles.started  # type: ignore[attr-defined]
    left = 1.5 - (time.monotonic() - started)
    assert wait_for(lambda: not any(alive(pid) for pid in tree), left, poll=0.01), [
        pid for pid in tree if alive(pid)
    ]
    assert not (tmp_path / "host.o").exists()
    refused = compiles.run(command, cwd=tmp_path)  # abandoned: nothing new starts
    assert refused.returncode != 0 and "abandoned" in refused.stderr
