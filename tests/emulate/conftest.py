"""Shared fixtures: the hand-written program cases and their mutations. The emulator cache
(`sim_cache`: the runtime objects compile once per session, shared with the whole suite; programs
compile on first use) is tests/conftest.py's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ttmigrate.emulate.programs import ProgramCase, load_cases

PROGRAMS = Path(__file__).resolve().parents[1] / "data" / "programs"


@pytest.fixture(scope="session")
def cases() -> dict[str, ProgramCase]:
    return load_cases(PROGRAMS / "cases.json")


Mutate = Callable[[dict[str, str], str, str, str], dict[str, str]]


def _mutate(artifacts: dict[str, str], file_name: str, old: str, new: str) -> dict[str, str]:
    """A copy of `artifacts` with `old` replaced by `new` in `file_name`; `old` must occur exactly
    once, so a mutation can never silently leave the program unchanged."""
    text = artifacts[file_name]
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {file_name}"
    return {**artifacts, file_name: text.replace(old, new)}


@pytest.fixture(scope="session")
def mutate() -> Mutate:
    return _mutate
