"""Shared pytest setup. Snapshot support (the `golden` fixture, orphan detection, CI guards) is a
plugin in the package; other stages may add their own fixtures here."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

pytest_plugins = ["ttmigrate.snapshot.pytest_plugin"]


@pytest.fixture(scope="session", autouse=True)
def shared_build_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One stage and object cache (`$TTMIGRATE_CACHE_DIR`) for the whole session, shared by the xdist
    workers (the folder above each worker's base temp): a kernel run or a program compiled by one test
    is a cache hit for the next, and nothing is written into the checkout. Caches are keyed by
    content, so sharing never changes an answer; tests of the caches use their own folders."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "ttmigrate-cache"
    folder.mkdir(exist_ok=True)
    before = os.environ.get("TTMIGRATE_CACHE_DIR")
    os.environ["TTMIGRATE_CACHE_DIR"] = str(folder)
    yield
    if before is None:
        os.environ.pop("TTMIGRATE_CACHE_DIR", None)
    else:
        os.environ["TTMIGRATE_CACHE_DIR"] = before
