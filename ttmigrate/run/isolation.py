"""Kernels in worker processes, as crater runs crates: one bad kernel is one named result.

The parent keeps up to `workers` long-lived worker processes (`ttmigrate.run.worker`), hands each
one kernel at a time over a private pipe, and watches the stage the worker reports. A worker that
dies (a signal such as SIGSEGV, or an exit code) or overruns its stage's limit is killed with its
whole process group and replaced; its kernel gets a `ToolError` that names what happened and where
(stage, mode, signal / exit code / limit, and the tail of its stderr).

A stage's limit is CPU time of the worker's process group (the worker and the g++ / emulator
processes it starts), with a wall-clock cap a few times longer. On a machine whose cores are shared,
a worker that is simply not scheduled uses wall-clock time without doing anything: a wall-clock
limit then calls a slow machine a hang. An endless loop burns CPU and meets the CPU limit; a worker
blocked without using CPU (a sleep, a deadlock on a pipe) meets the wall-clock cap
(`ttmigrate.run.stage_limits`).

Ctrl-C reaches the parent only (workers ignore SIGINT and live in their own process groups): the
generator's consumer sees KeyboardInterrupt and `close()` kills every worker at once. A run that
finishes lets its idle workers, then the zygote, exit on their own at the end of their input, so
what a process does at exit is done (coverage.py saves what it measured in them).

Workers are forked by one zygote per run (`ttmigrate.run.worker --zygote`), which imports the stages
once: a worker replaced after a crash, an exit or a hang costs a fork, not another import of TVM.
The zygote reports each worker's exit status, so a death is named as it was for a child of ours.
If the zygote cannot start (it exits, or overruns the startup limit a fresh worker has: CPU time,
with the wall-clock cap), workers are started as fresh interpreters, one each, as before.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Generator, Iterable
from typing import IO

from ttmigrate.report.classify import classify
from ttmigrate.report.model import KernelResult, ToolError
from ttmigrate.run.protocol import FrameBuffer, Job, JobDone, StageStarted, write_message
from ttmigrate.run.stage_limits import StageClock, StageLimits
from ttmigrate.run.worker import FORK, FORK_FDS

STDERR_TAIL_BYTES = 4000
RETIRE_GRACE_S = 10.0  # how long a finished run waits for its idle workers to exit on their own


def _kill_group(pgid: int) -> None:
    """SIGKILL to a process group that may have ended already."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def zygote_command(control_fd: int) -> list[str]:
    """How the run's zygote is started (a test replaces it with one that does not start)."""
    return [sys.executable, "-m", "ttmigrate.run.worker", "--zygote", str(control_fd), str(os.getpid())]


