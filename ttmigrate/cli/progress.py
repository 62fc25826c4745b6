"""Progress lines for a run without a terminal (CI logs): one line every few kernels, with an ETA.

In a terminal the runner draws a live bar instead; a log has no use for one, and a silent job that
runs for minutes looks hung.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ttmigrate.report.model import KernelResult


def _clock(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class ProgressLines:
    """Call with each finished kernel; writes a line every ``every`` kernels or ``interval_s``."""

    def __init__(
        self,
        *,
        total: int,
        write: Callable[[str], None],
        every: int | None = None,
        interval_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.write = write
        self.every = every or max(1, min(10, total // 10))
        self.interval_s = interval_s
        self.clock = clock
        self.start = clock()
        self.last_line = self.start
        self.done = 0

    def __call__(self, kernel: KernelResult) -> None:
        self.done += 1
        now = self.clock()
        due = (
            self.done % self.every == 0 or now - self.last_line >= self.interval_s or self.done == self.total
        )
        if not due:
            return
        self.last_line = now
        elapsed = now - self.start
        share = 100 * self.done / self.total if self.total else 100.0
        eta = elapsed / self.done * (self.total - self.done) if self.done else 0.0
        self.write(
            f"run: {self.done}/{self.total} kernels ({share:.0f}%), {_clock(elapsed)} elapsed, "
            f"ETA {_clock(eta)}; last {kernel.family}/{kernel.name}: {kernel.category}"
        )
