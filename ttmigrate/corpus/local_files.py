"""The project files a kernel is built from beyond its own file: the local Python modules it imports
and the files its code reads.

A kernel file may import a helper of its project (`from common import block_sizes`, with the
project on PYTHONPATH, as TileLang's examples import each other), or read data (`np.load` of
expected values in its reference). Its PrimFunc, reference and verdicts then depend on those files,
so the stage cache must miss when one changes, not only when the kernel file does. `local_files`
names them, once the kernel code has run (its load, its reference), with their sha256 as that code
saw them (below), and the cache
keeps them beside the result and checks them on every lookup, the way ccache keeps a compile's
headers in its manifest.

Imports: the import statements of the kernel file (anywhere in it, function bodies included),
resolved through `sys.modules` (so only what the kernel code really imported, or what was already
imported under that name), then the same for each local module found, transitively. Static,
because a module imported by an earlier kernel of the same worker is not imported again and could
not be seen being imported. Reads: every file kernel code opens for reading while it runs inside
`kernel_code()` (an audit hook on "open", active only inside a `recording()`), which also sees a
module imported by a computed name the first time it loads. A file the kernel code writes itself is
not a dependency. "Local" is any file outside the Python installation (standard library,
site-packages) and outside ttmigrate itself, whose code is in every key already.

Each digest is taken no later than the kernel code used the file: a read file when it is opened, a
module's source when the import opens it (its source, or its .pyc) or, for a module imported before
the current recording (by an earlier kernel of the worker), when that import was seen. A file edited
while the kernel runs then no longer matches what the result records, and the next lookup misses;
a digest taken after the run would record the new contents beside a result built from the old ones.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import importlib.util
import os
import site
import sys
import sysconfig
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from weakref import WeakKeyDictionary

_PACKAGE_DIR = Path(__file__).resolve().parents[1]
_INSTALLATION_PATHS = ("stdlib", "platstdlib", "purelib", "platlib")
_PSEUDO_FILESYSTEMS = ("/proc/", "/sys/", "/dev/")
_METADATA_SUFFIXES = (".egg-info", ".dist-info")


@dataclass
class Opened:
    """The files kernel code opened during one `recording()`, by absolute path."""

    read: set[str] = field(default_factory=set)
    written: set[str] = field(default_factory=set)
    # each local file read (a module's source for its .pyc), resolved -> sha256 when first opened
    digests: dict[Path, str] = field(default_factory=dict)


_session: Opened | None = None  # the current recording(), if any
_in_kernel_code = 0  # depth of kernel_code() windows
_hooked = False
_hashing = False  # the hook's own reads of the files it digests are not the kernel code's
# a local module's source digest as of its import, for kernels that find it imported already
_IMPORTED: WeakKeyDictionary[ModuleType, str] = WeakKeyDictionary()


class recording:  # lower case: used like a function, `with recording() as opened:`
    """Collects what kernel code opens inside `kernel_code()` windows until the block ends. A class,
    not a generator: contextlib would set `__traceback__` on an exception passing through, which a
    frozen KernelLoadError refuses."""

    def __enter__(self) -> Opened:
        global _session, _hooked
        if not _hooked:
            sys.addaudithook(_audit)  # for the life of the process: audit hooks cannot be removed
            _hooked = True
        self._previous, _session = _session, Opened()
        return _session

    def __exit__(self, *_exc: object) -> None:
        global _session
        _session = self._previous


class kernel_code:  # lower case: used like a function, `with kernel_code():`
    """Marks kernel code running (its import, its reference): the files it opens are recorded in the
    current `recording()`; without one, nothing is. A class, as recording is."""

    def __enter__(self) -> None:
        global _in_kernel_code
        _in_kernel_code += 1

    def __exit__(self, *_exc: object) -> None:
        global _in_kernel_code
        _in_kernel_code -= 1


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event != "open" or _session is None or not _in_kernel_code or _hashing:
        return
    # an exception here would be raised by the kernel code's own open(): never let one out
    with contextlib.suppress(Exception):
        _record(_session, *args)


def _record(session: Opened, path: object, mode: str | None, flags: int) -> None:
    if not isinstance(path, (str, bytes, os.PathLike)):
        return  # a file descriptor
    name = os.path.abspath(os.fsdecode(path))
    if mode is not None:
        writing = any(char in mode for char in "wax+")
    else:  # os.open
        writing = bool(flags & (os.O_WRONLY | os.O_RDWR))
    if writing:
        session.written.add(name)
    elif name not in session.read:
        session.read.add(name)
        _digest_on_first_read(session, name)


def _digest_on_first_read(session: Opened, name: str) -> None:
    global _hashing
    file = _local_path(_source_of_bytecode(name) or name)
    if file is None or file in session.digests:
        return
    _hashing = True
    try:
        session.digests[file] = file_digest(file)
    finally:
        _hashing = False


def _source_of_bytecode(name: str) -> str | None:
    """The source file of a `__pycache__` .pyc (an import that found its bytecode cached opens the
    .pyc, not the source): the source is what the kernel's project edits."""
    if not name.endswith(".pyc"):
        return None
    try:
        return importlib.util.source_from_cache(name)
    except ValueError:  # a .pyc outside __pycache__ (a sourceless module): it is the file itself
        return None


