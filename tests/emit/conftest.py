from __future__ import annotations

import functools

import pytest

from ttmigrate.corpus import Kernel, load_corpus


@functools.cache
def _corpus() -> tuple[Kernel, ...]:
    return tuple(load_corpus().kernels)


@pytest.fixture(scope="session")
def corpus() -> tuple[Kernel, ...]:
    return _corpus()
