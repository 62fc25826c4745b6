"""The isolated worker: `python -m ttmigrate.run.worker JOBS_FD RESULTS_FD PARENT_PID`.

It runs one kernel at a time through every stage (`run_entry`) and reports each stage as it starts,
so the parent can hold a wall-clock limit on it and name the stage when the worker dies or hangs.
Kernel code runs here, never in the parent: a segfault, an endless loop, `sys.exit()` or
`os._exit()` in a kernel file costs this process only, and the parent replaces it.

The worker ignores SIGINT (the parent decides what Ctrl-C means and kills workers itself), lives in
its own process group (so the parent kills it with everything it started), and asks the kernel
for SIGKILL when its parent dies (PR_SET_PDEATHSIG), so no worker outlives a killed run.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ttmigrate.report.model import KernelResult, ToolError
from ttmigrate.run import pipeline
from ttmigrate.run.pipeline import KernelInfo, Stages, broken_kernel, run_kernel, tool_error
from ttmigrate.run.protocol import Job, JobDone, StageStarted, read_message, write_message

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int | None = None) -> None:
    """Ask Linux to SIGKILL this process when its parent exits; then exit at once if the parent
    is already gone (it may have died before the request was made)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the parent's process-group kill still applies
        return
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)


def run_entry(job: Job, *, on_stage: Callable[[str, str | None], None] | None = None) -> KernelResult:
    """One kernel through every stage: load (with the front-door checks), then both modes.

    Called inside the worker; the only function that knows the stage order, so a stage cache can
    wrap the stages it holds without touching the isolation around it."""
    from ttmigrate.corpus import KernelLoadError, load_kernel
    from ttmigrate.corpus.manifest import resolve_manifest_kernel

    report = on_stage or (lambda _stage, _mode: None)
    report("load", None)
    try:
        if job.manifest is not None:
            kernel = resolve_manifest_kernel(job.manifest, job.name)
        else:
            kernel = load_kernel(Path(job.path), family=job.family)
    except KernelLoadError as exc:
        return broken_kernel(
            name=job.name, family=job.family, path=job.path, source_hash=job.source_hash, message=str(exc)
        )
    except KeyboardInterrupt as exc:  # SIGINT is ignored here: this one was raised by kernel code
        return _kernel_code_error(job, exc)
    info = KernelInfo(
        kernel.name, kernel.family, str(kernel.path), kernel.source_hash, list(kernel.tags), kernel
    )
    stages = replace(Stages(), emit_only=job.emit_only)
    if not job.emulate:
        stages = replace(stages, run_emulation=False)
    return run_kernel(
        info,
        stages=stages,
        snapshot_root=Path(job.snapshot_root),
        expected_divergences=dict(job.expected_divergences),
        on_stage=report,
    )


def _kernel_code_error(job: Job, exc: BaseException) -> KernelResult:
    error = tool_error("corpus", exc)
    kernel = broken_kernel(
        name=job.name, family=job.family, path=job.path, source_hash=job.source_hash,
        message=f"{job.path}: kernel code raised {type(exc).__name__} at import",
    )  # fmt: skip
    kernel.errors[0] = replace(kernel.errors[0], log=error.log)
    return kernel


def _serve(jobs: int, results: int) -> None:
    rx = os.fdopen(jobs, "rb")
    tx = os.fdopen(results, "wb")
    while True:
        job = read_message(rx)
        if not isinstance(job, Job):
            return

        def on_stage(stage: str, mode: str | None) -> None:
            write_message(tx, StageStarted(stage=stage, mode=mode))

        try:
            result = run_entry(job, on_stage=on_stage)
        except BaseException as exc:  # SystemExit / KeyboardInterrupt from kernel code included
            error: ToolError = tool_error("internal", exc)
            result = KernelResult(
                name=job.name, family=job.family, path=job.path, source_hash=job.source_hash, errors=[error]
            )
            from ttmigrate.report.classify import classify

            result = classify(result, expected_divergences=job.expected_divergences)
        write_message(tx, JobDone(result=result))


def _warm_up() -> None:
    """Import the stages (TVM above all: seconds on a loaded machine) before the first job, so that
    this cost falls under the parent's startup limit, not under the first kernel's load limit."""
    import ttmigrate.compare
    import ttmigrate.corpus
    import ttmigrate.emit
    import ttmigrate.emulate
    import ttmigrate.normalize  # noqa: F401


def main(argv: list[str]) -> int:
    jobs, results, parent = int(argv[1]), int(argv[2]), int(argv[3])
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    pipeline.INTERRUPTS_ARE_KERNEL_CODE = True
    die_with_parent(parent)
    _warm_up()
    _serve(jobs, results)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
