"""Fixtures: the hand-written GEMM reference program and exact textual mutations of it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

GEMM_DIR = Path(__file__).resolve().parents[1] / "data" / "programs" / "gemm_256"


def _load_gemm() -> dict[str, str]:
    return {
        name: (GEMM_DIR / name).read_text(encoding="utf-8")
        for name in ("reader.cpp", "compute.cpp", "writer.cpp", "main.cpp")
    }


def _edit(artifacts: dict[str, str], name: str, old: str, new: str) -> dict[str, str]:
    """A copy of `artifacts` with the single occurrence of `old` in `name` replaced by `new`."""
    text = artifacts[name]
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
    return {**artifacts, name: text.replace(old, new)}


Edit = Callable[[dict[str, str], str, str, str], dict[str, str]]


@pytest.fixture
def gemm() -> dict[str, str]:
    """A fresh copy of the reference artifacts (reader, compute, writer, main)."""
    return _load_gemm()


@pytest.fixture
def edit() -> Edit:
    """`edit(artifacts, name, old, new)`: a copy with the single occurrence of `old` replaced."""
    return _edit
