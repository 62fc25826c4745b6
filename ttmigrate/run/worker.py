"""The isolated worker: `python -m ttmigrate.run.worker JOBS_FD RESULTS_FD PARENT_PID`, or forked by
the run's zygote (`python -m ttmigrate.run.worker --zygote CONTROL_FD PARENT_PID`).

It runs one kernel at a time through every stage (`run_entry`) and reports each stage as it starts,
so the parent can hold a wall-clock limit on it and name the stage when the worker dies or hangs.
Kernel code runs here, never in the parent: a segfault, an endless loop, `sys.exit()` or
`os._exit()` in a kernel file costs this process only, and the parent replaces it.

The worker ignores SIGINT (the parent decides what Ctrl-C means and kills workers itself), lives in
its own process group (so the parent kills it with everything it started), and asks the kernel
for SIGKILL when its parent dies (PR_SET_PDEATHSIG), so no worker outlives a killed run.

The zygote pays the import of the stages (TVM, seconds of CPU) once per run: it warms up, then forks
one worker per request of the parent, in its own process group, with the pipes and the log the
parent sent over the control socket. A worker replaced after a crash or a hang is then a fork,
not a fresh interpreter that imports TVM again. A forked worker dies with the zygote
(PR_SET_PDEATHSIG), which dies with the run's parent; the zygote reaps its workers and tells the
parent each one's exit status (what `Popen.wait` would have said).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import select
import signal
import socket
import sys
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from ttmigrate.corpus.local_files import Opened, kernel_code, local_files, recording
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
    # the files the kernel code opens (its load here, its reference in the emulator's harness)
    with recording() as opened:
        return _run_entry(job, on_stage=on_stage, opened=opened)


def _run_entry(
    job: Job, *, on_stage: Callable[[str, str | None], None] | None, opened: Opened
) -> KernelResult:
    from ttmigrate.corpus import KernelLoadError, load_kernel
    from ttmigrate.corpus.manifest import resolve_manifest_kernel

    report = on_stage or (lambda _stage, _mode: None)
    report("load", None)
    try:
        with kernel_code():
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
    result = run_kernel(
        info,
        stages=stages,
        snapshot_root=Path(job.snapshot_root),
        expected_divergences=dict(job.expected_divergences),
        on_stage=report,
    )
    # after every stage that runs kernel code (its import, its reference): what it used by then
    result.local_files = local_files(kernel.path, opened=opened)
    return result


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
    import ttmigrate.emit.ir_driven
    import ttmigrate.emit.template
    import ttmigrate.emulate
    import ttmigrate.normalize
    import ttmigrate.tt  # noqa: F401  (the packages import TVM only where they use it)


# The zygote's control messages (one datagram each on a SOCK_SEQPACKET socket pair): the parent sends
# FORK with three descriptors (the worker's job pipe, result pipe and log); the zygote answers
# b"pid N", and b"exit N CODE" once worker N has ended (CODE as Popen.returncode: -signal or status).
FORK = b"fork"
FORK_FDS = 3


def _become_worker_process(parent: int) -> None:
    """What a fresh worker and the zygote (whose forks are workers) do first: leave Ctrl-C to the
    parent, die with it, and import the stages."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    pipeline.INTERRUPTS_ARE_KERNEL_CODE = True
    die_with_parent(parent)
    _warm_up()


def _zygote(control_fd: int, parent: int) -> NoReturn:
    _become_worker_process(parent)
    control = socket.socket(fileno=control_fd)
    # SIGCHLD wakes the loop below through this pipe, so workers are reaped as they end.
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)
    signal.signal(signal.SIGCHLD, lambda _signum, _frame: None)
    control.sendall(b"ready")
    zygote = os.getpid()
    while True:
        readable, _, _ = select.select([control.fileno(), wake_r], [], [])  # retried on EINTR
        if wake_r in readable:
            os.read(wake_r, 4096)
        while True:  # reap every worker that has ended
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            control.sendall(b"exit %d %d" % (pid, os.waitstatus_to_exitcode(status)))
        if control.fileno() not in readable:
            continue
        message, fds, _flags, _address = socket.recv_fds(control, 64, FORK_FDS)
        sys.stdout.flush()  # before a fork (nothing buffered is written twice) or the exit below
        sys.stderr.flush()
        if message != FORK or len(fds) != FORK_FDS:  # the parent closed the socket: the run is over
            # Leave without the interpreter's finalization (TVM's and torch's take most of a second
            # that the run would wait for); os._exit is where coverage.py saves (patch = _exit).
            os._exit(0)
        pid = os.fork()
        if pid == 0:
            _forked_worker(control, (wake_r, wake_w), fds, zygote)
        with contextlib.suppress(OSError):  # its own group before the parent can signal it
            os.setpgid(pid, pid)
        for fd in fds:
            os.close(fd)
        control.sendall(b"pid %d" % pid)


def _forked_worker(control: socket.socket, wake: tuple[int, int], fds: list[int], zygote: int) -> None:
    """In the forked child: become a worker exactly as a fresh one would be set up, then serve."""
    code = 0
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        control.close()
        for fd in wake:
            os.close(fd)
        os.setpgid(0, 0)
        jobs, results, log = fds
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
        die_with_parent(zygote)
        _serve(jobs, results)
    except BaseException:  # a worker's own failure goes to its log, then it exits
        traceback.print_exc()
        code = 1
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def main(argv: list[str]) -> int:
    if argv[1] == "--zygote":
        return _zygote(int(argv[2]), int(argv[3]))
    jobs, results, parent = int(argv[1]), int(argv[2]), int(argv[3])
    _become_worker_process(parent)
    _serve(jobs, results)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
