"""Shared pytest setup. Snapshot support (the `golden` fixture, orphan detection, CI guards) is a
plugin in the package; other stages may add their own fixtures here."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = ["ttmigrate.snapshot.pytest_plugin"]

# --import-mode=importlib puts no test folder on sys.path: tests/ goes there once, here, so that any
# test module imports the shared support (`support.corpus`) and another folder's helpers
# (`report.synthetic`, `report.browser`) by name.
_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.append(_TESTS)

# A folder (outside the checkout) to keep the session cache in across sessions, e.g. a developer's
# re-runs: every cache is keyed by content, so an old entry is only ever a correct hit. Unset: a
# fresh folder under the session's temporary root (what CI and the README's command measure).
KEEP_CACHE_ENV = "TTMIGRATE_TEST_CACHE_DIR"


def _session_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    kept = os.environ.get(KEEP_CACHE_ENV)
    if kept:
        folder = Path(kept)
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "ttmigrate-cache"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def shared_cache_dir(shared_build_cache: Path) -> Path:
    """The session's `$TTMIGRATE_CACHE_DIR` (stage cache, `sim/` emulator objects and programs)."""
    return shared_build_cache


@pytest.fixture(scope="session", autouse=True)
def shared_build_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One stage and object cache (`$TTMIGRATE_CACHE_DIR`) for the whole session, shared by the xdist
    workers (the folder above each worker's base temp): a kernel run or a program compiled by one test
    is a cache hit for the next, and nothing is written into the checkout. Caches are keyed by
    content, so sharing never changes an answer; tests of the caches use their own folders or
    programs made unique to the test."""
    folder = _session_cache_folder(tmp_path_factory)
    before = os.environ.get("TTMIGRATE_CACHE_DIR")
    os.environ["TTMIGRATE_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("TTMIGRATE_CACHE_DIR", None)
    else:
        os.environ["TTMIGRATE_CACHE_DIR"] = before


@pytest.fixture(scope="session")
def sim_cache(shared_cache_dir: Path) -> Path:
    """The session's emulator cache (`$TTMIGRATE_CACHE_DIR/sim`, as `default_cache_dir()`), shared
    with every other test and xdist worker: the runtime (the costliest compile: its objects and the
    host precompiled header) and each program are built once per session. A test that needs a miss
    makes its program unique (tests/emulate/test_cache.py); a test that points at a fresh folder
    of its own pays for a whole runtime build."""
    return shared_cache_dir / "sim"
