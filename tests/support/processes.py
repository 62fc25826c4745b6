"""Processes seen through /proc, for the tests that check what a run or a build leaves alive."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path


def alive(pid: int) -> bool:
    """Whether `pid` still runs: a zombie is dead, only not yet reaped (by init, once orphaned)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def descendants(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    found = [int(p) for p in children.read_text().split()] if children.exists() else []
    return found + [d for child in found for d in descendants(child)]


def wait_for(predicate: Callable[[], bool], timeout: float, *, poll: float = 0.1) -> bool:
    """Whether `predicate` held within `timeout` seconds. A killed process closes its files (so a
    reader of its pipes returns) before it turns into a zombie, and on a loaded machine that last
    step can trail the reader: checks that a process died poll, they do not look once."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(poll)
