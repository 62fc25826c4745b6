"""One program parsed and modelled once, shared by the comparison and the checks.

A program is a set of C++ artifacts keyed by their path (an emitter output: reader.cpp, compute.cpp,
writer.cpp, main.cpp; a program folder: main.cpp, kernels/dataflow/read.cpp, ...). The host is the
file that defines `main`. It is modelled first: the CreateKernel paths it names resolve to
artifacts the way tt-metal resolves them against its root (the path as written, else its longest
matching suffix), and each kernel is then modelled with the `defines` and `compile_args` its
CreateKernel config gives it.

A run models each kernel x mode once: the checks and the comparison both ask for the normalised
artifacts' program, and `analyse_program` keeps the last few programs by content, so the second
caller gets the first one's (read-only) model instead of parsing again. Below that, each artifact's
parse and model are kept by content too (its text, the defines and compile-time constants the host
gives it, the files its CreateKernel paths can name): programs that share files (the two modes'
identical readers, a golden and its mutants, which differ in one kernel) parse each shared file once.
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ttmigrate.compare.expr import Cb, Expr, Num
from ttmigrate.compare.extract import ExtractError, defines_function, extract_kernel
from ttmigrate.compare.host import extract_host
from ttmigrate.compare.model import HOST_ARTIFACT, HostKernel, HostModel, KernelModel
from ttmigrate.compare.parse import CppSyntaxError, Source, parse_cpp
from ttmigrate.compare.preprocess import PreprocessError

_LOOKS_LIKE_HOST = re.compile(r"\bint\s+main\s*\(")
_ANALYSIS_ERRORS = (CppSyntaxError, ExtractError, PreprocessError)


@dataclass
class Program:
    sources: dict[str, Source] = field(default_factory=dict)
    models: dict[str, KernelModel | HostModel] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # artifact -> why it could not be modelled
    error_lines: dict[str, int] = field(default_factory=dict)
    host_name: str | None = None  # the artifact that defines main
    unresolved: list[tuple[HostKernel, str]] = field(default_factory=list)  # CreateKernel paths
    host_like: set[str] = field(default_factory=set)  # artifacts whose text has an `int main(`

    @property
    def host(self) -> HostModel | None:
        model = self.models.get(self.host_name or HOST_ARTIFACT)
        return model if isinstance(model, HostModel) else None

    @property
    def host_failed(self) -> bool:
        """Whether an artifact that looks like the host could not be modelled."""
        return any(name == HOST_ARTIFACT or name in self.host_like for name in self.errors)

    def kernels(self) -> dict[str, KernelModel]:
        return {name: m for name, m in self.models.items() if isinstance(m, KernelModel)}


def resolve_kernel_path(path: str, artifacts: list[str]) -> str | list[str] | None:
    """The artifact a CreateKernel path names: the path as written, else the artifact with the
    longest matching suffix of path components. None if nothing matches, the candidates if the
    longest match is not unique."""
    if path in artifacts:
        return path
    wanted = PurePosixPath(path).parts
    best: list[str] = []
    best_length = 0
    for name in artifacts:
        parts = PurePosixPath(name).parts
        length = 0
        while length < min(len(parts), len(wanted)) and parts[-1 - length] == wanted[-1 - length]:
            length += 1
        if length > best_length:
            best, best_length = [name], length
        elif length == best_length and length:
            best.append(name)
    if not best:
        return None
    return best[0] if len(best) == 1 else best


# Programs by their C++ artifacts (name, text), in order: enough for one kernel's two modes.
_PROGRAMS: OrderedDict[tuple[tuple[str, str], ...], Program] = OrderedDict()
_PROGRAMS_KEPT = 8
# Artifacts' parses and models by content: a few programs' worth (each holds a tree-sitter tree).
_ARTIFACTS_KEPT = 64
_Defines = tuple[tuple[str, str], ...]


def clear_caches() -> None:
    """Forget every kept program and artifact (a test that counts parses starts from here)."""
    _PROGRAMS.clear()
    for cached in (_parsed, _defines_main, _host_model, _kernel_model):
        cached.cache_clear()


@functools.lru_cache(maxsize=_ARTIFACTS_KEPT)
def _parsed(name: str, text: str, defines: _Defines) -> Source:
    # `defines` is always passed (lru_cache keys `f(a, b)` and `f(a, b, ())` apart). A failure is
    # raised again on every call (lru_cache keeps results only): rare, and each program records it.
    return parse_cpp(artifact=name, text=text, defines=dict(defines) if defines else None)


@functools.lru_cache(maxsize=_ARTIFACTS_KEPT)
def _defines_main(name: str, text: str) -> bool:
    return defines_function(_parsed(name, text, ()), "main")


@functools.lru_cache(maxsize=_ARTIFACTS_KEPT)
def _host_model(name: str, text: str, kernel_names: tuple[str, ...]) -> HostModel:
    def resolve(path: str) -> str:
        found = resolve_kernel_path(path, list(kernel_names))
        return found if isinstance(found, str) else path

    return extract_host(_parsed(name, text, ()), resolve=resolve)


@functools.lru_cache(maxsize=_ARTIFACTS_KEPT)
def _kernel_model(
    name: str, text: str, defines: _Defines, constants: tuple[tuple[int, Expr], ...]
) -> KernelModel:
    return extract_kernel(_parsed(name, text, defines), compile_args=dict(constants))


def analyse_program(*, artifacts: Mapping[str, str]) -> Program:
    """Parse and model every C++ artifact; an artifact that fails is recorded in `errors`.

    The same C++ texts give the same Program object (kept for the last few programs): callers must
    treat it as read-only."""
    key = tuple((name, text) for name, text in artifacts.items() if name.endswith(".cpp"))
    program = _PROGRAMS.get(key)
    if program is not None:
        _PROGRAMS.move_to_end(key)
        return program
    program = _analyse(artifacts=dict(key))
    _PROGRAMS[key] = program
    while len(_PROGRAMS) > _PROGRAMS_KEPT:
        _PROGRAMS.popitem(last=False)
    return program


def _analyse(*, artifacts: Mapping[str, str]) -> Program:
    program = Program()
    cpp = {name: text for name, text in artifacts.items() if name.endswith(".cpp")}
    program.host_like = {name for name, text in cpp.items() if _LOOKS_LIKE_HOST.search(text)}
    for name, text in cpp.items():
        try:
            program.sources[name] = _parsed(name, text, ())
        except _ANALYSIS_ERRORS as exc:
            _record(program, name, exc)
    hosts = [name for name in program.sources if _defines_main(name, cpp[name])]
    # prefer main.cpp when a folder has several files with a main (a test driver, say)
    hosts.sort(key=lambda name: (name != HOST_ARTIFACT, name))
    # every other C++ file may be a kernel, also one that failed to parse (it is reported once, as parse)
    kernel_names = [name for name in cpp if name not in hosts[:1]]
    host: HostModel | None = None
    if hosts:
        program.host_name = hosts[0]
        try:
            host = _host_model(hosts[0], cpp[hosts[0]], tuple(kernel_names))
            program.models[hosts[0]] = host
        except _ANALYSIS_ERRORS as exc:
            _record(program, hosts[0], exc)
        if host is not None:
            for kernel in host.kernels.values():
                if kernel.file not in kernel_names:
                    found = resolve_kernel_path(kernel.path or kernel.file, kernel_names)
                    why = "names no file" if found is None else f"matches {', '.join(sorted(found))}"
                    program.unresolved.append((kernel, why))
    for name in kernel_names:
        if name in hosts or name not in program.sources:
            continue  # a second main is not a kernel; a file that failed to parse is reported already
        created = host.kernels.get(name) if host is not None else None
        defines = tuple(created.defines) if created is not None else ()
        try:
            if defines:
                program.sources[name] = _parsed(name, cpp[name], defines)
            program.models[name] = _kernel_model(name, cpp[name], defines, tuple(_constants(created).items()))
        except _ANALYSIS_ERRORS as exc:
            _record(program, name, exc)
    return program


def _constants(created: HostKernel | None) -> dict[int, Expr]:
    """compile_args positions the host fills with a constant (a CB id, a count) -> that constant."""
    if created is None:
        return {}
    return {i: value for i, value in enumerate(created.compile_args) if isinstance(value, (Num, Cb))}


def _record(program: Program, name: str, exc: Exception) -> None:
    program.errors[name] = str(exc)
    program.error_lines[name] = int(getattr(exc, "line", 0) or 0)
    program.sources.pop(name, None)


__all__ = ["Program", "analyse_program", "clear_caches", "resolve_kernel_path"]
