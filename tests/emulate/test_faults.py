"""Faulty programs (fixtures mutated in memory, one fault class each) come back as findings with
the right status and a detail that names the kernel, core, CB or argument at fault."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from support.goldens import golden

from ttmigrate.corpus.load import resolve_kernel
from ttmigrate.emulate import SimResult, simulate, simulate_kernel
from ttmigrate.emulate.programs import ProgramCase

Mutate = Callable[..., dict[str, str]]


def run(
    case: ProgramCase, cache: Path, artifacts: dict[str, str], watchdog_s: float | None = None
) -> SimResult:
    return simulate(
        artifacts=artifacts,
        tensors=list(case.tensors),
        reference=case.reference,
        tolerance=None,
        cache_dir=cache,
        watchdog_s=watchdog_s,
    )


def test_missing_pop_deadlocks_naming_kernel_and_cb(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Mutate
) -> None:
    case = cases["gemm_256"]
    artifacts = mutate(case.artifacts, "compute.cpp", "cb_pop_front(cb_in0, 1);", "")
    result = run(case, sim_cache, artifacts)
    assert result.status == "deadlock", result.detail
    fault = result.fault
    assert fault is not None and fault.kind == "deadlock"
    # The reader cannot reserve a page of c_0: compute never frees one.
    assert (fault.kernel, fault.cb, fault.fields["call"]) == ("reader.cpp", 0, "cb_reserve_back")
    assert fault.fields["occupied"] == fault.fields["capacity"] == 2
    assert fault.core is not None
    assert "reader.cpp blocked in cb_reserve_back(c_0, 1)" in result.detail
    assert "compute.cpp blocked in cb_wait_front(c_1, 1)" in result.detail


def test_consumer_waiting_for_a_page_nobody_will_push_deadlocks(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Mutate
) -> None:
    # The host tells the writer one tile more than compute produces: the producers finish and the
    # writer waits for ever (detected when the last producer finishes, not by a timeout).
    case = cases["gemm_256"]
    artifacts = mutate(
        case.artifacts,
        "main.cpp",
        "{static_cast<uint32_t>(buf_C->address()), start_tile[core_id], tile_count[core_id]}",
        "{static_cast<uint32_t>(buf_C->address()), start_tile[core_id], tile_count[core_id] + 1}",
    )
    result = run(case, sim_cache, artifacts)
    assert result.status == "deadlock", result.detail
    assert result.fault is not None
    assert (result.fault.kernel, result.fault.cb, result.fault.fields["call"]) == (
        "writer.cpp",
        16,
        "cb_wait_front",
    )
    assert "finished: reader.cpp, compute.cpp" in result.detail


def test_out_of_range_tile_read_is_a_noc_fault(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Mutate
) -> None:
    case = cases["gemm_256"]
    artifacts = mutate(
        case.artifacts,
        "reader.cpp",
        "noc_async_read_tile(kt * Nt + n,",
        "noc_async_read_tile((kt + 1) * Nt + n,",
    )
    result = run(case, sim_cache, artifacts)
    assert result.status == "fault", result.detail
    fault = result.fault
    assert fault is not None and fault.kind == "noc-out-of-bounds"
    assert fault.kernel == "reader.cpp"
    assert fault.fields["pages"] == 64
    assert isinstance(fault.fields["page"], int) and fault.fields["page"] >= 64
    assert "outside the buffer" in result.detail


def test_missing_runtime_argument_names_the_index(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Mutate
) -> None:
    case = cases["gemm_256"]
    artifacts = mutate(
        case.artifacts,
        "main.cpp",
        "{static_cast<uint32_t>(buf_C->address()), start_tile[core_id], tile_count[core_id]}",
        "{static_cast<uint32_t>(buf_C->address()), start_tile[core_id]}",
    )
    result = run(case, sim_cache, artifacts)
    assert result.status == "fault", result.detail
    fault = result.fault
    assert fault is not None and fault.kind == "runtime-arg-unset"
    assert (fault.kernel, fault.fields["index"], fault.fields["count"]) == ("writer.cpp", 2, 2)
    assert "get_arg_val(2)" in result.detail


def test_compile_error_reports_first_error_lines(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Mutate
) -> None:
    case = cases["gemm_256"]
    artifacts = mutate(case.artifacts, "compute.cpp", "matmul_tiles(", "matmul_tile(")
    result = run(case, sim_cache, artifacts)
    assert result.status == "compile-error"
    first = result.detail.splitlines()[0]
    assert first.startswith("compute.cpp:") and "error:" in first and "matmul_tile" in first
    assert "/" not in first.split(":")[0]  # no temporary build paths


def test_a_runtime_argument_list_that_narrows_a_buffer_address_does_not_compile(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Mutate
) -> None:
    """A DeviceAddr is 64-bit: in a braced uint32_t list, `buf->address()` without a cast narrows,
    which clang (tt-metal's compiler) rejects. g++ only warns; the emulator must reject it too."""
    case = cases["gemm_256"]
    artifacts = mutate(
        case.artifacts,
        "main.cpp",
        "{static_cast<uint32_t>(buf_C->address()), start_tile[core_id]",
        "{buf_C->address(), start_tile[core_id]",
    )
    result = run(case, sim_cache, artifacts)
    assert result.status == "compile-error", result.detail
    first = result.detail.splitlines()[0]
    assert first.startswith("main.cpp:") and "narrowing conversion" in first and "buf_C" in first


def test_push_beyond_reservation_is_cb_overflow(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Mutate
) -> None:
    case = cases["gemm_256"]
    artifacts = mutate(case.artifacts, "reader.cpp", "cb_push_back(cb_in0, 1);", "cb_push_back(cb_in0, 2);")
    result = run(case, sim_cache, artifacts)
    assert result.status == "fault", result.detail
    assert result.fault is not None
    assert (result.fault.kind, result.fault.kernel, result.fault.cb) == ("cb-overflow", "reader.cpp", 0)


def test_pop_beyond_wait_is_cb_underflow(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Mutate
) -> None:
    case = cases["gemm_256"]
    artifacts = mutate(case.artifacts, "writer.cpp", "cb_pop_front(cb_out0, 1);", "cb_pop_front(cb_out0, 2);")
    result = run(case, sim_cache, artifacts)
    assert result.status == "fault", result.detail
    assert result.fault is not None
    assert (result.fault.kind, result.fault.kernel, result.fault.cb) == ("cb-underflow", "writer.cpp", 16)


def test_push_before_read_barrier_is_a_fault(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Mutate
) -> None:
    case = cases["eltwise_add_100x200"]
    artifacts = mutate(case.artifacts, "reader.cpp", "noc_async_read_barrier();", "")
    result = run(case, sim_cache, artifacts)
    assert result.status == "fault", result.detail
    assert result.fault is not None
    assert (result.fault.kind, result.fault.kernel) == ("noc-read-not-flushed", "reader.cpp")


def test_reading_an_unwaited_tile_is_a_fault(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Mutate
) -> None:
    case = cases["eltwise_add_100x200"]
    artifacts = mutate(case.artifacts, "compute.cpp", "        cb_wait_front(cb_in1, 1);\n", "")
    result = run(case, sim_cache, artifacts)
    assert result.status == "fault", result.detail
    assert result.fault is not None
    assert (result.fault.kind, result.fault.kernel, result.fault.cb) == ("cb-read-unwaited", "compute.cpp", 1)


def test_pages_left_in_a_circular_buffer_are_a_fault(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Mutate
) -> None:
    # The writer reads its page but never frees it; with one tile per core nothing blocks and the
    # output is right, but the producer and consumer disagree on the page count (one more tile per
    # core would deadlock), so the verdict is a fault, never "correct".
    case = cases["gemm_256"]
    artifacts = mutate(case.artifacts, "writer.cpp", "cb_pop_front(cb_out0, 1);", "")
    result = run(case, sim_cache, artifacts)
    assert result.status == "fault", result.detail
    assert result.fault is not None
    assert (result.fault.kind, result.fault.cb, result.fault.core) == ("cb-unbalanced", 16, (0, 0))
    assert result.fault.message.startswith("circular buffer c_16 on core (0,0)")
    assert "1 pages pushed but 0 popped" in result.fault.message
    assert result.fault.message.endswith("(and 7 more)")  # one line per CB, capped at 8


def test_crash_in_a_kernel_names_the_kernel(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Mutate
) -> None:
    case = cases["gemm_256"]
    artifacts = mutate(
        case.artifacts,
        "writer.cpp",
        "    for (uint32_t i = 0; i < num_tiles; ++i) {",
        "    *reinterpret_cast<volatile uint32_t*>(dst_addr - dst_addr) = 1;\n"
        "    for (uint32_t i = 0; i < num_tiles; ++i) {",
    )
    result = run(case, sim_cache, artifacts)
    assert result.status == "fault", result.detail
    assert result.fault is not None
    assert (result.fault.kind, result.fault.kernel) == ("crash", "writer.cpp")
    assert "SIGSEGV" in result.detail


def test_spinning_kernel_is_reported_by_the_watchdog(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Mutate
) -> None:
    case = cases["eltwise_add_100x200"]
    artifacts = mutate(
        case.artifacts,
        "compute.cpp",
        "    compute_kernel_hw_startup(cb_in0, cb_in1, cb_out0);",
        "    for (volatile uint32_t spin = 0; spin < 1u; spin = spin * 1u) {}\n"
        "    compute_kernel_hw_startup(cb_in0, cb_in1, cb_out0);",
    )
    result = run(case, sim_cache, artifacts, watchdog_s=1.0)
    assert result.status == "deadlock", result.detail
    assert result.fault is not None and result.fault.kind == "hang"
    assert result.fault.fields["hang_kernel"] == "compute.cpp"
    assert "compute.cpp on core" in result.detail and "is running" in result.detail


def test_the_fault_reported_among_racing_kernels_is_the_same_every_run(sim_cache: Path) -> None:
    """The template's GEMM reader, compute and writer on a unary kernel each fault on every core
    (a CB the host never created), on threads that race. The report is the first core's (row-major)
    first kernel in CreateKernel order, whichever faulted first in time; it once changed between runs."""
    kernel = resolve_kernel("relu_512")
    artifacts = golden("unary", "relu_512", "template")
    main = artifacts["main.cpp"]
    assert main.index('"reader.cpp"') < main.index('"writer.cpp"') < main.index('"compute.cpp"')
    details = set()
    for _ in range(6):
        result = simulate_kernel(kernel=kernel, artifacts=artifacts, cache_dir=sim_cache)
        assert result.status == "fault" and result.fault is not None, result.detail
        assert (result.fault.kind, result.fault.kernel) == ("cb-not-configured", "reader.cpp"), result.detail
        assert result.fault.core == (0, 0), result.detail
        details.add(result.detail)
    assert len(details) == 1, details


def test_a_fault_recorded_before_a_hang_is_the_report(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Mutate
) -> None:
    """A kernel's fault stops only that kernel; when another then spins for good, the watchdog
    reports the recorded fault, whose kernel is the first culprit, instead of a hang."""
    case = cases["eltwise_add_100x200"]
    spinning = mutate(
        case.artifacts,
        "compute.cpp",
        "    compute_kernel_hw_startup(cb_in0, cb_in1, cb_out0);",
        "    for (volatile uint32_t spin = 0; spin < 1u; spin = spin * 1u) {}\n"
        "    compute_kernel_hw_startup(cb_in0, cb_in1, cb_out0);",
    )
    artifacts = mutate(
        spinning,
        "reader.cpp",
        "uint32_t l1_write_addr_in0 = get_write_ptr(cb_in0);",
        "uint32_t l1_write_addr_in0 = get_write_ptr(31);",
    )
    result = run(case, sim_cache, artifacts, watchdog_s=1.0)
    assert result.status == "fault", result.detail
    assert result.fault is not None and result.fault.kind == "cb-not-configured", result.detail
    assert result.fault.kernel == "reader.cpp" and result.fault.core == (0, 0), result.detail


def test_an_exception_from_beneath_a_kernel_is_that_kernels_fault(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Mutate
) -> None:
    """Kernels compile without exceptions, but the library beneath them still throws (an array
    `new` of an impossible length): the kernel's thread records it as the kernel's fault."""
    case = cases["eltwise_add_100x200"]
    artifacts = mutate(
        case.artifacts,
        "reader.cpp",
        "uint32_t l1_write_addr_in0 = get_write_ptr(cb_in0);",
        "volatile std::size_t huge = ~std::size_t{0};\n"
        "        uint32_t* volatile block = new uint32_t[huge];\n"
        "        delete[] block;\n"
        "        uint32_t l1_write_addr_in0 = get_write_ptr(cb_in0);",
    )
    result = run(case, sim_cache, artifacts)
    assert result.status == "fault", result.detail
    assert result.fault is not None and result.fault.kind == "uncaught-exception", result.detail
    assert result.fault.kernel == "reader.cpp", result.detail
    assert re.search(r"uncaught exception: std::bad_(alloc|array_new_length)", result.detail), result.detail
