"""The project files a kernel is built from beyond its own file: the local Python modules it imports
and the files its code reads.

A kernel file may import a helper of its project (`from common import block_sizes`, with the
project on PYTHONPATH, as TileLang's examples import each other), or read data (`np.load` of
expected values in its reference). Its PrimFunc, reference and verdicts then depend on those files,
so the stage cache must miss when one changes, not only when the kernel file does. `local_files`
names them with their sha256 after the kernel code has run (its load, its reference), and the cache
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
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import os
import site
import sys
import sysconfig
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

_PACKAGE_DIR = Path(__file__).resolve().parents[1]
_INSTALLATION_PATHS = ("stdlib", "platstdlib", "purelib", "platlib")
_PSEUDO_FILESYSTEMS = ("/proc/", "/sys/", "/dev/")
_METADATA_SUFFIXES = (".egg-info", ".dist-info")


@dataclass
class Opened:
    """The files kernel code opened during one `recording()`, by absolute path."""

    read: set[str] = field(default_factory=set)
    written: set[str] = field(default_factory=set)


_session: Opened | None = None  # the current recording(), if any
_in_kernel_code = 0  # depth of kernel_code() windows
_hooked = False


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
    if event != "open" or _session is None or not _in_kernel_code:
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
    (session.written if writing else session.read).add(name)


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
            if dependency is None or dependency == kernel or dependency in found:
                continue
            found[dependency] = file_digest(dependency)
            pending.append((dependency, getattr(module, "__package__", None)))
    if opened is not None:
        for read in _local_paths(opened.read - opened.written):
            if read != kernel and read not in found:
                found[read] = file_digest(read)
    return {str(p): found[p] for p in sorted(found)}


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
