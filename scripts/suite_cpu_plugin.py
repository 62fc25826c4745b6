"""A pytest plugin for scripts/bench_suite.py: each test's wall time, its own CPU and the CPU of the
processes it started and waited for (getrusage around the test), one JSON file per xdist worker in
$TTMIGRATE_SUITE_CPU_DIR. Children killed by a test still count once they are reaped."""

from __future__ import annotations

import json
import os
import resource
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

OUT_ENV = "TTMIGRATE_SUITE_CPU_DIR"
_TESTS: list[dict[str, Any]] = []


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, None, None]:
    own, children, start = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
    yield
    _TESTS.append(
        {
            "id": item.nodeid,
            "wall": time.perf_counter() - start,
            "self": _cpu(resource.RUSAGE_SELF) - own,
            "children": _cpu(resource.RUSAGE_CHILDREN) - children,
        }
    )


def pytest_sessionfinish(session: pytest.Session) -> None:
    folder = os.environ.get(OUT_ENV)
    if not folder:
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    record = {
        "worker": worker,
        "self": _cpu(resource.RUSAGE_SELF),
        "children": _cpu(resource.RUSAGE_CHILDREN),
        "tests": _TESTS,
    }
    (Path(folder) / f"{worker}.json").write_text(json.dumps(record), encoding="utf-8")
