"""Compile many programs' hosts in one g++ process: the host batch of a cold `ttmigrate run`.

Why: a generated main.cpp costs about 0.45 CPU s to compile on its own, and almost all of it is the
libstdc++ and host-API template code that every host instantiates alike; in one translation unit
that code is compiled once, and each further host costs about 0.07 s (30 hosts: 2.5 s instead of
14 s). A cold run is mostly host compiles, so `ttmigrate run` first emits every kernel it will
emulate, hands the programs here, and only then emulates them.

How: each host goes into `namespace ttsim_host_<key> { ... }` (so that hosts' helpers of the same
name do not collide), its leading `#include <...>` lines hoisted above the namespaces (a standard
header must not be included inside a namespace; the precompiled header has them all already), and
an `extern "C"` entry point calls its `main`. The batch object is published in the object cache
and each host gets a record, `objects/<host unit key>.batch`, naming the object and the entry; a
program then links that object with `--defsym=main=<entry>` (ttmigrate.emulate.build.unit_object).

Same program, same verdict. Only hosts that the transformation cannot change are batched: every
preprocessor line is a leading angle-bracket `#include`, `main` is `int main(int argc, char**
argv)`, and the program ships no headers. The unit is compiled with the hosts' own flags plus
`-Werror=return-type` (only the global main returns 0 when it falls off its end). The hosts batched
are the run's own, rendered by ttmigrate.emit.host, which defines no namespace-scope objects (each
would be constructed in every program linking the batch). A batch that fails to compile records
nothing: its hosts are compiled one by one when their programs are built, with their own errors.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ttmigrate.atomic import write_text
from ttmigrate.emulate import build

BATCH_SIZE = 32  # hosts per unit: past a few dozen the unit's own cost no longer matters
BATCH_FLAGS = (*build.HOST_FLAGS, "-Werror=return-type")
BATCH_TIMEOUT_S = 600.0
_INCLUDE = re.compile(r"#\s*include\s*<[^<>]+>")
_MAIN = re.compile(r"^int main\(int argc, char\*\* argv\)", re.MULTILINE)


@dataclass(frozen=True, kw_only=True)
class HostBatchReport:
    hosts: int  # hosts compiled in batches
    batches: int
    failed: int  # batches that did not compile (their hosts are left to compile one by one)
    seconds: float


@dataclass(frozen=True, kw_only=True)
class _Member:
    key: str
    includes: tuple[str, ...]
    body: str  # the host with its #include lines blanked (line numbers kept)


def batch_member_text(text: str) -> tuple[tuple[str, ...], str] | None:
    """(leading #include lines, the rest with those lines blank) of a host that can be batched,
    else None."""
    includes: list[str] = []
    body: list[str] = []
    in_code = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            if in_code or not _INCLUDE.fullmatch(stripped):
                return None
            includes.append(stripped)
            body.append("")
            continue
        in_code = in_code or bool(stripped and not stripped.startswith("//"))
        body.append(line)
    rest = "\n".join(body)
    return (tuple(includes), rest) if _MAIN.search(rest) else None


def prebuild_hosts(
    programs: Iterable[Mapping[str, str]], *, cache_dir: Path | None = None, jobs: int = 1
) -> HostBatchReport:
    """Compile, in batches, the hosts of `programs` (each a program's artifacts) that the object
    cache does not hold yet; nothing when the object cache is disabled (`run --no-cache`)."""
    started = time.perf_counter()
    if not build.object_cache_enabled():
        return HostBatchReport(hosts=0, batches=0, failed=0, seconds=0.0)
    root = cache_dir if cache_dir is not None else build.default_cache_dir()
    runtime = build.runtime_for(root)
    objects = root / build.OBJECTS_DIR
    members = _members(programs, runtime=runtime, objects=objects)
    count = min(len(members), max(jobs, math.ceil(len(members) / BATCH_SIZE)))
    batches = [members[i::count] for i in range(count)] if count else []
    failed = _compile_batches(batches, runtime=runtime, objects=objects, jobs=jobs)
    hosts = sum(len(batch) for batch in batches)
    return HostBatchReport(
        hosts=hosts, batches=len(batches), failed=failed, seconds=time.perf_counter() - started
    )


def _members(
    programs: Iterable[Mapping[str, str]], *, runtime: build.Runtime, objects: Path
) -> list[_Member]:
    members: dict[str, _Member] = {}
    for artifacts in programs:
        try:
            sources = build.program_sources(artifacts)
        except build.ProgramInputError:
            continue  # its build reports that
        if any(not name.endswith(".cpp") for name in sources):
            continue  # a program's headers are part of its host's compile: not batched
        key = build.host_unit_key(sources, runtime)
        if key in members or build.unit_object(objects, key) or (objects / f"{key}.err").exists():
            continue
        split = batch_member_text(sources[build.HOST_FILE])
        if split is not None:
            members[key] = _Member(key=key, includes=split[0], body=split[1])
    return list(members.values())


def _unit_text(batch: list[_Member]) -> str:
    includes = list(dict.fromkeys(line for member in batch for line in member.includes))
    parts = [f'#include "{build.PCH_HEADER}"', *includes]
    for member in batch:
        space = f"ttsim_host_{member.key}"
        parts += [
            f"namespace {space} {{",
            f'#line 1 "{build.HOST_FILE}"',
            member.body,
            f"}}  // namespace {space}",
            f'extern "C" int {_entry(member)}(int argc, char** argv) {{ return {space}::main(argc, argv); }}',
        ]
    return "\n".join(parts) + "\n"


def _entry(member: _Member) -> str:
    return f"ttsim_host_entry_{member.key}"


@dataclass
class _Compile:
    batch: list[_Member]
    work: Path
    process: subprocess.Popen[bytes]
    deadline: float


def _compile_batches(
    batches: list[list[_Member]], *, runtime: build.Runtime, objects: Path, jobs: int
) -> int:
    """Compiles the batches, `jobs` at a time; the number that failed. Any compile still running
    when this is left (Ctrl-C) is killed."""
    objects.mkdir(parents=True, exist_ok=True)
    running: list[_Compile] = []
    failed = 0
    try:
        for batch in batches:
            while len(running) >= max(1, jobs):
                failed += _reap(running, objects)
            running.append(_start(batch, runtime=runtime, objects=objects))
        while running:
            failed += _reap(running, objects)
    finally:
        for compile_ in running:
            compile_.process.kill()
            compile_.process.wait()
            shutil.rmtree(compile_.work, ignore_errors=True)
    return failed


def _start(batch: list[_Member], *, runtime: build.Runtime, objects: Path) -> _Compile:
    work = Path(tempfile.mkdtemp(prefix="hosts-", dir=objects))
    (work / "hosts.cpp").write_text(_unit_text(batch), encoding="utf-8")
    command = [build.CXX, *BATCH_FLAGS, f"-I{runtime.pch_dir}", f"-I{build.INCLUDE_DIR}", "-c", "hosts.cpp"]
    process = subprocess.Popen(
        [*command, "-o", "hosts.o"], cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return _Compile(batch=batch, work=work, process=process, deadline=time.monotonic() + BATCH_TIMEOUT_S)


def _reap(running: list[_Compile], objects: Path) -> int:
    """Waits for one compile to end and publishes it; 1 when it failed (or overran), else 0."""
    while True:
        for compile_ in running:
            status = compile_.process.poll()
            if status is None and time.monotonic() > compile_.deadline:
                compile_.process.kill()
                status = compile_.process.wait()
            if status is None:
                continue
            running.remove(compile_)
            try:
                if status != 0:
                    return 1
                _publish(compile_, objects)
                return 0
            finally:
                shutil.rmtree(compile_.work, ignore_errors=True)
        time.sleep(0.02)


def _publish(compile_: _Compile, objects: Path) -> None:
    """The object first, then each host's record: a record never names a missing object."""
    name = "hosts-" + hashlib.sha256("\0".join(m.key for m in compile_.batch).encode()).hexdigest()[:24]
    build.publish(compile_.work / "hosts.o", objects / f"{name}.o")
    for member in compile_.batch:
        record = {"object": f"{name}.o", "entry": _entry(member)}
        write_text(objects / f"{member.key}{build.BATCH_SUFFIX}", json.dumps(record, sort_keys=True) + "\n")
