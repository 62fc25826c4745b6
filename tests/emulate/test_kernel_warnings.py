"""Kernels compile under tt-metal's JIT warning policy (`-Wall -Werror` with the device build's
exemptions, `ttmigrate.emulate.build.KERNEL_WARNINGS`): a kernel the device build refuses is a
compile error on the emulator too, never a program that runs and is judged. Narrowing stays a
warning (docs/ARCHITECTURE.md, "Kernel compile flags"): every IR-driven reader's
`.page_size = get_tile_size(cb)` narrows here and is a constant on the device."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support.fmt import fmt_missing
from support.goldens import ir_driven_golden

from ttmigrate.corpus.load import resolve_kernel
from ttmigrate.emulate import simulate_kernel
from ttmigrate.emulate.program_run import run_program_folder

REPO = Path(__file__).resolve().parents[2]
SIGNED_LOOP = ("for (uint32_t wu = start_id;", "for (int wu = start_id;")


def test_a_signed_loop_bound_the_device_build_refuses_is_a_compile_error(sim_cache: Path) -> None:
    kernel = resolve_kernel("gemm_256")
    golden = ir_driven_golden("gemm", "gemm_256")
    assert "get_tile_size(cb_A_shared)" in golden["reader.cpp"]  # narrows here: a warning only
    assert simulate_kernel(kernel=kernel, artifacts=golden, cache_dir=sim_cache).status == "correct"
    reader = golden["reader.cpp"]
    assert reader.count(SIGNED_LOOP[0]) == 1
    signed = {**golden, "reader.cpp": reader.replace(*SIGNED_LOOP)}
    result = simulate_kernel(kernel=kernel, artifacts=signed, cache_dir=sim_cache)
    assert result.status == "compile-error", result.detail
    assert result.detail.splitlines()[0].startswith("reader.cpp:")
    assert "[-Werror=sign-compare]" in result.detail


def test_a_helper_that_falls_off_its_end_is_a_compile_error(sim_cache: Path) -> None:
    kernel = resolve_kernel("add_256")
    golden = ir_driven_golden("eltwise", "add_256")
    compute = golden["compute.cpp"]
    assert compute.count("namespace NAMESPACE {") == 1
    helper = "namespace NAMESPACE {\ninline uint32_t tiles_per_block() {}\n"
    broken = {**golden, "compute.cpp": compute.replace("namespace NAMESPACE {", helper)}
    result = simulate_kernel(kernel=kernel, artifacts=broken, cache_dir=sim_cache)
    assert result.status == "compile-error", result.detail
    assert "[-Werror=return-type]" in result.detail and "compute.cpp:" in result.detail


@pytest.mark.skipif(fmt_missing() is not None, reason=fmt_missing() or "")
def test_a_kernel_created_at_run_time_compiles_under_the_same_policy(sim_cache: Path, tmp_path: Path) -> None:
    """A program folder's kernels compile when its host creates them (the JIT path): the same flags."""
    folder = tmp_path / "loopback"
    shutil.copytree(REPO / "tests" / "data" / "metalium_programs" / "loopback", folder)
    assert run_program_folder(folder=folder, cache_dir=sim_cache).status == "passed"
    kernel = folder / "kernels" / "dataflow" / "loopback_copy.cpp"
    text = kernel.read_text(encoding="utf-8")
    assert text.count("for (uint32_t i = 0; i < n_pages; ++i)") == 1
    kernel.write_text(text.replace("for (uint32_t i = 0;", "for (int i = 0;"), encoding="utf-8")
    run = run_program_folder(folder=folder, cache_dir=sim_cache)
    assert run.status == "compile-error", run.detail
    assert run.fault is not None and run.fault.kind == "kernel-compile-error"
    assert "sign-compare" in run.detail and "loopback_copy.cpp" in run.detail
