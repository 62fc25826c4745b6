"""Compile many programs' hosts in one g++ process: the host batch of a cold `ttmigrate run`.

Why: a generated main.cpp costs about 0.45 CPU s to compile on its own, and almost all of it is the
libstdc++ and host-API template code that every host instantiates alike; in one translation unit
that code is compiled once, and each further host costs about 0.07 s (30 hosts: 2.5 s instead of
14 s). A cold run is mostly host compiles, so `ttmigrate run` first emits every kernel it will
emulate, hands the programs here as they come, and emulates each once its host is compiled.

How: each host goes into `namespace ttsim_host_<key> { ... }` (so that hosts' helpers of the same
name do not collide), its leading `#include <...>` lines hoisted above the namespaces (a standard
header must not be included inside a namespace; the precompiled header has them all already), and
an `extern "C"` entry point calls its `main`. The batch object is published in the object cache
and each host gets a record, `objects/<host unit key>.batch`, naming the object and the entry; a
program then links that object with `--defsym=main=<entry>` (ttmigrate.emulate.build.unit_object).

Same program, same verdict. Only hosts that the transformation cannot change are batched: every
preprocessor line is a leading angle-bracket `#include`, `main` is `int main(int argc, char**
argv)`, and the program ships no headers. The unit is compiled with the hosts' own flags plus
`-Werror=return-type` (only the global main returns 0 when it falls off its end), and a host that
declares a variable at namespace scope is left out (tree-sitter): in a batch it would be
constructed in every program linking the batch. A batch that fails to compile records nothing: its
hosts are compiled one by one when their programs are built, with their own errors.
"""

from __future__ import annotations

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

import tree_sitter

from ttmigrate.atomic import publish, write_text
from ttmigrate.emulate import build
from ttmigrate.ops.cpp_decls import cpp_parser

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
    if not _MAIN.search(rest) or _defines_variables(rest):
        return None
    return tuple(includes), rest


def _defines_variables(text: str) -> bool:
    """Whether the host declares a variable at namespace scope (or is not understood): in a batch
    each would be constructed in every program that links it, whichever host the program runs."""
    tree = cpp_parser().parse(text.encode("utf-8"))
    return tree.root_node.has_error or _scope_declares_variables(tree.root_node)


def _scope_declares_variables(scope: tree_sitter.Node) -> bool:
    for child in scope.named_children:
        if child.type == "namespace_definition":
            body = child.child_by_field_name("body")
            if body is not None and _scope_declares_variables(body):
                return True
        elif child.type == "template_declaration":
            if not any(c.type == "function_definition" for c in child.named_children):
                return True  # a variable template, or a class template with its statics
        elif child.type == "declaration":
            declarator = child.child_by_field_name("declarator")
            if declarator is None or declarator.type != "function_declarator":
                return True
        elif child.type == "linkage_specification":
            return True
    return False


