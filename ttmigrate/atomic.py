"""Atomic file writes: a temporary file in the same folder, fsync, then rename.

A writer killed at any moment leaves the destination either old or new, never truncated, because
rename within one file system is atomic on POSIX. Folders are built aside and moved into place
(`publish`); writers that must not race hold a lock file (`locked`).
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_bytes(path: Path | str, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # The writer's pid in the name lets the next command tell a killed writer's leftover from a
    # write still in progress (ttmigrate.snapshot.layout.sweep_leftovers).
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600; give the file the mode a plain open() would (0666 less umask).
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path | str, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def publish(work: Path, final: Path) -> None:
    """Moves a finished file or build folder into place; a concurrent identical build may have won
    (the folder is there already), and then `work` is left for the caller to remove."""
    try:
        os.replace(work, final)
    except OSError:
        if not final.exists():
            raise


@contextmanager
def locked(lock_file: Path) -> Iterator[None]:
    """Holds an exclusive lock on `lock_file` (created if absent) between processes."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