class _Zygote:
    """The run's worker factory: one interpreter that has imported the stages and forks workers.

    Every call blocks only briefly, except the first fork, which waits for the zygote's own start
    (its import of TVM: what a fresh worker's startup would have cost) before any kernel runs."""

    def __init__(self) -> None:
        self.control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        # Lives as long as the zygote (closed in close()), so no context manager.
        self.log: IO[bytes] = tempfile.TemporaryFile(prefix="ttmigrate-zygote-")  # noqa: SIM115
        self.proc = subprocess.Popen(
            zygote_command(theirs.fileno()),
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=self.log,
            pass_fds=(theirs.fileno(),),
            process_group=0,  # its own group: terminal Ctrl-C skips it
            close_fds=True,
        )
        theirs.close()
        self.ready = False
        self.broken = False
        self.gone = False  # its end of the control socket is closed
        self.exits: dict[int, int] = {}  # pid -> exit code (as Popen.returncode) not yet asked for

    def _receive(self, timeout: float | None) -> bytes | None:
        """The next message, or None at a timeout or when the zygote is gone. An exit report is
        also filed in `exits`."""
        self.control.settimeout(timeout)
        try:
            message = self.control.recv(64)
        except (TimeoutError, BlockingIOError):  # a timeout of 0 makes the socket non-blocking
            return None
        except OSError:  # the zygote is gone
            message = b""
        if not message:
            self.gone = True
            return None
        if message.startswith(b"exit "):
            _word, pid, code = message.split()
            self.exits[int(pid)] = int(code)
        return message

    def _reply(self, timeout: float) -> bytes | None:
        """The next message that is not an exit report, or None (timeout, or the zygote is gone)."""
        deadline = time.monotonic() + timeout
        while True:
            message = self._receive(max(0.0, deadline - time.monotonic()))
            if message is None or not message.startswith(b"exit "):
                return message

    def fork(self, fds: tuple[int, int, int], *, limits: StageLimits) -> int | None:
        """A new worker's pid (and process group), serving on `fds` (job pipe, result pipe, log);
        None if the zygote did not start or is gone (the caller starts a fresh interpreter)."""
        if self.broken:
            return None
        if not self.ready:
            self.ready = self._await_ready(limits)
            if not self.ready:
                self._give_up()
                return None
        assert len(fds) == FORK_FDS
        try:
            socket.send_fds(self.control, [FORK], list(fds))
        except OSError:
            self._give_up()
            return None
        reply = self._reply(60.0)
        if reply is None or not reply.startswith(b"pid "):
            self._give_up()
            return None
        return int(reply.split()[1])

    def _await_ready(self, limits: StageLimits) -> bool:
        """Whether the zygote says it is ready within the limit a fresh worker's start has (its
        import of TVM): CPU seconds, so a zygote stuck in a loop is given up on as soon as a fresh
        worker would have been, with the wall-clock cap for one that is blocked; False at once if it
        is gone."""
        clock = StageClock.start(self.proc.pid, limit=limits.of("startup"), cap=limits.wall_cap("startup"))
        while True:
            message = self._reply(1.0)
            if message is not None:
                return message == b"ready"
            if self.gone or clock.overrun(time.monotonic()) is not None:
                return False

    def wait_exit(self, pid: int, timeout: float | None = None) -> int | None:
        """The exit code of worker `pid` once it has ended (after a SIGKILL of its group: at once);
        None if it has not ended within `timeout` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while pid not in self.exits:
            if self.broken or self.gone:
                # The zygote is gone, and its workers with it (PR_SET_PDEATHSIG: SIGKILL).
                return self.exits.pop(pid, -signal.SIGKILL)
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return None
            self._receive(left)
        return self.exits.pop(pid)

    def end_input(self, *, timeout: float) -> None:
        """Tells the zygote the run is over (end of its control socket) and gives it `timeout`
        seconds to exit on its own; `close()` kills it if it has not."""
        with contextlib.suppress(OSError):
            self.control.shutdown(socket.SHUT_WR)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=timeout)

    def _give_up(self) -> None:
        self.broken = True
        _kill_group(self.proc.pid)

    def close(self) -> None:
        _kill_group(self.proc.pid)
        self.proc.wait()
        for closer in (self.control.close, self.log.close):
            with contextlib.suppress(OSError):
                closer()


class _Worker:
    def __init__(self, zygote: _Zygote | None = None, *, limits: StageLimits) -> None:
        jobs_r, self._jobs_w = os.pipe()
        self.results_r, results_w = os.pipe()
        # Lives as long as the worker (closed in kill()), so no context manager.
        self.log: IO[bytes] = tempfile.TemporaryFile(prefix="ttmigrate-worker-")  # noqa: SIM115
        self.zygote = zygote
        try:  # the first fork waits for the zygote's start: Ctrl-C may come meanwhile
            forked = zygote.fork((jobs_r, results_w, self.log.fileno()), limits=limits) if zygote else None
        except BaseException:
            for fd in (jobs_r, self._jobs_w, self.results_r, results_w):
                os.close(fd)
            self.log.close()
            raise
        self.proc: subprocess.Popen[bytes] | None = None
        if forked is None:
            self.zygote = None
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "ttmigrate.run.worker", str(jobs_r), str(results_w), str(os.getpid())],
                stdin=subprocess.DEVNULL,
                stdout=self.log,
                stderr=self.log,
                pass_fds=(jobs_r, results_w),
                process_group=0,  # its own group: terminal Ctrl-C skips it; killpg takes its children too
                close_fds=True,
            )
        self.pid = forked if forked is not None else self.proc.pid  # type: ignore[union-attr]
        self.returncode: int | None = None
        os.close(jobs_r)
        os.close(results_w)
        os.set_blocking(self.results_r, False)
        self.jobs = os.fdopen(self._jobs_w, "wb")
        self.frames = FrameBuffer()
        self.job: Job | None = None
        self.stage = "startup"
        self.mode: str | None = None
        self.clock = StageClock(  # until the first job
            pgid=self.pid, limit=0.0, started=0.0, wall_deadline=0.0, cpu_start=0.0, deadline=0.0
        )
        self.log_offset = 0
        self.alive = True

    def wait(self) -> int:
        """The worker's exit code, as `Popen.returncode` (-N for signal N), once it has ended."""
        ended = self.wait_for(None)
        assert ended and self.returncode is not None
        return self.returncode

    def wait_for(self, timeout: float | None) -> bool:
        """Whether the worker has ended within `timeout` seconds (None: however long it takes)."""
        if self.returncode is None:
            if self.zygote is not None:
                self.returncode = self.zygote.wait_exit(self.pid, timeout)
            else:
                assert self.proc is not None
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.returncode = self.proc.wait(timeout)
        return self.returncode is not None

    def end_input(self) -> None:
        """No more jobs: the worker's loop ends at the end of its job pipe, and the process exits."""
        with contextlib.suppress(OSError):
            self.jobs.close()

    def assign(self, job: Job, limits: StageLimits, *, first: bool) -> None:
        self.job = job
        self._start_stage("startup" if first else "load", None, limits)
        self.log_offset = self.log.seek(0, os.SEEK_END)
        write_message(self.jobs, job)

    def entered(self, stage: StageStarted, limits: StageLimits) -> None:
        self._start_stage(stage.stage, stage.mode, limits)

    def _start_stage(self, stage: str, mode: str | None, limits: StageLimits) -> None:
        self.stage, self.mode = stage, mode
        self.clock = StageClock.start(self.pid, limit=limits.of(stage), cap=limits.wall_cap(stage))

    def stderr_tail(self) -> str:
        self.log.seek(self.log_offset)
        data = self.log.read()
        return data[-STDERR_TAIL_BYTES:].decode("utf-8", errors="replace")

    def kill(self) -> None:
        if self.alive:
            _kill_group(self.pid)
        self.alive = False
        self.wait()
        for closer in (self.jobs.close, lambda: os.close(self.results_r), self.log.close):
            with contextlib.suppress(OSError):
                closer()

    def where(self) -> str:
        return f"{self.mode}/{self.stage}" if self.mode else self.stage


