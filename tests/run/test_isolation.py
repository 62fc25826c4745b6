"""Kernels run isolated: a crash, hang or exit in kernel code is that kernel's named error, and a
real `ttmigrate run` subprocess stops promptly and cleanly on real signals (SIGINT once or twice,
SIGKILL of the parent), leaving no worker alive; `--resume` continues what was interrupted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.processes import alive, wait_for

from ttmigrate.cli import main
from ttmigrate.run import isolation
from ttmigrate.run.isolation import run_isolated
from ttmigrate.run.protocol import Job
from ttmigrate.run.stage_limits import StageLimits

FAST_BAD = 'import pathlib\npathlib.Path(__file__).with_suffix(".count").open("a").write("x")\nraise ValueError("bad")\n'
LOOP = "while True:\n    pass\n"
TTMIGRATE = [sys.executable, "-c", "from ttmigrate.cli import main; main()"]


def _job(path: Path) -> Job:
    return Job(
        path=str(path),
        name=path.stem,
        family=path.parent.name,
        source_hash="0" * 64,
        snapshot_root="/nonexistent",
    )


def _workers_of(parent: int) -> list[int]:
    """Live worker processes started for `parent` (their command line names the parent's pid). The
    run's zygote (`--zygote`, the parent's own child) forks them and is not one of them."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            state, ppid = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
        except OSError:
            continue
        zygote = b"--zygote" in argv and int(ppid) == parent
        if b"ttmigrate.run.worker" in argv and str(parent).encode() in argv and state != "Z" and not zygote:
            found.append(int(entry.name))
    return found


def test_crashes_hangs_and_exits_in_kernel_code_are_named_errors(tmp_path: Path) -> None:
    family = tmp_path / "fam"
    family.mkdir()
    files = {
        "segv": "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n",
        "loop": LOOP,
        "osexit": "import os\nos._exit(3)\n",
        "exit7": "import sys\nsys.exit(7)\n",
        "interrupt": "raise KeyboardInterrupt\n",
    }
    for name, text in files.items():
        (family / f"{name}.py").write_text(text)
    # The limit is CPU time, which the endless loop burns in full before it is named: 1 s is ample
    # for the others' loads of a few lines each (a fresh worker's import of TVM is its startup stage,
    # with its own limit), and every second of it is paid by the loop.
    results = {
        job.name: result
        for job, result in run_isolated(
            [_job(family / f"{n}.py") for n in files], workers=2, limits=StageLimits.uniform(1.0)
        )
    }
    assert sorted(results) == sorted(files)
    errors = {name: result.errors[0] for name, result in results.items()}
    assert all(r.category == "error" for r in results.values())
    assert (errors["segv"].kind, errors["segv"].stage) == ("WorkerSignal", "load")
    assert "SIGSEGV" in errors["segv"].message
    assert errors["loop"].kind == "WorkerTimeout"
    assert "s of CPU time, over its limit of 1 s" in errors["loop"].message
    assert errors["osexit"].kind == "WorkerExit" and "code 3" in errors["osexit"].message
    assert errors["exit7"].kind == "KernelLoadError" and "exit(7)" in errors["exit7"].message
    assert f"{family / 'exit7.py'}:2" in errors["exit7"].message
    assert "KeyboardInterrupt" in errors["interrupt"].message


def test_a_stage_limit_is_cpu_time_with_a_wall_clock_cap(tmp_path: Path) -> None:
    """A worker that uses no CPU for longer than its limit (as one that is not scheduled on a
    loaded machine) is not a hang; one that uses none for longer than the cap is."""
    family = tmp_path / "fam"
    family.mkdir()
    files = {
        "slow": "import time\ntime.sleep(1.5)\nraise ValueError('late but done')\n",
        "stuck": "import time\ntime.sleep(1000)\n",
    }
    for name, text in files.items():
        (family / f"{name}.py").write_text(text)
    # The limit and cap are what is tested, not their defaults: "slow" sleeps 3x its CPU limit and
    # ends at well under half the cap; "stuck" is waited for until the cap (its whole cost).
    limits = StageLimits(seconds={"startup": 180.0, "load": 0.5}, wall_factor=8.0, wall_slack=0.0)
    results = {
        job.name: result.errors[0]
        for job, result in run_isolated([_job(family / f"{n}.py") for n in files], workers=2, limits=limits)
    }
    assert results["slow"].kind == "KernelLoadError" and "late but done" in results["slow"].message
    assert results["stuck"].kind == "WorkerTimeout"
    assert "did not finish within 4 s of wall-clock time" in results["stuck"].message


