"""Compile a generated Metalium program against the emulation headers, with content-hash caches.

One translation unit per program file, each compiled on its own into an object cache: every kernel
file gets a small wrapper unit that renames its entry point (`kernel_main`, or the compute kernel's
`NAMESPACE`/`MAIN`) to a name derived from the file's name and content and registers it under its
file name, so an identical kernel file (the same reader in a dozen kernels, or in both modes) is
compiled once per cache, across kernels and runs; `main.cpp` is compiled through a wrapper that
loads the host precompiled header (`ttsim/host_pch.h`), a data-movement kernel through one that
loads `ttsim/dataflow_pch.h`. A kernel unit whose compile warns of a narrowing is checked again as
the device's JIT would judge it (NARROWING_CHECK, below). The objects and the runtime objects are
then linked. The runtime objects and the precompiled headers are built once per cache and key.

Keys: a unit's covers its wrapper, its file, the program's headers, the flags, the emulation
headers and runtime and the compiler version; a program's covers all its sources. Compile and
link errors are cached too, so re-running an unchanged broken program compiles nothing. A host may
also come from a batch object that holds many programs' hosts (`ttmigrate.emulate.host_batch`,
which a cold `ttmigrate run` uses): the program then links that object and takes its main from it.
`object_cache_disabled()` (`ttmigrate run --no-cache`) compiles everything afresh instead.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ttmigrate.atomic import locked, publish, write_text
from ttmigrate.cpus import available_cpus
from ttmigrate.ops.release import JIT_KERNEL_DIALECT, JIT_KERNEL_WARNINGS

PACKAGE_DIR = Path(__file__).resolve().parent
INCLUDE_DIR = PACKAGE_DIR / "include"
RUNTIME_DIR = PACKAGE_DIR / "runtime"

CXX = "g++"
COMMON_FLAGS = ("-std=c++17", "-pthread", "-fdiagnostics-color=never", "-fno-diagnostics-show-caret")
RUNTIME_FLAGS = (*COMMON_FLAGS, "-O2", "-DTTSIM_RUNTIME")  # the runtime defines the ops the headers tag
PROGRAM_FLAGS = (*COMMON_FLAGS, "-O1")
# Hosts run once per program (set-up, tilize, one launch) and their compile is most of a cold run's
# g++ time: -Og compiles a generated main.cpp in about 15 % less CPU than -O1 and computes the same
# (no option here changes floating-point semantics). Kernels, the emulated hot loops, keep -O1.
# -Werror=narrowing: a host's braced runtime-argument list that narrows (a 64-bit DeviceAddr into
# uint32_t) is ill-formed C++; g++ only warns, clang, which tt-metal builds with, rejects it, and
# the emulator must not accept a host the real toolchain refuses.
HOST_FLAGS = (*COMMON_FLAGS, "-Og", "-Werror=narrowing")
# Kernels are compiled under tt-metal's JIT warning policy at the target release (the op registry's
# JIT_KERNEL_WARNINGS, checked against the release's libtt_metal.so), so that a kernel the device
# build refuses (a signed/unsigned loop bound, a helper that falls off its end) is a compile error
# here too, not a program that runs. Narrowing needs a second look: on the device get_tile_size is
# constexpr over the tile-size table the JIT generates per program, so `.page_size =
# get_tile_size(cb)` with a constexpr CB id is a constant that fits, not a narrowing; the emulator
# reads the tile size when the kernel runs (one object serves every program), so there every such
# initialiser narrows, and the compile keeps narrowing a warning. A unit that warns of one is then
# checked again, syntax only, with get_tile_size constexpr as on the device (NARROWING_CHECK):
# a narrowing left there is one the device refuses, and the unit does not compile.
KERNEL_WARNINGS = (*JIT_KERNEL_WARNINGS, "-Wno-error=narrowing")
# and in the release's kernel dialect (JIT_KERNEL_DIALECT: no exceptions, no RTTI), which the
# emulator's own kernel-side headers keep to as well
KERNEL_FLAGS = (*PROGRAM_FLAGS, *JIT_KERNEL_DIALECT, *KERNEL_WARNINGS)
NARROWING_WARNING = "[-Wnarrowing]"
NARROWING_CHECK_FLAGS = ("-DTTSIM_CONSTANT_TILE_SIZES", "-Werror=narrowing")  # and its precompiled header's
NARROWING_CHECK = (*NARROWING_CHECK_FLAGS, "-fsyntax-only")  # the check: those flags, no object
HOST_FILE = "main.cpp"
HOST_WRAPPER = "ttsim_host.cpp"
PCH_HEADER = "ttsim/host_pch.h"
DATAFLOW_PCH_HEADER = "ttsim/dataflow_pch.h"
BINARY_NAME = "program"
ERRORS_NAME = "compile-errors.txt"
OBJECTS_DIR = "objects"
BATCH_SUFFIX = ".batch"  # objects/<host unit key>.batch: the batch object that holds that host
NO_CACHE_ENV = "TTMIGRATE_NO_CACHE"
MAX_ERROR_LINES = 12

SOURCE_SUFFIXES = (".cpp", ".h", ".hpp")
_FILE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*\.(cpp|h|hpp)$")
_DATAFLOW_API_INCLUDE = re.compile(r'#\s*include\s*[<"]api/dataflow/dataflow_api\.h[">]')
_DIRECTIVE = re.compile(r"#\s*(\w+)")
_DIAGNOSTIC = re.compile(r"(error|undefined reference|ld returned)", re.IGNORECASE)


class ProgramInputError(ValueError):
    """The artifacts do not form a program (no main.cpp, a bad file name)."""


@dataclass(frozen=True, kw_only=True)
class BuildResult:
    binary: Path | None  # None when the program does not compile
    errors: str  # first g++ error lines, paths relative to the program folder ("" when built)
    cache_hit: bool
    seconds: float  # wall time spent compiling in this call (0 on a cache hit)
    key: str


def default_cache_dir() -> Path:
    """`$TTMIGRATE_CACHE_DIR/sim`, else `.ttmigrate-cache/sim` under the current directory."""
    root = os.environ.get("TTMIGRATE_CACHE_DIR")
    return (Path(root) if root else Path.cwd() / ".ttmigrate-cache") / "sim"


def kernel_files(artifacts: Mapping[str, str]) -> list[str]:
    """The kernel sources of a program: every `.cpp` artifact except the host program."""
    return sorted(name for name in artifacts if name.endswith(".cpp") and name != HOST_FILE)


@contextlib.contextmanager
def object_cache_disabled() -> Iterator[None]:
    """Inside: every build (in this process and the worker processes it spawns) compiles every
    translation unit afresh in a throwaway folder: `ttmigrate run --no-cache`, the benchmark's
    cache-disabled baseline. The previous setting is restored on the way out."""
    before = os.environ.get(NO_CACHE_ENV)
    os.environ[NO_CACHE_ENV] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(NO_CACHE_ENV, None)
        else:
            os.environ[NO_CACHE_ENV] = before


def object_cache_enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def build_program(*, artifacts: Mapping[str, str], cache_dir: Path | None = None) -> BuildResult:
    """The program's binary, from the program cache, else linked from per-translation-unit objects
    (each taken from the object cache, else compiled once); compile errors are cached as well."""
    sources = program_sources(artifacts)
    root = cache_dir if cache_dir is not None else default_cache_dir()
    started = time.perf_counter()
    runtime = runtime_for(root)
    # the kernel units' flags are in the key (a program cached under other warning options must not
    # run); the host's are in the runtime's, with the precompiled header they were built with
    key = digest(
        [
            runtime.key,
            *PROGRAM_FLAGS,
            *KERNEL_FLAGS,
            *NARROWING_CHECK,
            *(f"{name}\0{text}" for name, text in sorted(sources.items())),
        ]
    )
    if not object_cache_enabled():
        with tempfile.TemporaryDirectory(prefix="ttsim-nocache-") as scratch:
            build = _link_program(Path(scratch), Path(scratch) / "program", sources, runtime)
            if build is not None:
                # the binary lives in the scratch folder: keep it next to the caller's cache
                keep = root / "uncached" / f"{key}-{os.getpid()}-{time.monotonic_ns()}"
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy2(build, keep / BINARY_NAME)
                return BuildResult(
                    binary=keep / BINARY_NAME, errors="", cache_hit=False,
                    seconds=time.perf_counter() - started, key=key,
                )  # fmt: skip
            errors = (Path(scratch) / "program" / ERRORS_NAME).read_text(encoding="utf-8")
            return BuildResult(
                binary=None, errors=errors, cache_hit=False, seconds=time.perf_counter() - started, key=key
            )
    final = root / "programs" / key
    if not (final / BINARY_NAME).exists() and not (final / ERRORS_NAME).exists():
        _link_program(root, final, sources, runtime)
        seconds = time.perf_counter() - started
        cache_hit = False
    else:
        seconds = 0.0
        cache_hit = True
    if (final / BINARY_NAME).exists():
        return BuildResult(
            binary=final / BINARY_NAME, errors="", cache_hit=cache_hit, seconds=seconds, key=key
        )
    errors = (final / ERRORS_NAME).read_text(encoding="utf-8")
    return BuildResult(binary=None, errors=errors, cache_hit=cache_hit, seconds=seconds, key=key)


def program_sources(artifacts: Mapping[str, str]) -> dict[str, str]:
    if HOST_FILE not in artifacts:
        raise ProgramInputError(
            f"artifacts have no {HOST_FILE} (got: {', '.join(sorted(artifacts)) or 'nothing'})"
        )
    # Headers travel with the kernels that include them; other artifacts (tt.plan.json) are ignored.
    sources = {name: text for name, text in artifacts.items() if name.endswith(SOURCE_SUFFIXES)}
    for name in sources:
        if not _FILE_NAME.match(name) or name.startswith("ttsim_"):
            raise ProgramInputError(f"artifact name {name!r} is not a plain source file name")
    if not kernel_files(sources):
        raise ProgramInputError("artifacts have no kernel file besides main.cpp")
    return sources


@dataclass(frozen=True, kw_only=True)
class _Unit:
    """One translation unit: a generated wrapper that includes one program file."""

    wrapper_name: str
    wrapper: str
    source_name: str  # the program file it includes (main.cpp or a kernel file)
    pch: bool  # compiled against the host precompiled header
    dataflow: bool = False  # a kernel file that includes dataflow_api.h: compiled against its header


_HOST_UNIT = _Unit(
    wrapper_name=HOST_WRAPPER,
    wrapper=f'#include "{PCH_HEADER}"\n#include "{HOST_FILE}"\n',
    source_name=HOST_FILE,
    pch=True,
)


def _units(sources: Mapping[str, str]) -> list[_Unit]:
    return [_HOST_UNIT, *(_kernel_unit(name, sources[name]) for name in kernel_files(sources))]


def _kernel_unit(file_name: str, text: str) -> _Unit:
    # Symbols are named after the file's name and content, not its place in the program, so the
    # same kernel file compiles to the same object in every program that contains it.
    tag = hashlib.sha256(f"{file_name}\0{text}".encode()).hexdigest()[:16]
    entry = f"ttsim_kernel_{tag}"
    space = f"ttsim_ns_{tag}"
    dataflow = includes_dataflow_api_first(text)
    wrapper = (
        f"// Generated by ttmigrate.emulate.build: entry point of {file_name}.\n"
        f'#include "{DATAFLOW_PCH_HEADER if dataflow else "ttsim/registry.h"}"\n'
        f"__attribute__((weak)) void {entry}();\n"
        f"namespace {space} {{ __attribute__((weak)) void ttsim_main(); }}\n"
        f"#define kernel_main {entry}\n"
        f"#define NAMESPACE {space}\n"
        "#define MAIN ttsim_main()\n"
        f'#include "{file_name}"\n'
        "#undef kernel_main\n#undef NAMESPACE\n#undef MAIN\n"
        "namespace {\n"
        f'const ttsim::KernelRegistration ttsim_registration("{file_name}", &{entry}, &{space}::ttsim_main);\n'
        "}\n"
    )
    return _Unit(
        wrapper_name=f"ttsim_wrap_{tag}.cpp",
        wrapper=wrapper,
        source_name=file_name,
        pch=False,
        dataflow=dataflow,
    )


def includes_dataflow_api_first(text: str) -> bool:
    """Whether a kernel file includes api/dataflow/dataflow_api.h before anything that could change
    what the header means: only comments, blank lines and other includes come first (no macro, no
    conditional, no code). Such a file may be compiled against the precompiled header, which puts
    dataflow_api.h ahead of all of it; any other is compiled as it is written."""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("//"):
            continue
        if _DATAFLOW_API_INCLUDE.fullmatch(stripped.split("//")[0].strip()):
            return True
        directive = _DIRECTIVE.match(stripped)
        if directive is None or directive.group(1) not in ("include", "pragma"):
            return False
    return False


def _unit_key(unit: _Unit, sources: Mapping[str, str], runtime: Runtime) -> str:
    # Headers shipped with the program may be included by any unit: they are part of every key.
    headers = [f"{n}\0{t}" for n, t in sorted(sources.items()) if not n.endswith(".cpp")]
    # the unit's commands, without their include folders (a key does not depend on where a cache is)
    commands = [arg for command in unit_commands(unit, runtime) if command for arg in command]
    return digest(
        [
            runtime.key,
            *(arg for arg in commands if not arg.startswith("-I")),
            unit.wrapper,
            unit.source_name,
            sources[unit.source_name],
            *headers,
        ]
    )


def host_unit_key(sources: Mapping[str, str], runtime: Runtime) -> str:
    """The object-cache key of a program's host unit (`sources`: as `program_sources` returns)."""
    return _unit_key(_HOST_UNIT, sources, runtime)


