"""How many CPUs this process may use: what `run --jobs` defaults to and what every pool is sized by.

`os.cpu_count()` is the machine's; a CI runner or container usually gets less, in one of two ways:
an affinity mask (a cpuset, `taskset`), which `os.sched_getaffinity` reports, or a CPU quota of its
cgroup (`docker --cpus=2`, a Kubernetes CPU limit), which no Python call reports. Under a quota of 2
CPUs on a 64-core host, 64 workers would each get a sliver of time and together hold 64 TVM
imports' memory. So the count is the affinity mask, capped by the cgroup's quota rounded up, as Go's
GOMAXPROCS and the JVM's container support count. The quota is read from the cgroup of this process
and each ancestor up to the mount (a limit set on a parent applies too): cgroup v2's `cpu.max`
("max 100000" or "200000 100000"), else v1's `cpu.cfs_quota_us` / `cpu.cfs_period_us`.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Iterator
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
_V1_CPU_MOUNTS = ("cpu,cpuacct", "cpuacct,cpu", "cpu")


@functools.cache
def available_cpus() -> int:
    """The CPUs this process may use (at least 1); read once per process."""
    return cpus_for(
        affinity=_affinity(),
        quota=cgroup_cpu_quota(root=CGROUP_ROOT, self_cgroup=Path("/proc/self/cgroup")),
    )


def cpus_for(*, affinity: int, quota: float | None) -> int:
    return max(1, min(affinity, math.ceil(quota)) if quota is not None else affinity)


def _affinity() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def cgroup_cpu_quota(*, root: Path, self_cgroup: Path) -> float | None:
    """The tightest CPU quota (in CPUs) on this process's cgroup and its ancestors; None when there is
    none or it cannot be read (not Linux, no cgroup file system)."""
    try:
        lines = self_cgroup.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    quotas = [q for folder in _cpu_cgroup_folders(root, lines) if (q := _quota_in(folder)) is not None]
    return min(quotas) if quotas else None


def _cpu_cgroup_folders(root: Path, lines: list[str]) -> Iterator[Path]:
    """The cgroup folders that hold this process's CPU controller, innermost first."""
    for line in lines:
        number, _, rest = line.partition(":")
        controllers, _, path = rest.partition(":")
        if number == "0" and controllers == "":  # v2: one unified hierarchy
            yield from _up_to(root, path)
        elif "cpu" in controllers.split(","):  # v1: the hierarchy that has the cpu controller
            for mount in _V1_CPU_MOUNTS:
                if (root / mount).is_dir():
                    yield from _up_to(root / mount, path)
                    break


def _up_to(mount: Path, path: str) -> Iterator[Path]:
    """`mount/path` and each parent up to `mount` (in a container's cgroup namespace, path is "/" and
    the container's own cgroup is the mount itself)."""
    folder = mount / path.strip("/")
    while True:
        yield folder
        if folder == mount or mount not in folder.parents:
            return
        folder = folder.parent


def _quota_in(folder: Path) -> float | None:
    try:
        text = (folder / "cpu.max").read_text(encoding="ascii").split()
    except OSError:
        text = []
    if len(text) == 2:
        return None if text[0] == "max" else _ratio(text[0], text[1])
    try:
        quota = (folder / "cpu.cfs_quota_us").read_text(encoding="ascii").strip()
        period = (folder / "cpu.cfs_period_us").read_text(encoding="ascii").strip()
    except OSError:
        return None
    return None if quota.startswith("-") else _ratio(quota, period)


def _ratio(quota: str, period: str) -> float | None:
    try:
        value = int(quota) / int(period)
    except (ValueError, ZeroDivisionError):
        return None
    return value if value > 0 else None