def test_a_zygote_that_does_not_start_leaves_fresh_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The zygote saves imports; without it (it exits before it is ready) the worker is a fresh
    interpreter, and a crash is still that kernel's named error."""
    monkeypatch.setattr(
        isolation, "zygote_command", lambda _fd: [sys.executable, "-c", "raise SystemExit(1)"]
    )
    family = tmp_path / "fam"
    family.mkdir()
    (family / "segv.py").write_text("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n")
    [(_done, result)] = list(run_isolated([_job(family / "segv.py")], workers=1))
    error = result.errors[0]
    assert (error.kind, error.stage) == ("WorkerSignal", "load") and "SIGSEGV" in error.message


@pytest.mark.parametrize(
    ("hang", "code"), [("spins", "while True:\n    pass\n"), ("sleeps", "import time\ntime.sleep(1000)\n")]
)
def test_a_zygote_that_hangs_while_starting_is_given_up_at_the_startup_limit(
    monkeypatch: pytest.MonkeyPatch, hang: str, code: str
) -> None:
    """A zygote that never says it is ready costs what a fresh worker's hung start would: the
    startup stage's CPU limit when it spins (not the wall-clock cap, which is far longer here), the
    cap when it sleeps. Then it is killed and the caller starts fresh interpreters."""
    monkeypatch.setattr(isolation, "zygote_command", lambda _fd: [sys.executable, "-c", code])
    cap = 120.0 if hang == "spins" else 1.0
    limits = StageLimits(seconds={"startup": 0.5}, wall_factor=0.0, wall_slack=cap - 0.5)
    assert limits.wall_cap("startup") == cap
    zygote = isolation._Zygote()
    read, write = os.pipe()
    try:
        started = time.monotonic()
        assert zygote.fork((read, write, write), limits=limits) is None
        waited = time.monotonic() - started
        assert zygote.proc.wait(timeout=10) == -signal.SIGKILL
    finally:
        zygote.close()
        os.close(read)
        os.close(write)
    assert waited < cap / 4 if hang == "spins" else waited >= cap