def unit_object(objects: Path, key: str) -> tuple[Path, tuple[str, ...]] | None:
    """(object file, link flags) of a compiled unit: its own `<key>.o`, else the host batch object
    that holds it, whose entry point the link makes the program's main; None when neither is there."""
    own = objects / f"{key}.o"
    if own.exists():
        return own, ()
    try:
        record = json.loads((objects / f"{key}{BATCH_SUFFIX}").read_text(encoding="utf-8"))
        batch, entry = objects / str(record["object"]), str(record["entry"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return (batch, (f"-Wl,--defsym=main={entry}",)) if batch.exists() else None


def _compile_unit(unit: _Unit, sources: Mapping[str, str], runtime: Runtime, objects: Path) -> str:
    """Compiles one unit into `objects/<key>.o`, or records its errors in `objects/<key>.err`;
    returns the key. A unit already in the cache (or in a host batch) is not compiled again."""
    key = _unit_key(unit, sources, runtime)
    if unit_object(objects, key) is not None or (objects / f"{key}.err").exists():
        return key
    objects.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="unit-", dir=objects))
    try:
        for name, text in sources.items():
            if name == unit.source_name or not name.endswith(".cpp"):
                (work / name).write_text(text, encoding="utf-8")
        (work / unit.wrapper_name).write_text(unit.wrapper, encoding="utf-8")
        compile, check = unit_commands(unit, runtime)
        done = subprocess.run(compile, cwd=work, capture_output=True, text=True, check=False)
        if done.returncode == 0 and check is not None and NARROWING_WARNING in done.stdout + done.stderr:
            # a narrowing the compile warned of: judged by the check, as the device's JIT would
            checked = subprocess.run(check, cwd=work, capture_output=True, text=True, check=False)
            done = checked if checked.returncode != 0 else done
        if done.returncode == 0:
            publish(work / "unit.o", objects / f"{key}.o")
        else:
            log = (done.stdout + done.stderr).replace(f"{work}/", "")
            write_text(objects / f"{key}.err", log)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return key


