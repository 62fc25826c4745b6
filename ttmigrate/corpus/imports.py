"""The project files a kernel is built from beyond its own file: the local Python modules it imports.

A kernel file may import a helper of its project (`from common import block_sizes`, with the
project on PYTHONPATH, as TileLang's examples import each other). Its PrimFunc, reference and
verdicts then depend on that helper, so the stage cache must miss when the helper changes, not
only when the kernel file does. `local_imports` names those files with their sha256, after the
kernel code has run (load and reference), and the cache keeps them beside the result and checks
them on every lookup, the way ccache keeps a compile's headers in its manifest.

How: the import statements of the kernel file (anywhere in it, function bodies included), resolved
through `sys.modules` (so only what the kernel code really imported, or what was already imported
under that name), then the same for each local module found, transitively. Static, because a
module imported by an earlier kernel of the same worker is not imported again and could not be
seen being imported. "Local" is any module file outside the Python installation (standard library,
site-packages) and outside ttmigrate itself, whose code is in every key already. An import by a
computed name (`importlib.import_module(name)`) is not seen.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import site
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

_PACKAGE_DIR = Path(__file__).resolve().parents[1]
_INSTALLATION_PATHS = ("stdlib", "platstdlib", "purelib", "platlib")


def local_imports(path: Path) -> dict[str, str]:
    """Every local module file the kernel file at `path` imports, directly or through another local
    module: absolute path -> sha256 of its contents, sorted by path."""
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
    return {str(p): found[p] for p in sorted(found)}


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
    if not isinstance(file, str):
        return None  # built-in, frozen or namespace package
    path = Path(file).resolve()
    if not path.is_file() or path.is_relative_to(_PACKAGE_DIR):
        return None
    if any(path.is_relative_to(root) for root in _installation_roots()):
        return None
    return path


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