class HostBatcher:
    """Hosts added as their programs are emitted, compiled in batches while more are added: a
    batch starts once `BATCH_SIZE` hosts wait (the rest at `finish_adding`), at most `jobs` compiles
    at a time. `resolved(keys)` tells when a program's host is compiled, or known not to be (it
    then compiles alone when its program is built). `close` kills any compile still running."""

    def __init__(self, *, cache_dir: Path | None = None, jobs: int = 1) -> None:
        self._root = cache_dir if cache_dir is not None else build.default_cache_dir()
        self._runtime = build.runtime_spec(self._root)  # the keys need it, not its build
        self._objects = self._root / build.OBJECTS_DIR
        self._jobs = max(1, jobs)
        self._pending: list[_Member] = []
        self._running: list[_Compile] = []
        self._unresolved: set[str] = set()
        self._seen: set[str] = set()  # every host added (one whose batch failed is not tried again)
        self._adding = True
        self.hosts = self.batches = self.failed = 0

    def add(self, programs: Iterable[Mapping[str, str]]) -> frozenset[str]:
        """Takes the hosts of `programs` (each a program's artifacts) that the object cache does
        not hold yet; the keys of those still to be compiled, which the programs wait for."""
        waits: set[str] = set()
        for artifacts in programs:
            member = self._member(artifacts)
            if member is None:
                continue
            if member.key not in self._seen:
                self._seen.add(member.key)
                self._unresolved.add(member.key)
                self._pending.append(member)
            waits.add(member.key)
        self.poll()
        return frozenset(waits & self._unresolved)

    def resolved(self, keys: frozenset[str]) -> bool:
        return not keys & self._unresolved

    @property
    def busy(self) -> bool:
        return bool(self._pending or self._running)

    def finish_adding(self) -> None:
        """No more hosts: the last ones are shared out among the free compile slots."""
        self._adding = False
        self.poll()

    def poll(self) -> None:
        """Publishes the compiles that have ended and starts the batches that are due."""
        for compile_ in [c for c in self._running if c.ended()]:
            self._finish(compile_)
        self._start_due(flush=not self._adding)

    def wait(self) -> None:
        """Blocks until a compile ends; with none running, starts what waits, even a short batch."""
        if not self._running:
            self._start_due(flush=True)
        while self._running and not any(c.ended() for c in self._running):
            time.sleep(0.02)
        self.poll()

    def close(self) -> None:
        for compile_ in self._running:
            compile_.kill()
        self._running.clear()

    def _member(self, artifacts: Mapping[str, str]) -> _Member | None:
        try:
            sources = build.program_sources(artifacts)
        except build.ProgramInputError:
            return None  # its build reports that
        if any(not name.endswith(".cpp") for name in sources):
            return None  # a program's headers are part of its host's compile: not batched
        key = build.host_unit_key(sources, self._runtime)
        if build.unit_object(self._objects, key) or (self._objects / f"{key}.err").exists():
            return None
        split = batch_member_text(sources[build.HOST_FILE])
        return None if split is None else _Member(key=key, includes=split[0], body=split[1])

    def _start_due(self, *, flush: bool) -> None:
        while self._pending and len(self._running) < self._jobs:
            free = self._jobs - len(self._running)
            size = min(BATCH_SIZE, math.ceil(len(self._pending) / free)) if flush else BATCH_SIZE
            if len(self._pending) < size:
                return
            if not build.runtime_ready(self._runtime):
                if not flush:
                    return  # it is being built (the run's thread): start once it is there
                build.runtime_for(self._root, jobs=self._jobs)
            batch, self._pending = self._pending[:size], self._pending[size:]
            self._running.append(_start(batch, runtime=self._runtime, objects=self._objects))

    def _finish(self, compile_: _Compile) -> None:
        self._running.remove(compile_)
        try:
            if compile_.succeeded():
                _publish(compile_, self._objects)
            else:
                self.failed += 1
        except OSError:  # not published (a full disk): the hosts compile alone, which reports it
            self.failed += 1
        finally:
            shutil.rmtree(compile_.work, ignore_errors=True)
        self.hosts += len(compile_.batch)
        self.batches += 1
        self._unresolved -= {member.key for member in compile_.batch}


def prebuild_hosts(
    programs: Iterable[Mapping[str, str]], *, cache_dir: Path | None = None, jobs: int = 1
) -> HostBatchReport:
    """Compile, in batches and now, the hosts of `programs` that the object cache does not hold;
    nothing when the object cache is disabled (`run --no-cache`)."""
    if not build.object_cache_enabled():
        return HostBatchReport(hosts=0, batches=0, failed=0)
    build.runtime_for(cache_dir if cache_dir is not None else build.default_cache_dir(), jobs=jobs)
    batcher = HostBatcher(cache_dir=cache_dir, jobs=jobs)
    try:
        batcher.add(programs)
        batcher.finish_adding()
        while batcher.busy:
            batcher.wait()
    finally:
        batcher.close()
    return HostBatchReport(hosts=batcher.hosts, batches=batcher.batches, failed=batcher.failed)


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

    def ended(self) -> bool:
        if self.process.poll() is None and time.monotonic() > self.deadline:
            self.kill()
        return self.process.poll() is not None

    def succeeded(self) -> bool:
        return self.process.poll() == 0

    def kill(self) -> None:
        build.kill_compile(self.process)
        shutil.rmtree(self.work, ignore_errors=True)


def _start(batch: list[_Member], *, runtime: build.Runtime, objects: Path) -> _Compile:
    objects.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="hosts-", dir=objects))
    (work / "hosts.cpp").write_text(_unit_text(batch), encoding="utf-8")
    command = [build.CXX, *BATCH_FLAGS, f"-I{runtime.pch_dir}", f"-I{build.INCLUDE_DIR}", "-c", "hosts.cpp"]
    process = subprocess.Popen(
        [*command, "-o", "hosts.o"], cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        process_group=0,  # killed with its compiler proper (build.kill_compile)
    )  # fmt: skip
    return _Compile(batch=batch, work=work, process=process, deadline=time.monotonic() + BATCH_TIMEOUT_S)


def _publish(compile_: _Compile, objects: Path) -> None:
    """The object first, then each host's record: a record never names a missing object."""
    name = "hosts-" + build.digest([member.key for member in compile_.batch])
    publish(compile_.work / "hosts.o", objects / f"{name}.o")
    for member in compile_.batch:
        record = {"object": f"{name}.o", "entry": _entry(member)}
        write_text(objects / f"{member.key}{build.BATCH_SUFFIX}", json.dumps(record, sort_keys=True) + "\n")
