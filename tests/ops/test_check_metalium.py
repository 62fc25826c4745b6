"""scripts/check_metalium.py's checks, run against the real tt-metal wheel when it is in the cache
(``python scripts/check_metalium.py --fetch-only`` puts it there; .ci/run does so before the tests)."""

from __future__ import annotations

from pathlib import Path

from support.release import unpacked_release

from ttmigrate.emit.ir_driven.compute import header_order
from ttmigrate.emulate.build import INCLUDE_DIR
from ttmigrate.ops import kernel_api, release_check


def test_every_printed_call_include_and_symbol_matches_the_release() -> None:
    root = unpacked_release()
    rows = release_check.run_checks(
        root=root, emulator_include=INCLUDE_DIR, printed_includes=[kernel_api.DATAFLOW_H, *header_order()]
    )
    failed = [r for r in rows if r.failed]
    assert failed == [], release_check.render(failed)
    checked = {r.call for r in rows}
    assert {"matmul_tiles [registry]", "matmul_tiles [emulator]", "tt::tt_metal::CreateKernel"} <= checked
    # header-only host calls are reported, never silently passed
    assert {r.call for r in rows if r.verdict == "not-checkable"} >= {
        "tt::tt_metal::distributed::MeshBuffer::address"
    }


def test_a_wrong_signature_is_a_mismatch() -> None:
    root = unpacked_release()
    inc = root / release_check.HEADERS_IN_WHEEL
    good = kernel_api.fn("matmul_tiles")
    from dataclasses import replace

    from ttmigrate.ops.signature import Param

    six = replace(good, params=(*good.params, Param("transpose", "bool")))  # the mid-2025 form
    assert release_check.check_kernel_function(six, inc).verdict == "mismatch"
    gone = replace(good, name="mm_init")
    assert release_check.check_kernel_function(gone, inc).verdict == "missing"
    old = kernel_api.fn("copy_tile_init")
    assert release_check.check_kernel_function(replace(old, deprecated=None), inc).verdict == "mismatch"


def test_the_kernel_warning_policy_and_dialect_are_the_releases_jit_cflags(tmp_path: Path) -> None:
    """The emulator compiles kernels with the release's JIT warning options and language options
    (read from the cflags strings in its libtt_metal.so), and a library whose flags differ is a
    mismatch."""
    from ttmigrate.emulate.build import KERNEL_FLAGS
    from ttmigrate.ops.release import JIT_KERNEL_DIALECT, JIT_KERNEL_WARNINGS

    library = unpacked_release() / release_check.LIBRARY_IN_WHEEL
    assert release_check.jit_kernel_warnings(library) == JIT_KERNEL_WARNINGS
    assert release_check.jit_kernel_dialect(library) == JIT_KERNEL_DIALECT
    assert [r.verdict for r in release_check.jit_flag_rows(library)] == ["ok", "ok"]
    assert set(JIT_KERNEL_WARNINGS) | set(JIT_KERNEL_DIALECT) <= set(KERNEL_FLAGS)
    other = tmp_path / "libtt_metal.so"
    other.write_bytes(
        b"\x00\x7fELF\x00-O3 -MMD -Wall -Werror -Wno-unknown-pragmas -Wno-unused-variable\x00rest"
        b"\x00-std=c++20 -ftt-nttp -ffast-math -fno-exceptions -fno-use-cxa-atexit\x00"
    )
    assert release_check.jit_kernel_warnings(other) == (
        "-Wall",
        "-Werror",
        "-Wno-unknown-pragmas",
        "-Wno-unused-variable",
    )
    assert release_check.jit_kernel_dialect(other) == ("-std=c++20", "-fno-exceptions")
    assert [r.verdict for r in release_check.jit_flag_rows(other)] == ["mismatch", "mismatch"]
    none = tmp_path / "empty.so"
    none.write_bytes(b"\x00no flags here\x00")
    assert [r.verdict for r in release_check.jit_flag_rows(none)] == ["missing", "missing"]