def local_files(path: Path, *, opened: Opened | None = None) -> dict[str, str]:
    """Every local file the kernel file at `path` depends on: the modules it imports, directly or
    through another local module, and the files its code read (`opened`); absolute path -> sha256,
    sorted by path."""
    kernel = path.resolve()
    found: dict[Path, str] = {}
    pending: list[tuple[Path, str | None]] = [(kernel, None)]
    while pending:
        file, package = pending.pop()
        for name in _imported_names(file, package):
            module = sys.modules.get(name)
            dependency = _local_file(module) if module is not None else None
            if module is None or dependency is None or dependency == kernel or dependency in found:
                continue
            found[dependency] = _digest_as_imported(module, dependency, opened)
            pending.append((dependency, getattr(module, "__package__", None)))
    if opened is not None:
        written = set(_local_paths(opened.written))
        for read, digest in opened.digests.items():
            if read != kernel and read not in found and read not in written:
                found[read] = digest
    return {str(p): found[p] for p in sorted(found)}


def _digest_as_imported(module: ModuleType, source: Path, opened: Opened | None) -> str:
    """The module's source digest as of its import: seen by this recording (the import opened it), or
    by an earlier one (an earlier kernel of the worker imported it), or failing both now (a module
    imported outside any recording)."""
    digest = _IMPORTED.get(module)
    if digest is None:
        digest = opened.digests.get(source) if opened is not None else None
        _IMPORTED[module] = digest = digest or file_digest(source)
    return digest


def _local_paths(names: Iterable[str]) -> Iterator[Path]:
    for name in names:
        file = _local_path(name)
        if file is not None:
            yield file


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def unchanged(recorded: dict[str, str]) -> bool:
    """Whether every recorded file still has the recorded contents (a missing file has not)."""
    try:
        return all(file_digest(Path(path)) == digest for path, digest in recorded.items())
    except OSError:
        return False


def _imported_names(file: Path, package: str | None) -> Iterator[str]:
    """The module names an import statement of `file` may bind: each dotted prefix of `import a.b.c`,
    and for `from x import y` the module x (resolved against `package` when relative) and x.y."""
    try:
        tree = ast.parse(file.read_bytes(), filename=str(file))
    except (OSError, SyntaxError, ValueError):
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield from _prefixes(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module, node.level, package)
            if base is None:
                continue
            yield from _prefixes(base)
            for alias in node.names:
                yield f"{base}.{alias.name}"


def _prefixes(dotted: str) -> Iterator[str]:
    parts = dotted.split(".")
    for end in range(1, len(parts) + 1):
        yield ".".join(parts[:end])


def _absolute(module: str | None, level: int, package: str | None) -> str | None:
    if level == 0:
        return module
    if not package:
        return None  # a relative import outside a package fails at import; nothing to follow
    parts = package.split(".")
    if level - 1 >= len(parts):
        return None
    base = ".".join(parts[: len(parts) - (level - 1)])
    return f"{base}.{module}" if module else base


def _local_file(module: ModuleType) -> Path | None:
    file = getattr(module, "__file__", None)
    return _local_path(file) if isinstance(file, str) else None  # else built-in, frozen, namespace


def _local_path(name: str) -> Path | None:
    """The file, resolved, if it is a regular file of the project: not of the installation, not
    ttmigrate's, not package metadata (versions are in every key), not a kernel pseudo-file
    (/proc/self/maps, which torch reads, differs on every read)."""
    if name.startswith(_PSEUDO_FILESYSTEMS) or name.startswith(_installation_prefixes()):
        return None  # the common case, without touching the file system
    path = Path(name).resolve()
    if not path.is_file() or path.is_relative_to(_PACKAGE_DIR) or str(path).startswith(_PSEUDO_FILESYSTEMS):
        return None
    if any(part.endswith(_METADATA_SUFFIXES) for part in path.parent.parts):
        return None
    if any(path.is_relative_to(root) for root in _installation_roots()):
        return None
    return path


@functools.cache
def _installation_prefixes() -> tuple[str, ...]:
    return tuple(f"{root}{os.sep}" for root in _installation_roots())


@functools.cache
def _installation_roots() -> tuple[Path, ...]:
    """The standard library and every site-packages folder (a venv's, the base interpreter's, the
    user's, Debian's dist-packages): modules there are the installation's, pinned by version."""
    folders: set[str] = set()
    for variables in (None, {"base": sys.base_prefix, "platbase": sys.base_exec_prefix}):
        paths = sysconfig.get_paths(vars=variables)
        folders |= {paths[key] for key in _INSTALLATION_PATHS if key in paths}
    folders |= {*site.getsitepackages(), site.getusersitepackages()}
    folders |= {entry for entry in sys.path if Path(entry).name in ("site-packages", "dist-packages")}
    return tuple(sorted({Path(folder).resolve() for folder in folders}))