def unit_commands(unit: _Unit, runtime: Runtime) -> tuple[list[str], list[str] | None]:
    """The g++ command that compiles a unit (run in a folder that holds its wrapper and the program's
    files) and, for a kernel unit, the narrowing check's (None for the host). Only a compile that warns
    of a narrowing is checked: without one, none is left once get_tile_size is a constant."""
    if unit.pch:
        includes = [f"-I{runtime.pch_dir}", f"-I{INCLUDE_DIR}", "-I."]
        return [CXX, *HOST_FLAGS, *includes, "-c", unit.wrapper_name, "-o", "unit.o"], None
    kernel_pch = [f"-I{runtime.kernel_pch_dir}"] if unit.dataflow else []
    check_pch = [f"-I{runtime.check_pch_dir}"] if unit.dataflow else []
    compile = [
        CXX,
        *KERNEL_FLAGS,
        *kernel_pch,
        f"-I{INCLUDE_DIR}",
        "-I.",
        "-c",
        unit.wrapper_name,
        "-o",
        "unit.o",
    ]
    check = [CXX, *KERNEL_FLAGS, *NARROWING_CHECK, *check_pch, f"-I{INCLUDE_DIR}", "-I.", unit.wrapper_name]
    return compile, check


def _link_program(root: Path, final: Path, sources: Mapping[str, str], runtime: Runtime) -> Path | None:
    """Compiles (or fetches) every unit and links them into `final`; the binary, or None when a unit
    or the link fails (`final/compile-errors.txt` then holds the first errors)."""
    objects = root / OBJECTS_DIR
    keys = [_compile_unit(unit, sources, runtime, objects) for unit in _units(sources)]
    linked = [unit_object(objects, key) for key in keys]
    failed = [objects / f"{key}.err" for key, found in zip(keys, linked, strict=True) if found is None]
    final.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="build-", dir=final.parent))
    try:
        if failed:
            log = "".join(path.read_text(encoding="utf-8") for path in failed)
        else:
            found = [unit for unit in linked if unit is not None]
            command = [CXX, *PROGRAM_FLAGS, *linker_flags(), *(str(path) for path, _ in found)]
            command += [*(flag for _, flags in found for flag in flags)]
            command += [*map(str, runtime.objects), "-o", BINARY_NAME]
            done = subprocess.run(command, cwd=work, capture_output=True, text=True, check=False)
            log = "" if done.returncode == 0 else (done.stdout + done.stderr).replace(f"{work}/", "")
        if log:
            (work / ERRORS_NAME).write_text(first_errors(log), encoding="utf-8")
            (work / "compile.log").write_text(log, encoding="utf-8")
        publish(work, final)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return None if log else final / BINARY_NAME


