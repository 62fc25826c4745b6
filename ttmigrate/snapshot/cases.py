"""The snapshot test cases: every kernel x mode x artifact, with ids ``family/kernel/mode/artifact``."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ttmigrate.snapshot.layout import GoldenKey
from ttmigrate.snapshot.render import Rendering, render
from ttmigrate.snapshot.source import BrokenRef, KernelRef, SnapshotSource, load_source

# Node ids of the snapshot test: tests/test_snapshots.py::test_snapshot[<family>/<kernel>/<mode>/<artifact>]
_NODEID = re.compile(r"(?:^|/)test_snapshots\.py::test_snapshot\[(?P<case>[^\]]+)\]$")


@dataclass(frozen=True)
class SnapshotCase:
    key: GoldenKey
    kernel: KernelRef | None = None
    broken: BrokenRef | None = None

    @property
    def id(self) -> str:
        return self.key.relpath


def snapshot_cases(*, source: SnapshotSource) -> list[SnapshotCase]:
    listing = source.list_kernels()
    cases = []
    for kernel in listing.kernels:
        for mode in source.modes:
            for name in source.artifacts:
                cases.append(SnapshotCase(GoldenKey(kernel.family, kernel.name, mode, name), kernel=kernel))
    for broken in listing.broken:
        for mode in source.modes:
            for name in source.artifacts:
                cases.append(SnapshotCase(GoldenKey(broken.family, broken.name, mode, name), broken=broken))
    return sorted(cases, key=lambda case: case.key)


def case_id_from_nodeid(nodeid: str) -> str | None:
    match = _NODEID.search(nodeid)
    return match["case"] if match else None


@functools.cache
def session_source() -> SnapshotSource:
    """The source for this process (``$TTMIGRATE_SNAPSHOT_SOURCE`` or the real pipeline)."""
    return load_source()


@functools.cache
def session_cases() -> tuple[SnapshotCase, ...]:
    """All cases of this process's source, computed once (the corpus is loaded once)."""
    return tuple(snapshot_cases(source=session_source()))


@functools.cache
def cached_render(kernel: KernelRef, mode: str) -> Rendering:
    """One emit + normalise per kernel and mode per process, shared by its artifact tests."""
    return render(source=session_source(), kernel=kernel, mode=mode)
