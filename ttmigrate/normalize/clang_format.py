"""The pinned clang-format binary: find it, check its version once per process, run it batched.

The PyPI wheel ships a native binary under ``clang_format/data/bin``; the ``clang-format`` console
script in the virtualenv is a Python wrapper that costs ~55 ms per call, so we never use it. One
process formats many files (``-i`` on a temporary folder), which keeps the cost per file small.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ttmigrate.cpus import available_cpus

EXPECTED_VERSION = "23.1.5"
STYLE_FILE = Path(__file__).with_name("ttmigrate.clang-format")
# Lets a test or a packager point at another binary; the version check still applies.
BINARY_ENV = "TTMIGRATE_CLANG_FORMAT"

_MIN_FILES_PER_PROCESS = 50
_VERSION_RE = re.compile(r"clang-format version (\S+)")


class ClangFormatError(RuntimeError):
    """The pinned clang-format is missing, is the wrong version, or failed on an input."""


def bundled_binary() -> Path:
    """Path of the native binary inside the installed ``clang_format`` wheel (not the wrapper)."""
    override = os.environ.get(BINARY_ENV)
    if override:
        return Path(override)
    try:
        import clang_format
    except ImportError as exc:
        raise ClangFormatError(
            f"clang-format {EXPECTED_VERSION} is required: install the pinned wheel "
            f"(clang-format=={EXPECTED_VERSION}); the Python package 'clang_format' is missing"
        ) from exc
    return Path(clang_format.__file__).parent / "data" / "bin" / "clang-format"


@functools.cache
def _checked_version(binary: str) -> str:
    path = Path(binary)
    if not path.is_file() or not os.access(path, os.X_OK):
        raise ClangFormatError(
            f"clang-format {EXPECTED_VERSION} is required but no executable exists at {path}"
        )
    try:
        proc = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30, check=False)
    except OSError as exc:
        raise ClangFormatError(
            f"clang-format {EXPECTED_VERSION} is required; running {path} failed: {exc}"
        ) from exc
    match = _VERSION_RE.search(proc.stdout)
    found = match.group(1) if match else None
    if proc.returncode != 0 or found != EXPECTED_VERSION:
        shown = found or (proc.stdout.strip() or proc.stderr.strip() or f"exit status {proc.returncode}")
        raise ClangFormatError(f"clang-format {EXPECTED_VERSION} is required, but {path} reports {shown!r}")
    return found


def checked_binary() -> Path:
    """The binary, after its version was verified (once per process and path)."""
    binary = bundled_binary()
    _checked_version(str(binary))
    return binary


def clang_format_version() -> str:
    """Version of the verified binary; raises :class:`ClangFormatError` if it is not the pinned one."""
    return _checked_version(str(bundled_binary()))


def style_hash() -> str:
    """sha256 (hex) of the pinned style file; goes into snapshot provenance headers."""
    return hashlib.sha256(STYLE_FILE.read_bytes()).hexdigest()


def format_cpp_batch(*, sources: Sequence[str], labels: Sequence[str] | None = None) -> list[str]:
    """Format many C++ sources with one clang-format process; results are in input order.

    ``labels`` (e.g. artifact names) go into the temporary file names, so that a clang-format
    error message says which input it is about.
    """
    if not sources:
        return []
    binary = checked_binary()
    names = [_safe(label) for label in labels] if labels else ["input"] * len(sources)
    with tempfile.TemporaryDirectory(prefix="ttmigrate-clang-format-") as tmp:
        paths = [Path(tmp) / f"{index:05d}-{name}.cpp" for index, name in enumerate(names)]
        for path, text in zip(paths, sources, strict=True):
            path.write_text(text, encoding="utf-8", newline="")
        # Large batches are split over the CPUs (one process per chunk, run concurrently); the
        # chunk size also keeps each command line well under ARG_MAX.
        workers = max(1, min(available_cpus(), len(paths) // _MIN_FILES_PER_PROCESS))
        size = min(2000, -(-len(paths) // workers))
        procs = [
            subprocess.Popen(
                [str(binary), "-i", f"--style=file:{STYLE_FILE}", *map(str, paths[start : start + size])],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for start in range(0, len(paths), size)
        ]
        failures = []
        for proc in procs:
            _, stderr = proc.communicate()
            if proc.returncode != 0:
                failures.append(f"exit {proc.returncode}: {stderr.strip()}")
        if failures:
            raise ClangFormatError(f"clang-format {EXPECTED_VERSION} failed: {'; '.join(failures)}")
        return [path.read_text(encoding="utf-8") for path in paths]


def _safe(label: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", label).removesuffix(".cpp")[:60] or "input"
