"""Run metadata: versions, git commit, corpus hash. Everything needed to reproduce a results.json."""

from __future__ import annotations

import hashlib
import importlib.metadata
import platform
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import ttmigrate
from ttmigrate.ops import TARGET

# The packages that shape generated code or its judgement (pinned in pyproject.toml).
DEPENDENCIES: tuple[str, ...] = (
    "apache-tvm",
    "apache-tvm-ffi",
    "numpy",
    "ml_dtypes",
    "clang-format",
    "tree-sitter",
    "tree-sitter-cpp",
    "deepdiff",
    "syrupy",
    "click",
    "rich",
)


def tool_version() -> str:
    try:
        return importlib.metadata.version("ttmigrate")
    except importlib.metadata.PackageNotFoundError:
        return ttmigrate.__version__


def dependency_versions() -> dict[str, str]:
    # the SDK release the generated code targets (ttmigrate.ops.TARGET), recorded with the tools
    versions = {f"target:{TARGET.project}": TARGET.version}
    for name in DEPENDENCIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def python_version() -> str:
    return sys.version.split()[0]


def platform_name() -> str:
    return platform.platform()


def git_state(folder: Path) -> tuple[str | None, bool | None]:
    """(HEAD commit, working tree dirty) or (None, None) outside a git checkout or without git."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--verify", "HEAD"], cwd=folder, capture_output=True, text=True, timeout=20
        )
        if head.returncode != 0:
            return None, None
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None, None
    return head.stdout.strip(), bool(status.stdout.strip()) if status.returncode == 0 else None


def corpus_hash(entries: Iterable[tuple[str, str]]) -> str:
    """sha256 over sorted (qualified name, source sha256) pairs of every corpus entry."""
    digest = hashlib.sha256()
    for name, source in sorted(entries):
        digest.update(f"{name}\0{source}\n".encode())
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def corpus_hash_of_files(paths: Iterable[Path]) -> str:
    """The same hash as `corpus_hash` over a run's entries, straight from the kernel files."""
    return corpus_hash((f"{p.parent.name}/{p.stem}", file_sha256(p)) for p in paths)
