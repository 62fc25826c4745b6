"""Program folders (`ttmigrate sim --program`): the host file compiled and linked with the emulator
runtime, as tt-metal's host links libtt_metal; the kernels are compiled later, at `CreateKernel`
(runtime/jit.cpp), with the command this build hands over. Cached by content like `build_program`.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ttmigrate.atomic import publish
from ttmigrate.emulate.build import (
    BINARY_NAME,
    CXX,
    ERRORS_NAME,
    HOST_FLAGS,
    HOST_WRAPPER,
    INCLUDE_DIR,
    KERNEL_FLAGS,
    PCH_HEADER,
    Runtime,
    default_cache_dir,
    digest,
    first_errors,
    linker_flags,
    runtime_for,
)

# The host binary exports the runtime (-rdynamic) so that kernels compiled and loaded at
# CreateKernel (runtime/jit.cpp) bind to it. The host links {fmt} as the compiled library (Debian's
# libfmt-dev, as tt-metal links its own build of fmt); header-only, every compile that includes it
# also compiles fmt's implementation (2.8 s instead of 0.7 s per host). A kernel that prints
# (DPRINT formats with fmt) leaves fmt's symbols undefined: the loader binds them to the host's
# libfmt when the kernel is loaded, so a printing kernel compiles in about 0.5 s instead of 2 s.
HOST_LINK_FLAGS = ("-rdynamic", "-ldl", "-lfmt")
HOST_PRELUDE = '#ifndef OVERRIDE_KERNEL_PREFIX\n#define OVERRIDE_KERNEL_PREFIX ""\n#endif\n'


@dataclass(frozen=True, kw_only=True)
class HostBuild:
    binary: Path | None  # None when the host does not compile
    errors: str
    cache_hit: bool
    seconds: float
    jit_dir: Path  # where kernels compiled at CreateKernel are cached
    kernel_command: tuple[str, ...]  # compiler and flags for those kernels


def build_host(
    *,
    host: str,
    sources: Mapping[str, str],
    include_dirs: tuple[Path, ...] = (),
    cache_dir: Path | None = None,
) -> HostBuild:
    """Compile and link the host file `host` of a program folder (`sources`: its C++ files by
    relative path, headers included) with the emulator runtime. Cached by content like
    build_program; kernels are not compiled here."""
    root = cache_dir if cache_dir is not None else default_cache_dir()
    started = time.perf_counter()
    runtime = runtime_for(root)
    key = digest(
        [runtime.key, "host", *HOST_LINK_FLAGS, HOST_PRELUDE, host]
        + [f"{name}\0{text}" for name, text in sorted(sources.items())]
    )
    final = root / "hosts" / key
    cache_hit = (final / BINARY_NAME).exists() or (final / ERRORS_NAME).exists()
    if not cache_hit:
        _compile_host(final, host, sources, runtime)
    jit_dir = root / f"jit-{runtime.key}"
    jit_dir.mkdir(parents=True, exist_ok=True)
    command = (
        CXX,
        *KERNEL_FLAGS,
        *linker_flags(),
        f"-I{INCLUDE_DIR}",
        *(f"-I{path}" for path in include_dirs),
    )
    seconds = 0.0 if cache_hit else time.perf_counter() - started
    binary = final / BINARY_NAME
    errors = "" if binary.exists() else (final / ERRORS_NAME).read_text(encoding="utf-8")
    return HostBuild(
        binary=binary if binary.exists() else None,
        errors=errors,
        cache_hit=cache_hit,
        seconds=seconds,
        jit_dir=jit_dir,
        kernel_command=command,
    )


def _compile_host(final: Path, host: str, sources: Mapping[str, str], runtime: Runtime) -> None:
    final.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="build-", dir=final.parent))
    try:
        for name, text in sources.items():
            (work / "src" / name).parent.mkdir(parents=True, exist_ok=True)
            (work / "src" / name).write_text(text, encoding="utf-8")
        (work / HOST_WRAPPER).write_text(
            f'#include "{PCH_HEADER}"\n{HOST_PRELUDE}#include "src/{host}"\n', encoding="utf-8"
        )
        host_dir = (work / "src" / host).parent
        includes = [f"-I{runtime.pch_dir}", f"-I{INCLUDE_DIR}", f"-I{host_dir}", "-Isrc"]
        command = [CXX, *HOST_FLAGS, *includes, HOST_WRAPPER, *map(str, runtime.objects)]
        command += [*linker_flags(), *HOST_LINK_FLAGS, "-o", BINARY_NAME]
        done = subprocess.run(command, cwd=work, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log = (done.stdout + done.stderr).replace(f"{work}/", "").replace("src/", "")
            (work / ERRORS_NAME).write_text(first_errors(log), encoding="utf-8")
            (work / "compile.log").write_text(log, encoding="utf-8")
        shutil.rmtree(work / "src", ignore_errors=True)
        publish(work, final)
    finally:
        shutil.rmtree(work, ignore_errors=True)
