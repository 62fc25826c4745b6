"""Run a program folder written the way tt-metal's programming examples are: the host (the file
that defines `main`) is compiled and linked with the emulator runtime, and each kernel is compiled
when the host creates it, with the compile_args and defines of its CreateKernel config
(runtime/jit.cpp). The CreateKernel paths resolve inside the folder by the rules of
ttmigrate.compare.programs (the path as written, else its longest matching suffix).

The host judges itself: its exit status, its output and the emulator's faults and warnings are the
result; there is no NumPy reference here.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ttmigrate.compare.programs import Program, analyse_program
from ttmigrate.emulate.build import NARROWING_CHECK
from ttmigrate.emulate.faults import classify, describe, parse_fault, parse_warnings
from ttmigrate.emulate.host_build import HostBuild, build_host
from ttmigrate.emulate.model import Fault

DEFAULT_TIMEOUT_S = 300.0
SOURCE_SUFFIXES = (".cpp", ".cc", ".h", ".hpp")
# "passed": the host exited 0 without a fault; "host-check-failed": it exited non-zero on its own.
ProgramStatus = Literal["passed", "host-check-failed", "fault", "deadlock", "compile-error", "timeout"]


class ProgramFolderError(ValueError):
    """The folder is not a program (no file defines main)."""


@dataclass(frozen=True, kw_only=True)
class ProgramRun:
    status: ProgramStatus
    exit_status: int | None  # the host's exit status (None: it did not run or was killed)
    stdout: str
    stderr: str  # without the runtime's fault and warning lines
    host: str  # the file that defines main, relative to the folder
    detail: str
    fault: Fault | None = None
    warnings: tuple[str, ...] = ()
    compile_s: float = 0.0
    run_s: float = 0.0


def run_program_folder(
    *,
    folder: Path,
    host_args: Sequence[str] = (),
    cache_dir: Path | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> ProgramRun:
    sources = _sources(folder)
    program = analyse_program(
        artifacts={name: text for name, text in sources.items() if name.endswith(".cpp")}
    )
    host = program.host_name
    if host is None:
        raise ProgramFolderError(f"{folder}: no C++ file defines main (the host program)")
    build = build_host(
        host=host,
        sources={name: text for name, text in sources.items() if not _is_kernel(name, host)},
        include_dirs=(folder.resolve(),),
        cache_dir=cache_dir,
    )
    if build.binary is None:
        return ProgramRun(
            status="compile-error",
            exit_status=None,
            stdout="",
            stderr="",
            host=host,
            detail=f"the host {host} does not compile:\n{build.errors}",
            compile_s=build.seconds,
        )
    kernel_map = _kernel_map(folder, sources, host, program)
    return _run(
        build, folder=folder, host=host, host_args=host_args, kernel_map=kernel_map, timeout_s=timeout_s
    )


def _sources(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        raise ProgramFolderError(f"{folder}: not a folder")
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix in SOURCE_SUFFIXES
    }


def _is_kernel(name: str, host: str) -> bool:
    """Kernels are compiled at CreateKernel, not into the host: every .cpp but the host."""
    return name != host and name.endswith((".cpp", ".cc"))


def _kernel_map(folder: Path, sources: dict[str, str], host: str, program: Program) -> dict[str, Path]:
    """Every path the host's CreateKernel calls name (as the static model reads them) -> the file it
    resolves to; every kernel file also answers to its own relative path."""
    root = folder.resolve()
    mapping = {name: root / name for name in sources if _is_kernel(name, host)}
    if program.host is not None:
        for kernel in program.host.kernels.values():
            if kernel.path and kernel.file in mapping:
                mapping[kernel.path] = root / kernel.file
    return mapping


def _run(
    build: HostBuild,
    *,
    folder: Path,
    host: str,
    host_args: Sequence[str],
    kernel_map: dict[str, Path],
    timeout_s: float,
) -> ProgramRun:
    assert build.binary is not None
    with tempfile.TemporaryDirectory(prefix="ttsim-program-") as scratch:
        map_file = Path(scratch) / "kernels.tsv"
        map_file.write_text(
            "".join(f"{path}\t{file}\n" for path, file in kernel_map.items()), encoding="utf-8"
        )
        env = dict(
            os.environ,
            TTSIM_KERNEL_MAP=str(map_file),
            TTSIM_JIT_DIR=str(build.jit_dir),
            TTSIM_JIT_COMMAND="\n".join(build.kernel_command),
            TTSIM_JIT_NARROWING_CHECK="\n".join(NARROWING_CHECK),
            TTSIM_WATCHDOG_S=f"{min(30.0, timeout_s / 3):g}",
        )
        started = time.perf_counter()
        try:
            done = subprocess.run(
                [str(build.binary), *host_args],
                cwd=folder,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=timeout_s,
                env=env,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return ProgramRun(
                status="timeout",
                exit_status=None,
                stdout="",
                stderr="",
                host=host,
                detail=f"the program did not finish within {timeout_s:g} s and was killed",
                compile_s=build.seconds,
                run_s=time.perf_counter() - started,
            )
    run_s = time.perf_counter() - started
    warnings = parse_warnings(done.stderr)
    stderr = "".join(
        line
        for line in done.stderr.splitlines(keepends=True)
        if not line.startswith(("TTSIM-FAULT ", "TTSIM-WARNING "))
    )
    # A plain non-zero exit is the host's own verdict; a fault line or a signal is the emulator's.
    own_exit = done.returncode > 0 and parse_fault(done.stderr) is None
    verdict = None if own_exit else classify(returncode=done.returncode, stderr=done.stderr)
    status: ProgramStatus = "passed"
    fault: Fault | None = None
    detail = "the host exited 0 (its own check of the results passed)"
    if verdict is not None:
        fault = verdict[1]
        status = "deadlock" if verdict[0] == "deadlock" else "fault"
        if fault.kind == "kernel-compile-error":
            status = "compile-error"
        detail = describe(fault)
    elif done.returncode != 0:
        status = "host-check-failed"
        detail = f"the host exited with status {done.returncode} (its own check of the results failed)"
    return ProgramRun(
        status=status,
        exit_status=done.returncode,
        stdout=done.stdout,
        stderr=stderr,
        host=host,
        detail=detail,
        fault=fault,
        warnings=warnings,
        compile_s=build.seconds,
        run_s=run_s,
    )


__all__ = ["ProgramFolderError", "ProgramRun", "ProgramStatus", "run_program_folder"]
