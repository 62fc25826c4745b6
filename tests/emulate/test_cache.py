"""The build cache: an unchanged program is not recompiled (asserted on the cache-hit flag)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ttmigrate.emulate import build_program, simulate
from ttmigrate.emulate.build import default_cache_dir
from ttmigrate.emulate.programs import ProgramCase


def test_second_run_of_unchanged_program_hits_the_cache(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Callable[..., dict[str, str]], tmp_path: Path
) -> None:
    case = cases["eltwise_add_100x200"]
    # A comment unique to this test run makes the program new to the session cache.
    unique = mutate(case.artifacts, "main.cpp", "int main(", f"// {tmp_path}\nint main(")
    first = simulate(
        artifacts=unique,
        tensors=list(case.tensors),
        reference=case.reference,
        tolerance=None,
        cache_dir=sim_cache,
    )
    second = simulate(
        artifacts=unique,
        tensors=list(case.tensors),
        reference=case.reference,
        tolerance=None,
        cache_dir=sim_cache,
    )
    assert (first.status, second.status) == ("correct", "correct")
    assert (first.cache_hit, second.cache_hit) == (False, True)
    assert second.compile_s == 0.0


def test_changed_source_misses_and_compile_errors_are_cached(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Callable[..., dict[str, str]], tmp_path: Path
) -> None:
    case = cases["gemm_256"]
    broken = mutate(
        case.artifacts, "writer.cpp", "void kernel_main() {", f"// {tmp_path}\nvoid kernel_main() {{ oops;"
    )
    first = build_program(artifacts=broken, cache_dir=sim_cache)
    second = build_program(artifacts=broken, cache_dir=sim_cache)
    assert first.binary is None and second.binary is None
    assert (first.cache_hit, second.cache_hit) == (False, True)
    assert first.errors == second.errors and "writer.cpp" in first.errors


def test_cache_dir_follows_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TTMIGRATE_CACHE_DIR", str(tmp_path))
    assert default_cache_dir() == tmp_path / "sim"
    monkeypatch.delenv("TTMIGRATE_CACHE_DIR")
    monkeypatch.chdir(tmp_path)
    assert default_cache_dir() == tmp_path / ".ttmigrate-cache" / "sim"
