"""Where goldens live: ``snapshots/<family>/<kernel>/<mode>/<artifact>``.

A (kernel, mode) folder holds either the emitted artifacts, or one ``UNSUPPORTED`` file when the
emitter rejects the kernel (the message of its ``UnsupportedConstruct``). A pending change awaiting
review sits beside its golden as ``<name>.new``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import ttmigrate

UNSUPPORTED = "UNSUPPORTED"
PENDING_SUFFIX = ".new"
ROOT_ENV = "TTMIGRATE_SNAPSHOT_ROOT"
CI_ENV = "CI"


def repo_root() -> Path:
    return Path(ttmigrate.__file__).resolve().parents[1]


def snapshot_root() -> Path:
    """``<repo>/snapshots``, or ``$TTMIGRATE_SNAPSHOT_ROOT`` (used by tests on a temporary tree)."""
    override = os.environ.get(ROOT_ENV)
    return Path(override).resolve() if override else repo_root() / "snapshots"


def ci_enabled(environ: os._Environ[str] | dict[str, str] | None = None) -> bool:
    """True when ``$CI`` is set to anything but empty, ``0`` or ``false``: goldens are read-only."""
    value = (os.environ if environ is None else environ).get(CI_ENV, "")
    return value.strip().lower() not in ("", "0", "false")


class ReadOnlyInCI(RuntimeError):
    """Something tried to write under ``snapshots/`` while ``$CI`` is set."""


def ensure_writable() -> None:
    if ci_enabled():
        raise ReadOnlyInCI(
            f"refusing to write snapshots: CI={os.environ.get(CI_ENV)!r} is set, and goldens are "
            "read-only in CI. Update them locally (pytest --snapshot-update, or ttmigrate snapshot "
            "review) and commit the result."
        )


@dataclass(frozen=True, order=True)
class GoldenKey:
    family: str
    kernel: str
    mode: str
    name: str  # an artifact file name, or UNSUPPORTED

    @property
    def relpath(self) -> str:
        return f"{self.family}/{self.kernel}/{self.mode}/{self.name}"

    @property
    def folder(self) -> str:
        return f"{self.family}/{self.kernel}/{self.mode}"

    def path(self, root: Path) -> Path:
        return root / self.family / self.kernel / self.mode / self.name

    def with_name(self, name: str) -> GoldenKey:
        return GoldenKey(self.family, self.kernel, self.mode, name)

    @classmethod
    def parse(cls, relpath: str) -> GoldenKey | None:
        parts = relpath.split("/")
        if len(parts) != 4 or not all(parts):
            return None
        return cls(*parts)


def pending_path(golden: Path) -> Path:
    return golden.with_name(golden.name + PENDING_SUFFIX)


def is_write_leftover(path: Path) -> bool:
    """A temporary file of ``ttmigrate.atomic`` left by a writer that was killed."""
    return path.name.startswith(".") and path.name.endswith(".tmp")


def iter_files(root: Path) -> list[Path]:
    """Every file under ``root``, sorted (goldens, pending files and leftovers alike)."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def relpath(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()
