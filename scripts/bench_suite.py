"""Time the test suite as the 45 s goal states it (`pytest -n 2`, no coverage) and show where its CPU
goes.

    python scripts/bench_suite.py [--workers 2] [--top 15] [--keep-cache DIR] [-- PYTEST_ARGS...]

One pytest session, in a fresh process tree with a fresh session cache (unless --keep-cache names a
folder kept across sessions: `TTMIGRATE_TEST_CACHE_DIR`). Prints the session's wall and CPU time
(user + sys of every process it waited for), the test processes' own CPU apart from the CPU of the
processes the tests started (g++, `ttmigrate run`'s zygote and workers, pytest subprocesses), and
the modules that cost most. The per-test figures come from scripts/suite_cpu_plugin.py.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = Path(__file__).resolve().parent
GOAL_SECONDS = 45.0


@dataclass
class ModuleCost:
    tests: int = 0
    wall: float = 0.0
    own: float = 0.0
    children: float = 0.0

    @property
    def cpu(self) -> float:
        return self.own + self.children


@dataclass
class SessionCost:
    wall: float
    cpu: float
    passed: bool
    workers_own: float = 0.0  # the xdist workers' CPU, collection included
    children: float = 0.0
    modules: dict[str, ModuleCost] = field(default_factory=dict)


def run_session(*, workers: int, keep_cache: Path | None, pytest_args: list[str]) -> SessionCost:
    with tempfile.TemporaryDirectory(prefix="bench-suite-") as scratch:
        figures = Path(scratch)
        env = dict(os.environ, CI="true", TTMIGRATE_SUITE_CPU_DIR=str(figures))
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SCRIPTS), env.get("PYTHONPATH", "")) if p)
        if keep_cache is not None:
            env["TTMIGRATE_TEST_CACHE_DIR"] = str(keep_cache)
        command = [sys.executable, "-m", "pytest", "-n", str(workers), "-q", "-p", "no:cacheprovider",
                   "-p", "suite_cpu_plugin", *pytest_args]  # fmt: skip
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=REPO, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        session = SessionCost(
            wall=time.perf_counter() - start,
            cpu=usage.ru_utime + usage.ru_stime,
            passed=os.waitstatus_to_exitcode(status) == 0,
        )
        # With xdist the controller's record only holds its workers, reaped, as its children.
        records = sorted(figures.glob("gw*.json")) or sorted(figures.glob("*.json"))
        for path in records:
            record = json.loads(path.read_text(encoding="utf-8"))
            session.workers_own += record["self"]
            session.children += record["children"]
            for test in record["tests"]:
                cost = session.modules.setdefault(test["id"].split("::", 1)[0], ModuleCost())
                cost.tests += 1
                cost.wall += test["wall"]
                cost.own += test["self"]
                cost.children += test["children"]
    return session


def report(session: SessionCost, *, top: int, whole_suite: bool) -> str:
    tests = sum(m.tests for m in session.modules.values())
    in_tests = sum(m.own for m in session.modules.values())
    met = "met" if session.wall <= GOAL_SECONDS and session.passed else "not met"
    goal = (
        f"goal <= {GOAL_SECONDS:.0f} s: {met}"
        if whole_suite
        else "a selection: the goal is the whole suite's"
    )
    lines = [
        f"pytest session: {tests} tests, {'passed' if session.passed else 'FAILED'}",
        f"  wall {session.wall:7.1f} s   ({goal})",
        f"  CPU  {session.cpu:7.1f} s   (the whole process tree)",
        f"  test processes' own CPU {session.workers_own:6.1f} s "
        f"({in_tests:.1f} s inside tests, the rest collection and set-up)",
        f"  processes the tests started {session.children:6.1f} s (g++, run workers, subprocesses)",
        f"  at least {session.cpu / 2:.0f} s on 2 cores even if shared perfectly",
        "",
        f"  the {top} costliest modules (a compile shared through the session cache, the emulator runtime's",
        "  build included, counts in the test that needed it first):",
        f"  {'CPU':>7} {'own':>7} {'started':>8} {'wall':>7} {'tests':>6}  module",
    ]
    for name, cost in sorted(session.modules.items(), key=lambda item: -item[1].cpu)[:top]:
        lines.append(
            f"  {cost.cpu:7.1f} {cost.own:7.1f} {cost.children:8.1f} {cost.wall:7.1f} {cost.tests:6d}  {name}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=2, help="pytest -n (default 2, as the goal)")
    parser.add_argument("--top", type=int, default=15, help="modules to list")
    parser.add_argument("--keep-cache", type=Path, help="a session cache kept across sessions")
    parser.add_argument("pytest_args", nargs="*", help="after --: passed to pytest (e.g. tests/run)")
    args = parser.parse_args(argv)
    session = run_session(workers=args.workers, keep_cache=args.keep_cache, pytest_args=args.pytest_args)
    print(report(session, top=args.top, whole_suite=not args.pytest_args))
    return 0 if session.passed else 1


if __name__ == "__main__":
    sys.exit(main())
