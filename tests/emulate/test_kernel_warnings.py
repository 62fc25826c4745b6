"""Kernels compile under tt-metal's JIT warning policy (`-Wall -Werror` with the device build's
exemptions, `ttmigrate.emulate.build.KERNEL_WARNINGS`): a kernel the device build refuses is a
compile error on the emulator too, never a program that runs and is judged. Narrowing is judged
by a second, syntax-only pass with get_tile_size constexpr as on the device (docs/ARCHITECTURE.md,
"Kernel compile flags"): every IR-driven reader's `.page_size = get_tile_size(cb)` narrows in the
compile and is a constant on the device."""

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
CONSTEXPR_CB = "constexpr uint32_t cb_A_shared = tt::CBIndex::c_0;"


def _loopback(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the loopback program folder, and its kernel (created by its host at run time)."""
    folder = tmp_path / "loopback"
    shutil.copytree(REPO / "tests" / "data" / "metalium_programs" / "loopback", folder)
    return folder, folder / "kernels" / "dataflow" / "loopback_copy.cpp"


def test_a_signed_loop_bound_the_device_build_refuses_is_a_compile_error(sim_cache: Path) -> None:
    kernel = resolve_kernel("gemm_256")
    golden = ir_driven_golden("gemm", "gemm_256")
    assert "get_tile_size(cb_A_shared)" in golden["reader.cpp"]  # a constant: no narrowing
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
    folder, kernel = _loopback(tmp_path)
    assert run_program_folder(folder=folder, cache_dir=sim_cache).status == "passed"
    text = kernel.read_text(encoding="utf-8")
    assert text.count("for (uint32_t i = 0; i < n_pages; ++i)") == 1
    kernel.write_text(text.replace("for (uint32_t i = 0;", "for (int i = 0;"), encoding="utf-8")
    run = run_program_folder(folder=folder, cache_dir=sim_cache)
    assert run.status == "compile-error", run.detail
    assert run.fault is not None and run.fault.kind == "kernel-compile-error"
    assert "sign-compare" in run.detail and "loopback_copy.cpp" in run.detail


def test_a_tile_size_of_a_cb_id_not_known_at_compile_time_narrows_as_on_the_device(sim_cache: Path) -> None:
    """Without `constexpr` the CB id is a run-time value, so the device's constexpr get_tile_size is
    not a constant either and `.page_size = get_tile_size(cb)` is a narrowing the JIT refuses."""
    kernel = resolve_kernel("gemm_256")
    golden = ir_driven_golden("gemm", "gemm_256")
    reader = golden["reader.cpp"]
    assert reader.count(CONSTEXPR_CB) == 1
    runtime_id = {
        **golden,
        "reader.cpp": reader.replace(CONSTEXPR_CB, CONSTEXPR_CB.removeprefix("constexpr ")),
    }
    result = simulate_kernel(kernel=kernel, artifacts=runtime_id, cache_dir=sim_cache)
    assert result.status == "compile-error", result.detail
    assert "reader.cpp:" in result.detail and "[-Werror=narrowing]" in result.detail
    assert "get_tile_size" in result.detail


@pytest.mark.skipif(fmt_missing() is not None, reason=fmt_missing() or "")
def test_a_kernel_created_at_run_time_is_checked_for_narrowing_the_same_way(
    sim_cache: Path, tmp_path: Path
) -> None:
    """The JIT path runs the narrowing check too: a braced list that narrows a run-time value (a
    warning in the compile, as every get_tile_size initialiser is) fails the kernel."""
    folder, kernel = _loopback(tmp_path)
    text = kernel.read_text(encoding="utf-8")
    page_bytes = "uint32_t page_bytes = get_arg_val<uint32_t>(4);"
    assert text.count(page_bytes) == 1
    narrowed = page_bytes + "\n    const uint16_t page_halves{page_bytes};"
    kernel.write_text(text.replace(page_bytes, narrowed), encoding="utf-8")
    run = run_program_folder(folder=folder, cache_dir=sim_cache)
    assert run.status == "compile-error", run.detail
    assert run.fault is not None and run.fault.kind == "kernel-compile-error"
    assert "narrowing" in run.detail and "loopback_copy.cpp" in run.detail


def test_a_kernel_that_throws_is_a_compile_error_as_under_the_releases_no_exceptions(sim_cache: Path) -> None:
    """The JIT compiles kernels with -fno-exceptions -fno-rtti (ttmigrate.ops.release.JIT_KERNEL_DIALECT)."""
    kernel = resolve_kernel("gemm_256")
    golden = ir_driven_golden("gemm", "gemm_256")
    reader = golden["reader.cpp"]
    guard = "uint32_t num_units = get_arg_val<uint32_t>(3);"
    assert reader.count(guard) == 1
    throwing = {
        **golden,
        "reader.cpp": reader.replace(guard, guard + "\n    if (num_units > 4096) { throw num_units; }"),
    }
    result = simulate_kernel(kernel=kernel, artifacts=throwing, cache_dir=sim_cache)
    assert result.status == "compile-error", result.detail
    assert "reader.cpp:" in result.detail and "exception handling disabled" in result.detail