def test_a_finished_run_lets_its_workers_and_zygote_exit_on_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At the end of a run nothing is killed: the workers end at the end of their job pipe and the
    zygote at the end of its control socket, each with status 0 (so what a process does at exit,
    such as coverage.py saving its data, is done)."""
    ended: list[tuple[list[int | None], int | None]] = []
    retire = isolation._retire

    def watched(pool: list[isolation._Worker], zygote: isolation._Zygote | None, *, grace: float) -> None:
        retire(pool, zygote, grace=grace)
        ended.append(([worker.returncode for worker in pool], zygote.proc.returncode if zygote else None))

    monkeypatch.setattr(isolation, "_retire", watched)
    family = tmp_path / "fam"
    family.mkdir()
    for name in ("a", "b"):
        (family / f"{name}.py").write_text(FAST_BAD)
    results = list(run_isolated([_job(family / f"{n}.py") for n in ("a", "b")], workers=2))
    assert [result.errors[0].kind for _job_, result in results] == ["KernelLoadError"] * 2
    assert ended == [([0, 0], 0)]


def _start_run(corpus: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*TTMIGRATE, "run", "--corpus", str(corpus), "--out-dir", str(out),
         "--snapshots", str(out / "snapshots"), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def _looping_corpus(root: Path, count: int) -> Path:
    family = root / "corpus" / "fam"
    family.mkdir(parents=True)
    (family / "a_bad.py").write_text(FAST_BAD)
    for i in range(count):
        (family / f"loop_{i}.py").write_text(LOOP)
    return root / "corpus"


# A compiler that never finishes, as a driver with a child (g++ runs cc1plus): it answers --version
# (the stage cache's key asks) and records the pid of the child that would hold the compile.
SLOW_CXX = """#!/bin/sh
case "$1" in --version) echo "g++ (a stand-in that never finishes) 12"; exit 0;; esac
sleep 300 &
echo $! >> "$SLOW_CXX_CHILDREN"
wait
"""


def test_ctrl_c_during_the_emulator_runtime_build_kills_its_compiles(tmp_path: Path) -> None:
    """A cold run builds the emulator runtime on a thread in its main process. Ctrl-C then used to
    wait for those compiles (Python joins a pool's threads at exit): about 12 s on this machine. Now
    the build is abandoned: its compilers, and the processes they started, are killed."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "g++").write_text(SLOW_CXX)
    (bin_dir / "g++").chmod(0o755)
    children = tmp_path / "children.txt"
    corpus = _looping_corpus(tmp_path, 2)
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", SLOW_CXX_CHILDREN=str(children))
    env["TTMIGRATE_CACHE_DIR"] = str(tmp_path / "cache")  # empty: this run builds the runtime
    proc = subprocess.Popen(
        [*TTMIGRATE, "run", "--corpus", str(corpus), "--out-dir", str(tmp_path / "out"),
         "--snapshots", str(tmp_path / "snapshots"), "-j", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    try:
        assert wait_for(lambda: children.exists() and len(children.read_text().split()) == 2, 120)
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130, err.decode()
    compiles = [int(pid) for pid in children.read_text().split()]
    assert wait_for(lambda: not any(alive(pid) for pid in compiles), 5), compiles
    assert not list((tmp_path / "cache" / "sim").glob("runtime-*/"))  # no work folder left behind


@pytest.mark.parametrize("interrupts", [1, 2])
def test_ctrl_c_stops_promptly_kills_workers_and_keeps_results(tmp_path: Path, interrupts: int) -> None:
    corpus = _looping_corpus(tmp_path, 4)
    proc = _start_run(corpus, tmp_path / "out", "-j", "2")
    try:
        assert wait_for(lambda: len(_workers_of(proc.pid)) == 2, 120), "the workers never started"
        assert wait_for(lambda: (tmp_path / "out" / "results.json").exists(), 120)
        workers = _workers_of(proc.pid)
        started = time.monotonic()
        for _ in range(interrupts):
            proc.send_signal(signal.SIGINT)
            time.sleep(0.05)
        _out, err = proc.communicate(timeout=30)
        stopped = time.monotonic() - started
    finally:
        proc.kill()
    assert proc.returncode == 130, err.decode()
    assert stopped < 10, f"took {stopped:.1f} s to stop"
    assert "interrupted: partial results written" in err.decode()
    assert "Traceback" not in err.decode()
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    saved = json.loads((tmp_path / "out" / "results.json").read_text())
    assert saved["meta"]["complete"] is False
    assert [k["name"] for k in saved["kernels"]] == ["a_bad"]


def test_sigkill_of_the_parent_leaves_no_worker_alive(tmp_path: Path) -> None:
    corpus = _looping_corpus(tmp_path, 3)
    proc = _start_run(corpus, tmp_path / "out", "-j", "2")
    try:
        assert wait_for(lambda: len(_workers_of(proc.pid)) == 2, 120)
        workers = _workers_of(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        proc.kill()
    assert wait_for(lambda: not [pid for pid in workers if alive(pid)], 10), "workers outlived the run"


def test_resume_continues_an_interrupted_run(tmp_path: Path) -> None:
    corpus = _looping_corpus(tmp_path, 1)
    out = tmp_path / "out"
    proc = _start_run(corpus, out, "-j", "1")
    try:
        assert wait_for(lambda: len(_workers_of(proc.pid)) == 1, 120)
        assert wait_for(lambda: (out / "results.json").exists(), 120)
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130
    # The looping kernel is fixed (to another fast failure); the finished one must not run again.
    # The resumed run is about what it writes, not about its own process: it runs in this process
    # (its kernels still run in worker processes), saving a second interpreter's import of TVM.
    (corpus / "fam" / "loop_0.py").write_text(FAST_BAD)
    done = CliRunner().invoke(
        main, ["run", "--corpus", str(corpus), "--resume", str(out), "--snapshots", str(out / "snapshots")]
    )
    assert done.exit_code == 0, done.output
    saved = json.loads((out / "results.json").read_text())
    assert saved["meta"]["complete"] is True
    assert [k["name"] for k in saved["kernels"]] == ["a_bad", "loop_0"]
    assert (corpus / "fam" / "a_bad.count").read_text() == "x"  # imported once, by the first run
    assert (corpus / "fam" / "loop_0.count").read_text() == "x"


def test_resume_of_a_folder_without_results_is_one_clear_error(tmp_path: Path) -> None:
    corpus = _looping_corpus(tmp_path, 0)
    done = subprocess.run(
        [*TTMIGRATE, "run", "--corpus", str(corpus), "--resume", str(tmp_path)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "no results.json to resume from" in done.stderr
    assert os.listdir(tmp_path) == ["corpus"]