def _retire(pool: list[_Worker], zygote: _Zygote | None, *, grace: float) -> None:
    """At the end of a run, asks the idle workers and then the zygote to exit as processes normally
    do (at the end of their input) instead of killing them, so that what a process does at exit is
    done: coverage.py writes the data it measured there (`patch = ["fork", "_exit"]`). Whatever has
    not ended within `grace` seconds is killed by the caller, as an interrupted run's workers are."""
    deadline = time.monotonic() + grace
    for worker in pool:
        if worker.alive:
            worker.end_input()
    for worker in pool:
        if worker.alive and worker.wait_for(max(0.0, deadline - time.monotonic())):
            worker.alive = False
    if zygote is not None and not any(worker.alive for worker in pool):
        zygote.end_input(timeout=max(0.0, deadline - time.monotonic()))


def describe_exit(returncode: int) -> tuple[str, str]:
    """(kind, words) for a worker that ended without answering."""
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return "WorkerSignal", f"was killed by {name}"
    return "WorkerExit", f"exited with code {returncode} without a result"


def _failed(job: Job, *, stage: str, kind: str, message: str, log: str, site: str) -> KernelResult:
    error = ToolError(stage=stage, kind=kind, message=message, log=log, site=site)
    kernel = KernelResult(
        name=job.name, family=job.family, path=job.path, source_hash=job.source_hash, errors=[error]
    )
    return classify(kernel, expected_divergences=job.expected_divergences)


