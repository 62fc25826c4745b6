"""The program folders of tests/data/metalium_programs (written the way tt-metal v0.81's
programming examples are) run unmodified on the emulator: the host compiles with g++ against the
emulated tt-metalium headers and links {fmt}, each kernel compiles at CreateKernel with its compile_args,
and the host's own check of its results passes. Broken copies fail the way hardware would."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.fmt import fmt_missing

from ttmigrate.cli import main
from ttmigrate.emulate.program_run import run_program_folder

PROGRAMS = Path(__file__).resolve().parents[1] / "data" / "metalium_programs"
FOLDERS = sorted(path.name for path in PROGRAMS.iterdir() if path.is_dir())

pytestmark = pytest.mark.skipif(fmt_missing() is not None, reason=fmt_missing() or "")


def _copy(name: str, tmp_path: Path) -> Path:
    folder = tmp_path / name
    shutil.copytree(PROGRAMS / name, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    """Replaces `old`, which must occur exactly once, so an edit never silently misses."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_fixture_set_is_the_eight_programs() -> None:
    assert FOLDERS == [
        "compile_time_cb_ids",
        "eltwise_binary",
        "eltwise_sfpu",
        "loopback",
        "matmul_multi_core",
        "matmul_single_core",
        "pad_row_major",
        "vecadd_multi_core",
    ]


@pytest.mark.parametrize("name", FOLDERS)
def test_fixture_runs_unmodified_and_its_host_check_passes(name: str, sim_cache: Path) -> None:
    run = run_program_folder(folder=PROGRAMS / name, cache_dir=sim_cache)
    assert run.status == "passed", f"{run.detail}\n{run.stdout}\n{run.stderr}"
    assert run.exit_status == 0 and run.fault is None and run.warnings == ()
    assert run.host == "main.cpp"
    # each host prints one summary line with fmt::print when its own check passed
    assert f"{name.replace('vecadd_multi_core', 'vecadd')}: " in run.stdout
    assert "wrong" not in run.stdout + run.stderr


def test_dprint_lines_name_core_and_kernel(sim_cache: Path) -> None:
    run = run_program_folder(folder=PROGRAMS / "pad_row_major", cache_dir=sim_cache)
    prints = sorted(line for line in run.stdout.splitlines() if line.startswith("DPRINT"))
    assert prints == [
        f"DPRINT core ({i},0) kernels/dataflow/pad_reader.cpp: pad_reader: rows {4 * i} to {4 * i + 4}"
        for i in range(3)
    ]


def test_config_defines_reach_the_kernel_and_a_wrong_result_fails_the_host(
    sim_cache: Path, tmp_path: Path
) -> None:
    # The compute kernel subtracts under `#ifdef ELTWISE_SUB`: the define, given in the host's
    # ComputeConfig, must reach the kernel's compile, and the host's check of A + B must then fail.
    folder = _copy("eltwise_binary", tmp_path)
    _edit(
        folder / "main.cpp",
        "ComputeConfig{.math_fidelity = MathFidelity::HiFi4}",
        'ComputeConfig{.math_fidelity = MathFidelity::HiFi4, .defines = {{"ELTWISE_SUB", "1"}}}',
    )
    run = run_program_folder(folder=folder, cache_dir=sim_cache)
    assert run.status == "host-check-failed", run.detail
    assert run.exit_status == 1 and run.fault is None
    assert "eltwise_binary: " in run.stderr and "values wrong" in run.stderr


def test_sim_program_cli_reports_a_failing_host(sim_cache: Path, tmp_path: Path) -> None:
    folder = _copy("loopback", tmp_path)
    # the kernel skips the last page: the host's comparison of output with input must fail
    _edit(folder / "kernels" / "dataflow" / "loopback_copy.cpp", "i < n_pages;", "i + 1 < n_pages;")
    outcome = CliRunner().invoke(
        main, ["sim", "--program", str(folder), "--json", "--cache-dir", str(sim_cache)]
    )
    assert outcome.exit_code == 1, outcome.output
    data = json.loads(outcome.output)
    assert (data["status"], data["exit_status"], data["fault"], data["findings"]) == (
        "host-check-failed",
        1,
        None,
        [],
    )
    assert data["stderr"] == "loopback: output differs from input\n"
    text = CliRunner().invoke(main, ["sim", "--program", str(folder), "--cache-dir", str(sim_cache)])
    assert text.exit_code == 1
    assert text.output.splitlines()[0] == f"{folder} [host main.cpp]: host-check-failed (host exited 1)"
    assert "loopback: output differs from input" in text.output and "findings: 0" in text.output


def test_sim_program_cli_passes_host_args_and_prints_the_host_output(sim_cache: Path, tmp_path: Path) -> None:
    folder = _copy("loopback", tmp_path)
    _edit(
        folder / "main.cpp",
        "int main() {",
        'int main(int argc, char** argv) {\n    if (argc != 3 || std::string(argv[1]) != "--tiles" || std::string(argv[2]) != "50") {\n'
        '        fmt::print(stderr, "bad arguments\\n");\n        return 3;\n    }',
    )
    _edit(folder / "main.cpp", "#include <vector>", "#include <string>\n#include <vector>")
    good = CliRunner().invoke(
        main, ["sim", "--program", str(folder), "--cache-dir", str(sim_cache), "--", "--tiles", "50"]
    )
    assert good.exit_code == 0, good.output
    assert "passed (host exited 0)" in good.output and "loopback: 50 pages copied" in good.output
    bad = CliRunner().invoke(main, ["sim", "--program", str(folder), "--json", "--cache-dir", str(sim_cache)])
    data = json.loads(bad.output)
    assert (data["status"], data["exit_status"], data["stderr"]) == (
        "host-check-failed",
        3,
        "bad arguments\n",
    )