def first_errors(log: str) -> str:
    """The first error lines of a g++/ld log (warnings and notes dropped)."""
    lines = [line for line in log.splitlines() if _DIAGNOSTIC.search(line) and "warning:" not in line]
    return "\n".join((lines or log.splitlines())[:MAX_ERROR_LINES])


@dataclass(frozen=True, kw_only=True)
class Runtime:
    """The emulator runtime of one cache: its objects (linked into every program) and the host
    precompiled header, built once per key."""

    key: str
    objects: list[Path]
    pch_dir: Path  # holds ttsim/host_pch.h.gch
    kernel_pch_dir: Path  # holds ttsim/dataflow_pch.h.gch, built with KERNEL_FLAGS
    check_pch_dir: Path  # holds the same, built for the narrowing check

    @property
    def folder(self) -> Path:
        return self.pch_dir.parent


def runtime_spec(root: Path) -> Runtime:
    """Where the runtime of this cache is (or will be), and its key, without building it."""
    runtime_sources = sorted(RUNTIME_DIR.glob("*.cpp"))
    key = digest(
        [
            *RUNTIME_FLAGS,
            *PROGRAM_FLAGS,
            *HOST_FLAGS,
            *KERNEL_FLAGS,
            *NARROWING_CHECK_FLAGS,
            _compiler_id(),
            *(_read(path) for path in _emulator_files()),
        ]
    )
    final = root / f"runtime-{key}"
    return Runtime(
        key=key,
        objects=[final / f"{path.stem}.o" for path in runtime_sources],
        pch_dir=final / "pch",
        kernel_pch_dir=final / "pch-kernel",
        check_pch_dir=final / "pch-check",
    )


