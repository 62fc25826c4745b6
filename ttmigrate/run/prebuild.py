"""A cold run's first pass: emit every kernel, compile their hosts in batches, then run them.

Hosts are most of a cold run's compile time, and compiled together they cost a fraction of what
they cost one by one (ttmigrate.emulate.host_batch). So the run's workers first take every kernel
through loading and emission only (`Job.emit_only`); the parent hands each kernel's programs to a
`HostBatcher`, which compiles their hosts in batches while the first pass goes on (the emulator
runtime, which the batches need, is built meanwhile on a thread); and each kernel goes back to the
same workers for all its stages as soon as its hosts are compiled, finding them in the object
cache. When the first `PROBE_KERNELS` kernels' hosts are all compiled already (a re-run after a
change that left the hosts alone), the rest skip the first pass, which would only load and emit
each kernel twice. Nothing of the first pass is a result, with one exception: a kernel whose first
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
from ttmigrate.run.isolation import run_isolated
from ttmigrate.run.protocol import Job
from ttmigrate.run.stage_limits import StageLimits

# Stages that come before either mode: a first pass that failed in one of them is the full result.
_BEFORE_THE_MODES = ("startup", "load", "corpus", "reference")
PROBE_KERNELS = 8


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
    runtime_build = _RuntimeBuild(jobs=jobs)
    batcher = host_batch.HostBatcher(jobs=jobs)
    queue: deque[Job] = deque(replace(job, emit_only=True, emulate=False) for job in work)
    in_flight = len(queue)  # jobs queued or running whose result is still to come
    first_pass_left = len(work)
    waiting: list[tuple[frozenset[str], Job]] = []  # second-pass jobs and the hosts they wait for
    probed = uncached = 0  # first-pass kernels seen, and those with a host still to compile
    results = run_isolated(queue, workers=jobs, limits=limits)
    try:
        for done, result in results:
            in_flight -= 1
            if not done.emit_only:
                yield result
            else:
                first_pass_left -= 1
                if _ended_before_the_modes(result):
                    yield result
                else:
                    hosts = batcher.add(dict(m.artifacts) for m in result.modes.values() if m.artifacts)
                    waiting.append((hosts, replace(done, emit_only=False, emulate=True)))
                    probed, uncached = probed + 1, uncached + bool(hosts)
                if probed == PROBE_KERNELS and not uncached:
                    first_pass_left -= _skip_first_pass(queue)
                if first_pass_left == 0:
                    batcher.finish_adding()
            batcher.poll()
            # A kernel goes back to the workers as soon as its hosts are compiled; the loop waits
            # for a batch only when a worker would otherwise have nothing to do.
            while True:
                ready = [job for keys, job in waiting if batcher.resolved(keys)]
                waiting = [(keys, job) for keys, job in waiting if not batcher.resolved(keys)]
                queue.extend(ready)
                in_flight += len(ready)
                if not waiting or in_flight >= jobs or not batcher.busy:
                    break
                batcher.wait()
            if not batcher.busy and waiting:  # nothing left to compile: none can be waiting
                queue.extend(job for _keys, job in waiting)
                in_flight += len(waiting)
                waiting = []
    finally:
        runtime_build.stop()  # built by now if any kernel needed it; else an interrupt: stop it
        batcher.close()
        results.close()


def _skip_first_pass(queue: deque[Job]) -> int:
    """Turns the first-pass jobs still queued into full ones; how many there were."""
    skipped = 0
    for index, job in enumerate(queue):
        if job.emit_only:
            queue[index] = replace(job, emit_only=False, emulate=True)
            skipped += 1
    return skipped


def _ended_before_the_modes(result: KernelResult) -> bool:
    return (
        not result.modes and bool(result.errors) and all(e.stage in _BEFORE_THE_MODES for e in result.errors)
    )


class _RuntimeBuild:
    """The emulator runtime, built on a thread while the workers start and emit, `jobs` compiles at
    a time like the rest of the run: the host batches need it, and so does every program. A failure
    is left to the builds that need it to report. `stop` when the run ends: a build still going
    then (a Ctrl-C) is abandoned, its compiles killed rather than waited for."""

    def __init__(self, *, jobs: int) -> None:
        self._compiles = build.Compiles()
        self._thread = threading.Thread(target=self._build, args=(jobs,), name="ttsim-runtime", daemon=True)
        self._thread.start()

    def _build(self, jobs: int) -> None:
        with contextlib.suppress(Exception):
            build.runtime_for(build.default_cache_dir(), jobs=jobs, compiles=self._compiles)

    def stop(self) -> None:
        self._compiles.abandon()
        if self._compiles.started:  # it held the lock: let it clean its work folder (killed, it is quick)
            self._thread.join(timeout=5)