def test_compile_time_arg_past_the_host_list_is_a_compile_error(sim_cache: Path, tmp_path: Path) -> None:
    folder = _copy("compile_time_cb_ids", tmp_path)
    _edit(
        folder / "main.cpp",
        "std::vector<uint32_t> writer_args = {c_cb};",
        "std::vector<uint32_t> writer_args;",
    )
    run = run_program_folder(folder=folder, cache_dir=sim_cache)
    assert run.status == "compile-error", run.detail
    assert run.fault is not None and run.fault.kind == "kernel-compile-error"
    assert "writer_ct.cpp" in run.detail


def test_an_edited_kernel_header_rebuilds_the_kernel(sim_cache: Path, tmp_path: Path) -> None:
    """The compiled-kernel cache is keyed by the kernel file; the headers it includes are checked
    against the content they had when it was compiled (a stale kernel would run the old code)."""
    folder = _copy("loopback", tmp_path)
    kernel = folder / "kernels" / "dataflow" / "loopback_copy.cpp"
    header = kernel.parent / "pages.h"
    header.write_text("#pragma once\n#define PAGES_COPIED(n) (n)\n", encoding="utf-8")
    _edit(kernel, '#include "api/debug/dprint.h"\n', '#include "api/debug/dprint.h"\n#include "pages.h"\n')
    _edit(kernel, "i < n_pages;", "i < PAGES_COPIED(n_pages);")
    first = run_program_folder(folder=folder, cache_dir=sim_cache)
    assert first.status == "passed", f"{first.detail}\n{first.stderr}"
    header.write_text("#pragma once\n#define PAGES_COPIED(n) ((n) - 1)\n", encoding="utf-8")
    edited = run_program_folder(folder=folder, cache_dir=sim_cache)
    assert edited.status == "host-check-failed", f"{edited.detail}\n{edited.stdout}"
    header.write_text("#pragma once\n#error the edited header\n", encoding="utf-8")
    broken = run_program_folder(folder=folder, cache_dir=sim_cache)
    assert (
        broken.status == "compile-error" and "pages.h:2:2: error: #error the edited header" in broken.detail
    )
    header.write_text("#pragma once\n#define PAGES_COPIED(n) (n)\n", encoding="utf-8")
    assert run_program_folder(folder=folder, cache_dir=sim_cache).status == "passed"


def test_kernel_path_naming_no_file_is_one_fault(sim_cache: Path, tmp_path: Path) -> None:
    folder = _copy("eltwise_sfpu", tmp_path)
    main_cpp = folder / "main.cpp"
    text = main_cpp.read_text(encoding="utf-8")
    assert text.count("exp_tiles.cpp") == 1
    main_cpp.write_text(text.replace("exp_tiles.cpp", "no_such_kernel.cpp"), encoding="utf-8")
    run = run_program_folder(folder=folder, cache_dir=sim_cache)
    assert run.status == "fault" and run.fault is not None and run.fault.kind == "unknown-kernel"
    assert "no_such_kernel.cpp" in run.detail


def test_folder_without_a_host_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "k.cpp").write_text("void kernel_main() {}\n", encoding="utf-8")
    outcome = CliRunner().invoke(main, ["sim", "--program", str(tmp_path), "--json"])
    assert outcome.exit_code == 1
    assert json.loads(outcome.output) == {
        "status": "error",
        "error": f"{tmp_path}: no C++ file defines main (the host program)",
    }


RAW_COPY = """
    for (uint32_t i = 0; i < n_pages; ++i) {
        noc_async_read(get_noc_addr_from_bank_id<true>(0, src_addr + i * page_bytes), l1_addr, page_bytes);
        noc_async_read_barrier();
        const InterleavedAddrGen<true> dst_gen = {.bank_base_address = dst_addr, .page_size = page_bytes};
        noc_async_write(l1_addr, get_noc_addr(i, dst_gen), page_bytes);
        noc_async_write_barrier();
    }
"""


def _raw_loopback(tmp_path: Path, *, bank: int) -> Path:
    """The loopback kernel rewritten with raw NoC addresses (as tt-metal's own loopback example)."""
    folder = _copy("loopback", tmp_path)
    kernel = folder / "kernels" / "dataflow" / "loopback_copy.cpp"
    text = kernel.read_text(encoding="utf-8")
    start, end = text.index("    for (uint32_t i = 0;"), text.index("    DPRINT(")
    kernel.write_text(
        text[:start] + RAW_COPY.replace("(0, src_addr", f"({bank}, src_addr") + text[end:], encoding="utf-8"
    )
    return folder


def test_raw_noc_addresses_move_the_same_bytes(sim_cache: Path, tmp_path: Path) -> None:
    run = run_program_folder(folder=_raw_loopback(tmp_path, bank=0), cache_dir=sim_cache)
    assert run.status == "passed", f"{run.detail}\n{run.stderr}"
    assert "loopback: 50 pages copied" in run.stdout


def test_a_dram_bank_the_emulator_does_not_have_is_a_fault(sim_cache: Path, tmp_path: Path) -> None:
    run = run_program_folder(folder=_raw_loopback(tmp_path, bank=3), cache_dir=sim_cache)
    assert run.status == "fault" and run.fault is not None, run.detail
    assert run.fault.kind == "noc-bad-address" and "noc_async_read" in run.fault.message
    outcome = CliRunner().invoke(
        main, ["sim", "--program", str(tmp_path / "loopback"), "--json", "--cache-dir", str(sim_cache)]
    )
    data = json.loads(outcome.output)
    assert outcome.exit_code == 1 and data["status"] == "fault"
    assert len(data["findings"]) == 1 and data["findings"][0].startswith("noc-bad-address")