def runtime_ready(runtime: Runtime) -> bool:
    return (runtime.folder / "complete").exists()


class Compiles:
    """The compiles of one build, which another thread may abandon: a run that is interrupted (or
    ends) while the runtime is still being built on its thread kills the g++ processes instead of
    waiting for them (Python joins a pool's threads at exit, and with them every compile)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen[str]] = set()
        self._abandoned = False
        self.started = False  # whether any compile ran (the build had the lock, not waited for it)

    def run(self, command: list[str], *, cwd: Path) -> subprocess.CompletedProcess[str]:
        with self._lock:
            if self._abandoned:
                return subprocess.CompletedProcess(command, -1, "", "the build was abandoned")
            process = subprocess.Popen(
                command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                process_group=0,  # see kill_compile
            )  # fmt: skip
            self._running.add(process)
            self.started = True
        try:
            out, err = process.communicate()
        finally:
            with self._lock:
                self._running.discard(process)
        return subprocess.CompletedProcess(command, process.returncode, out, err)

    def abandon(self) -> None:
        """Kills the compiles that run and refuses new ones (the build then fails, and cleans up)."""
        with self._lock:
            self._abandoned = True
            running = list(self._running)
        for process in running:
            kill_compile(process)


def kill_compile(process: subprocess.Popen[Any]) -> None:
    """Kills a g++ started in its own process group (`process_group=0`), with the compiler proper
    (cc1plus) and the assembler it runs: killing the driver alone leaves them compiling, holding its
    output pipes open, so a reader of those pipes would still wait for the whole compile."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def runtime_for(root: Path, *, jobs: int | None = None, compiles: Compiles | None = None) -> Runtime:
    """The runtime objects and the host precompiled header, built once per cache and key; a build
    runs at most `jobs` compiles at a time (default: one per core), through `compiles` when given
    (so that its caller can abandon it)."""
    runtime = runtime_spec(root)
    if runtime_ready(runtime):
        return runtime
    root.mkdir(parents=True, exist_ok=True)
    # One builder per cache and key: the workers of a run (and the xdist workers of the test suite)
    # start together, and without the lock each would build the same runtime (the costliest compile).
    with locked(root / f"runtime-{runtime.key}.lock"):
        if not runtime_ready(runtime):
            _build_runtime(root, runtime, jobs=jobs, compiles=compiles or Compiles())
    return runtime


