"""How long a kernel's stage may take in its worker: CPU seconds of the worker's process group (the
worker and the g++ and emulator processes it starts), with a wall-clock cap a few times longer for
a worker that uses no CPU. On a machine whose cores are shared, a worker that is not scheduled uses
wall-clock time without doing anything: a wall-clock limit alone would call a slow machine a hang.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

# CPU-time limit per stage, in seconds. Generous for a loaded 2-core machine: a limit is there to
# turn a hang into a result, not to judge speed. "startup" covers the worker importing TVM.
DEFAULT_LIMITS: dict[str, float] = {
    "startup": 180.0,
    "load": 60.0,
    "reference": 120.0,
    "emit": 180.0,
    "normalize": 120.0,
    "snapshot": 60.0,
    "check": 120.0,
    "emulate": 600.0,
    "compare": 120.0,
}


@dataclass(frozen=True, kw_only=True)
class StageLimits:
    """CPU seconds per stage; the wall-clock cap of a stage is `wall_cap(stage)`."""

    seconds: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_LIMITS))
    # The wall-clock cap: max(limit * wall_factor, limit + wall_slack). At a load average of 15 on
    # 2 cores a worker gets about 1/7 of a core; the cap is there for a worker that uses no CPU.
    wall_factor: float = 3.0
    wall_slack: float = 60.0

    @classmethod
    def uniform(cls, seconds: float) -> StageLimits:
        """`seconds` for every kernel stage; a worker's own startup (importing TVM) keeps its limit."""
        return cls(seconds={**dict.fromkeys(DEFAULT_LIMITS, seconds), "startup": DEFAULT_LIMITS["startup"]})

    def of(self, stage: str) -> float:
        return float(self.seconds.get(stage, max(self.seconds.values(), default=60.0)))

    def wall_cap(self, stage: str) -> float:
        limit = self.of(stage)
        return max(limit * self.wall_factor, limit + self.wall_slack)


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def group_cpu_seconds(pgid: int) -> float:
    """User + system CPU seconds of every live process in process group `pgid`, with the children
    each has reaped (so a finished g++ counts through the worker that waited for it)."""
    return group_state(pgid)[0]


def group_state(pgid: int) -> tuple[float, bool]:
    """(CPU seconds as `group_cpu_seconds`, whether a process of the group is running or waiting
    for a core or a disk: state R or D, i.e. starved rather than blocked)."""
    total = 0
    runnable = False
    try:
        entries = os.listdir("/proc")
    except OSError:  # no procfs: CPU time is unknown, the wall-clock cap alone applies
        return 0.0, False
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        # after the command: state ppid pgrp ... utime(14) stime(15) cutime(16) cstime(17)
        if int(fields[2]) == pgid:
            total += sum(int(value) for value in fields[11:15])
            runnable = runnable or fields[0] in (b"R", b"D")
    return total / _CLOCK_TICKS, runnable


@dataclass(kw_only=True)
class StageClock:
    """The limit of one stage of process group `pgid`: CPU seconds, with a wall-clock cap."""

    pgid: int
    limit: float
    started: float
    wall_deadline: float  # the wall-clock cap: past it the stage has timed out regardless
    cpu_start: float
    deadline: float  # when the CPU used in this stage is next worth reading

    @classmethod
    def start(cls, pgid: int, *, limit: float, cap: float) -> StageClock:
        now = time.monotonic()
        # CPU time cannot outrun wall-clock time by more than the processes running at once, so
        # there is nothing to read before `limit` wall seconds have passed.
        return cls(
            pgid=pgid, limit=limit, started=now, wall_deadline=now + cap,
            cpu_start=group_cpu_seconds(pgid), deadline=now + limit,
        )  # fmt: skip

    def overrun(self, now: float) -> str | None:
        """Why the stage has timed out, or None. Read once its wall-clock time passes the limit."""
        if now < self.deadline:
            return None
        cpu, runnable = group_state(self.pgid)
        used = cpu - self.cpu_start
        if used >= self.limit:
            return f"used {used:.1f} s of CPU time, over its limit of {self.limit:g} s"
        # Past the cap, a group waiting for a core (state R) is starved, not hung: it gets its CPU
        # time eventually and meets the CPU limit if it loops. Only a blocked one (sleeping, waiting
        # on a pipe) is timed out by the cap, and anything at the hard cap of 10x.
        starved = runnable and now < self.started + (self.wall_deadline - self.started) * 10
        if now >= self.wall_deadline and not starved:
            return (
                f"did not finish within {now - self.started:.0f} s of wall-clock time "
                f"(using {used:.1f} s of CPU time of its {self.limit:g} s limit)"
            )
        # look again in a second (or at the cap, if that is sooner)
        self.deadline = now + (min(1.0, self.wall_deadline - now) if now < self.wall_deadline else 1.0)
        return None
