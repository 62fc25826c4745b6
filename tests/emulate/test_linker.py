"""Programs link with gold where the toolchain has it, and with the default linker where it does
not (the probe is a real link; the toolchain without gold is g++ behind a wrapper that refuses it)."""

from __future__ import annotations

import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from ttmigrate.emulate import build


@pytest.fixture()
def fresh_probe() -> Iterator[None]:
    build.linker_flags.cache_clear()
    yield
    build.linker_flags.cache_clear()  # later tests probe the real toolchain again


def test_gold_where_the_toolchain_has_it(fresh_probe: None) -> None:
    gold = shutil.which("ld.gold") is not None
    assert build.linker_flags() == (("-fuse-ld=gold",) if gold else ())


def test_the_default_linker_where_gold_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_probe: None
) -> None:
    without_gold = tmp_path / "g++"
    real = shutil.which("g++")
    assert real is not None
    without_gold.write_text(
        '#!/bin/sh\nfor a in "$@"; do [ "$a" = -fuse-ld=gold ] && { echo "no gold" >&2; exit 1; }; done\n'
        f'exec {real} "$@"\n'
    )
    without_gold.chmod(without_gold.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(build, "CXX", str(without_gold))
    assert build.linker_flags() == ()
