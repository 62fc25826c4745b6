"""The stage cache of `ttmigrate run`: one kernel's stage outputs, keyed by everything that shapes them.

A kernel's emit, normalise, check, emulate and compare outputs depend only on its source, the code of
ttmigrate itself (emitters, normaliser style, checks, emulator headers and runtime: every file of the
package), the pinned dependency versions, the Python and compiler versions, and where the kernel is.
`fingerprint()` hashes the run-wide part once; `kernel_key()` adds the kernel. The project files a
kernel's code imports or reads (`ttmigrate.corpus.local_files`: a helper module, a data file) are
known only once its code has run, so they are kept in the entry (`KernelResult.local_files`, path ->
sha256) and checked on lookup, as ccache checks a compile's headers: an entry whose file changed or
went is a miss. A hit returns the stored
`KernelResult` with the run-dependent parts recomputed: snapshot status against today's goldens and the
classification against today's expected-divergence list (both cheap, both outside the key, so that
accepting a golden or editing the config never invalidates the expensive work).

A result is stored only when it is deterministic: no tool error (an error may be an interrupted or
starved stage, and a kernel that fails to load may fail on what its key cannot see: a module it
imports that is not installed, a file it reads) and no emulation timeout or hang (those depend on
the machine's load). A hit is marked
by `timings["cache_lookup"]` (seconds spent fetching it); the other timings are the run that built it,
so duration-balanced sharding still sees the real cost.

Layout: `<cache root>/stages/<key[:2]>/<key>.json`, each written atomically (`ttmigrate.atomic`); any
unreadable entry is a miss, never an error.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import ttmigrate
from ttmigrate.atomic import write_text
from ttmigrate.corpus.local_files import unchanged
from ttmigrate.report.classify import classify
from ttmigrate.report.model import EMITTED, UNSUPPORTED, KernelResult, ResultsError, from_data, to_data
from ttmigrate.run import metadata

CACHE_FORMAT = 1
STAGES_DIR = "stages"
LOOKUP_TIMING = "cache_lookup"
# Emulation faults that depend on how loaded the machine was, not on the program.
_LOAD_DEPENDENT_FAULTS = ("[timeout]", "[hang]")
_PACKAGE_DIR = Path(ttmigrate.__file__).resolve().parent
_SKIPPED_PARTS = {"__pycache__"}


def default_cache_root() -> Path:
    """`$TTMIGRATE_CACHE_DIR`, else `.ttmigrate-cache` under the current directory (as the emulator's)."""
    from ttmigrate.emulate.build import default_cache_dir

    return default_cache_dir().parent


@functools.cache
def _compiler() -> str:
    cxx = shutil.which("g++")
    if cxx is None:
        return "no g++"
    try:
        done = subprocess.run([cxx, "--version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "g++ unusable"
    return done.stdout.splitlines()[0] if done.stdout else "g++ silent"


def package_digest(root: Path = _PACKAGE_DIR) -> str:
    """sha256 over every file of the ttmigrate package (its code, styles, emulator sources, assets)."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if not path.is_file() or _SKIPPED_PARTS & set(path.parts) or path.suffix in (".pyc", ".pyo"):
            continue
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\xff")
    return digest.hexdigest()


def _optional_framework(name: str) -> str:
    """The version of an optional reference framework (torch), or "absent": a kernel whose torch
    reference was `no-reference` without it must be judged afresh once it is installed."""
    try:
        if importlib.util.find_spec(name) is None:
            return "absent"
    except (ImportError, ValueError):
        return "absent"
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def fingerprint() -> str:
    """The run-wide part of every key: tool version and code, dependencies, Python, compiler, and
    the optional reference framework (torch)."""
    parts = {
        "format": CACHE_FORMAT,
        "tool": metadata.tool_version(),
        "code": package_digest(),
        "dependencies": metadata.dependency_versions(),
        "python": metadata.python_version(),
        "compiler": _compiler(),
        "torch": _optional_framework("torch"),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def kernel_key(*, fingerprint: str, family: str, name: str, path: str, source_hash: str) -> str:
    text = json.dumps([fingerprint, family, name, path, source_hash])
    return hashlib.sha256(text.encode()).hexdigest()


def cacheable(kernel: KernelResult) -> bool:
    """Deterministic results only: no tool error, no load-dependent emulation fault."""
    if kernel.all_errors():
        return False
    for mode in kernel.modes.values():
        detail = mode.emulation.detail if mode.emulation is not None else ""
        if detail.startswith(_LOAD_DEPENDENT_FAULTS):
            return False
    return True


SnapshotStatus = Callable[..., dict[str, str]]


@dataclass(frozen=True, kw_only=True)
class StageCache:
    """Lookups and stores for one run. `enabled=False` makes every lookup miss and every store a no-op."""

    root: Path
    fingerprint: str
    enabled: bool = True

    @classmethod
    def for_run(cls, *, root: Path | None = None, enabled: bool = True) -> StageCache:
        return cls(
            root=(root or default_cache_root()) / STAGES_DIR,
            fingerprint=fingerprint() if enabled else "",
            enabled=enabled,
        )

    @classmethod
    def disabled(cls) -> StageCache:
        return cls(root=Path(), fingerprint="", enabled=False)

    def _path(self, *, family: str, name: str, path: str, source_hash: str) -> Path:
        key = kernel_key(
            fingerprint=self.fingerprint, family=family, name=name, path=path, source_hash=source_hash
        )
        return self.root / key[:2] / f"{key}.json"

    def lookup(
        self,
        *,
        family: str,
        name: str,
        path: str,
        source_hash: str,
        snapshot_root: Path,
        snapshot_status: SnapshotStatus,
        expected_divergences: Mapping[str, str],
    ) -> KernelResult | None:
        """The stored result, re-judged against today's goldens and config; None on a miss."""
        if not self.enabled:
            return None
        start = time.perf_counter()
        file = self._path(family=family, name=name, path=path, source_hash=source_hash)
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            kernel = from_data(KernelResult, data, where=str(file))
        except (OSError, ValueError, ResultsError, TypeError):
            return None
        if not unchanged(kernel.local_files):
            return None  # a project file the kernel's code imported or read has changed (or gone)
        for mode, result in kernel.modes.items():
            if result.status == UNSUPPORTED and result.unsupported is not None:
                normalized, unsupported = None, result.unsupported.message
            elif result.status == EMITTED:
                normalized, unsupported = result.artifacts, None
            else:
                continue
            result.snapshot = snapshot_status(
                root=snapshot_root, family=family, kernel=name, mode=mode,
                normalized=normalized, unsupported=unsupported,
            )  # fmt: skip
        kernel = classify(kernel, expected_divergences=expected_divergences)
        kernel.timings[LOOKUP_TIMING] = round(time.perf_counter() - start, 4)
        return kernel

    def store(self, kernel: KernelResult) -> bool:
        """Keeps a finished kernel's outputs (if deterministic); True when stored."""
        if not self.enabled or not cacheable(kernel) or LOOKUP_TIMING in kernel.timings:
            return False
        kept = dataclasses.replace(kernel, baseline_category=None, change=None)
        file = self._path(
            family=kernel.family, name=kernel.name, path=kernel.path, source_hash=kernel.source_hash
        )
        try:
            write_text(file, json.dumps(to_data(kept), ensure_ascii=False, allow_nan=False))
        except OSError:
            return False  # a read-only or full cache disk slows the next run; it never fails this one
        return True
