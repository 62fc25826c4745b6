"""A cold run's first pass: emit every kernel, compile all their hosts in batches, then run them.

Hosts are most of a cold run's compile time, and compiled together they cost a fraction of what
they cost one by one (ttmigrate.emulate.host_batch). So the run's workers first take every kernel
through loading and emission only (`Job.emit_only`); the parent collects the programs, compiles
their hosts in batches (the emulator runtime, which the batches need, is built meanwhile on a
thread), and then the same workers run every kernel through all its stages, finding the hosts in
the object cache. Nothing of the first pass is a result, with one exception: a kernel whose first
pass ended before any mode ran (it does not load, or its worker died or overran its limit while it
was loading or computing the reference) ends there, since its full run would end the same way.
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Generator
from dataclasses import replace

from ttmigrate.emulate import build, host_batch
from ttmigrate.report.model import KernelResult
from ttmigrate.run.isolation import StageLimits, run_isolated
from ttmigrate.run.protocol import Job

# Stages that come before either mode: a first pass that failed in one of them is the full result.
_BEFORE_THE_MODES = ("startup", "load", "corpus", "reference")


def run_with_host_batch(
    work: list[Job], *, jobs: int, limits: StageLimits | None
) -> Generator[KernelResult, None, None]:
    """The results of `work` (in completion order), hosts compiled in batches before emulation;
    without the object cache (`run --no-cache`), or for a single kernel, a plain run."""
    if len(work) < 2 or not build.object_cache_enabled():
        results = run_isolated(work, workers=jobs, limits=limits)
        try:
            yield from (result for _job, result in results)
        finally:
            results.close()
        return
    _start_runtime_build()
    queue: deque[Job] = deque(replace(job, emit_only=True, emulate=False) for job in work)
    results = run_isolated(queue, workers=jobs, limits=limits)
    first_pass_left = len(work)
    programs: list[dict[str, str]] = []
    second_pass: list[Job] = []
    try:
        for done, result in results:
            if not done.emit_only:
                yield result
                continue
            first_pass_left -= 1
            if _ended_before_the_modes(result):
                yield result
            else:
                programs += [dict(m.artifacts) for m in result.modes.values() if m.artifacts]
                second_pass.append(replace(done, emit_only=False, emulate=True))
            if first_pass_left == 0:
                host_batch.prebuild_hosts(programs, jobs=jobs)
                programs.clear()
                queue.extend(second_pass)
    finally:
        results.close()


def _ended_before_the_modes(result: KernelResult) -> bool:
    return (
        not result.modes and bool(result.errors) and all(e.stage in _BEFORE_THE_MODES for e in result.errors)
    )


def _start_runtime_build() -> None:
    """Builds the emulator runtime on a thread while the workers start and emit: the host batches
    need it, and so does every program. A failure is left to the builds that need it to report."""

    def build_runtime() -> None:
        with contextlib.suppress(Exception):
            build.runtime_for(build.default_cache_dir())

    threading.Thread(target=build_runtime, name="ttsim-runtime", daemon=True).start()