def _build_runtime(root: Path, runtime: Runtime, *, jobs: int | None, compiles: Compiles) -> None:
    # Called under the key's lock: a work folder of this key already there is a dead builder's (a
    # run killed, or one that exited while its abandoned build was still cleaning up).
    prefix = f"runtime-{runtime.key[:16]}-"
    for stale in root.glob(f"{prefix}*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix=prefix, dir=root))
    try:
        source_flags = [CXX, *RUNTIME_FLAGS, f"-I{INCLUDE_DIR}", f"-I{RUNTIME_DIR}", "-c"]
        # each header is built with its units' flags: g++ uses a precompiled header only for the
        # options it was made with (and parses the header instead, silently, for any other)
        headers = [
            (runtime.pch_dir, PCH_HEADER, HOST_FLAGS),
            (runtime.kernel_pch_dir, DATAFLOW_PCH_HEADER, KERNEL_FLAGS),
            (runtime.check_pch_dir, DATAFLOW_PCH_HEADER, (*KERNEL_FLAGS, *NARROWING_CHECK_FLAGS)),
        ]
        commands = [
            [*source_flags, str(RUNTIME_DIR / f"{obj.stem}.cpp"), "-o", obj.name] for obj in runtime.objects
        ]
        for folder, name, flags in headers:
            gch = work / folder.name / f"{name}.gch"
            gch.parent.mkdir(parents=True)
            commands.append(
                [CXX, *flags, f"-I{INCLUDE_DIR}", "-x", "c++-header", str(INCLUDE_DIR / name), "-o", str(gch)]
            )
        _compile_all(commands, cwd=work, jobs=jobs, compiles=compiles)
        (work / "complete").write_text(runtime.key, encoding="utf-8")
        publish(work, runtime.folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _compile_all(commands: list[list[str]], *, cwd: Path, jobs: int | None, compiles: Compiles) -> None:
    """Runs independent compiles side by side, `jobs` at a time (default: as many as there are
    cores). The runtime is the one build every run and test session waits for (its workers hold at
    the lock), so its translation units are compiled in parallel, not one after another in a single
    g++; a run passes its `--jobs`, which bounds every compile it starts."""

    def compile_one(command: list[str]) -> subprocess.CompletedProcess[str]:
        return compiles.run(command, cwd=cwd)

    with ThreadPoolExecutor(max_workers=max(1, jobs or available_cpus())) as pool:
        failures = [done.stderr for done in pool.map(compile_one, commands) if done.returncode != 0]
    if failures:
        raise RuntimeError("the emulator runtime does not compile:\n" + "\n".join(failures))


def _emulator_files() -> list[Path]:
    files = [path for path in INCLUDE_DIR.rglob("*") if path.is_file()]
    files += [path for path in RUNTIME_DIR.rglob("*") if path.is_file()]
    return sorted(files)


def _read(path: Path) -> str:
    return f"{path.relative_to(PACKAGE_DIR)}\0{path.read_text(encoding='utf-8')}"


@functools.cache
def linker_flags() -> tuple[str, ...]:
    """`-fuse-ld=gold` where the toolchain has gold, else nothing (ld.bfd). A cold run links every
    program once, and gold links one in about a third of ld.bfd's CPU time (0.02 s against 0.07 s);
    which linker made a binary changes nothing it does, so the choice is not part of a key."""
    with tempfile.TemporaryDirectory(prefix="ttsim-ld-") as scratch:
        (Path(scratch) / "probe.cpp").write_text("int main() { return 0; }\n", encoding="utf-8")
        command = [CXX, "-fuse-ld=gold", "probe.cpp", "-o", "probe"]
        done = subprocess.run(command, cwd=scratch, capture_output=True, check=False)
    return ("-fuse-ld=gold",) if done.returncode == 0 else ()


@functools.cache
def _compiler_id() -> str:
    if shutil.which(CXX) is None:
        raise RuntimeError(f"{CXX} is not on PATH; the emulator needs a C++17 compiler")
    done = subprocess.run([CXX, "--version"], capture_output=True, text=True, check=True)
    return done.stdout.splitlines()[0]


def digest(parts: list[str]) -> str:
    """The cache's key of `parts` (24 hex digits of a sha256 over them, each part delimited)."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8"))
        hasher.update(b"\xff")
    return hasher.hexdigest()[:24]
