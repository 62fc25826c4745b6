"""``ttmigrate snapshot review`` in a real (pseudo-)terminal: single key presses, no Enter."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from test_snapshot_pytest_flow import REPO, clean_env

from ttmigrate.snapshot.layout import GoldenKey
from ttmigrate.snapshot.pending import list_pending, write_pending
from ttmigrate.snapshot.store import write_golden


def _read_until(fd: int, marker: bytes, timeout: float = 60.0) -> bytes:
    data = b""
    deadline = time.monotonic() + timeout
    while marker not in data:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"timed out waiting for {marker!r}; got {data[-500:]!r}"
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            data += chunk
    return data


def test_review_with_key_presses(tmp_path: Path) -> None:
    root = tmp_path / "snapshots"
    for i, word in enumerate(("alpha", "beta", "gamma")):  # three different edits: three decisions
        key = GoldenKey("gemm", f"gemm_{i}", "template", "reader.cpp")
        write_golden(root=root, key=key, text=f"old {i}\n")
        write_pending(root=root, key=key, text=f"new {word}\n")
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from ttmigrate.cli import main; main()",
            "snapshot",
            "review",
            "--root",
            str(root),
        ],
        cwd=REPO,
        env=clean_env(),
        stdin=follower,
        stdout=follower,
        stderr=follower,
        close_fds=True,
    )
    os.close(follower)
    try:
        assert b"+new alpha" in _read_until(leader, b"[a]ccept")
        os.write(leader, b"r")
        assert b"[2/3] kernel gemm/gemm_1" in _read_until(leader, b"[a]ccept")
        os.write(leader, b"A")
        out = _read_until(leader, b"skipped")
        assert b"2 accepted, 1 rejected, 0 skipped" in out
        assert proc.wait(timeout=60) == 0
    finally:
        os.close(leader)
        if proc.poll() is None:
            proc.kill()
    assert [(root / f"gemm/gemm_{i}/template/reader.cpp").read_text() for i in range(3)] == [
        "old 0\n",
        "new beta\n",
        "new gamma\n",
    ]
    assert list_pending(root=root) == []