def run_isolated(
    jobs: Iterable[Job], *, workers: int, limits: StageLimits | None = None
) -> Generator[tuple[Job, KernelResult], None, None]:
    """(job, result) in completion order. A deque of jobs is worked from as it is: the consumer may
    append jobs to it while it takes results (a run's second pass, on the same workers). Closing the
    generator (or an exception in the consumer, such as KeyboardInterrupt) kills every worker before
    it returns."""
    limits = limits or StageLimits()
    todo = jobs if isinstance(jobs, deque) else deque(jobs)
    pool: list[_Worker] = []
    zygote: _Zygote | None = None
    served: set[int] = set()  # pids that have finished at least one job (startup already paid)
    selector = selectors.DefaultSelector()
    finished = False
    try:
        while todo or any(w.job is not None for w in pool):
            pool = [w for w in pool if w.alive]
            while todo and len([w for w in pool if w.job is not None]) < workers:
                idle = next((w for w in pool if w.job is None), None)
                if idle is None:
                    zygote = zygote or _Zygote()
                    idle = _Worker(zygote, limits=limits)
                    pool.append(idle)
                    selector.register(idle.results_r, selectors.EVENT_READ, idle)
                idle.assign(todo.popleft(), limits, first=idle.pid not in served)
            busy = [w for w in pool if w.job is not None]
            wait = max(0.0, min(w.clock.deadline for w in busy) - time.monotonic()) if busy else 0.0
            for key, _ in selector.select(timeout=min(wait, 1.0)):
                worker: _Worker = key.data
                try:
                    chunk = os.read(worker.results_r, 1 << 20)
                except BlockingIOError:
                    continue
                if not chunk:  # the worker died: name the signal or exit code and the stage
                    selector.unregister(worker.results_r)
                    job = worker.job
                    worker.alive = False
                    returncode = worker.wait()
                    tail = worker.stderr_tail()
                    worker.kill()
                    if job is not None:
                        worker.job = None
                        kind, words = describe_exit(returncode)
                        yield job, _failed(
                            job, stage=worker.stage, kind=kind, site=f"worker:{worker.where()}",
                            message=f"the worker {words} in stage {worker.where()}", log=tail,
                        )  # fmt: skip
                    continue
                for message in worker.frames.feed(chunk):
                    if isinstance(message, StageStarted):
                        worker.entered(message, limits)
                    elif isinstance(message, JobDone) and worker.job is not None:
                        job, worker.job = worker.job, None
                        served.add(worker.pid)
                        yield job, message.result
            now = time.monotonic()
            for worker in pool:
                why = worker.clock.overrun(now) if worker.job is not None and worker.alive else None
                if why is not None and worker.job is not None:
                    job = worker.job
                    worker.job = None
                    selector.unregister(worker.results_r)
                    tail = worker.stderr_tail()
                    worker.kill()
                    yield job, _failed(
                        job, stage=worker.stage, kind="WorkerTimeout", site=f"worker:{worker.where()}",
                        message=f"stage {worker.where()} {why}; the worker was killed",
                        log=tail,
                    )  # fmt: skip
        finished = True
    finally:
        if finished:
            _retire(pool, zygote, grace=RETIRE_GRACE_S)
        for worker in pool:
            worker.kill()
        if zygote is not None:
            zygote.close()
        selector.close()
