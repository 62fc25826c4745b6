"""Where goldens live: ``snapshots/<family>/<kernel>/<mode>/<artifact>``.

A (kernel, mode) folder holds either the emitted artifacts, or one ``UNSUPPORTED`` file when the
emitter rejects the kernel (the message of its ``UnsupportedConstruct``). A pending change awaiting
review sits beside its golden as ``<name>.new``.
"""

from __future__ import annotations

import os
import re
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


# One path component of the layout: a family, kernel, mode or artifact name.
_SAFE_PART = re.compile(r"[A-Za-z0-9_+\-][A-Za-z0-9_.+\-]*")
# ttmigrate.atomic's temporary files: ".<name>.<writer pid>.<random>.tmp".
_TEMP = re.compile(r"\..+\.(?P<pid>\d+)\.[^.]+\.tmp")


class LayoutError(ValueError):
    """A snapshot name or folder that would read or write outside `snapshots/<family>/<kernel>/...`."""


class ReadOnlyInCI(RuntimeError):
    """Something tried to write under ``snapshots/`` while ``$CI`` is set."""


def ensure_writable() -> None:
    if ci_enabled():
        raise ReadOnlyInCI(
            f"refusing to write snapshots: CI={os.environ.get(CI_ENV)!r} is set, and goldens are "
            "read-only in CI. Update them locally (pytest --snapshot-update, or ttmigrate snapshot "
            "review) and commit the result."
        )


def ensure_not_golden_in_ci(path: Path, *, root: Path | None = None) -> None:
    """Refuse, in CI, any write at or under the golden root (e.g. `emit --out snapshots/...`),
    not only the snapshot commands' own."""
    golden_root = (root or snapshot_root()).resolve()
    if ci_enabled() and path.resolve().is_relative_to(golden_root):
        raise ReadOnlyInCI(
            f"refusing to write to {path}: it is under the golden root {golden_root}, which is "
            f"read-only while CI={os.environ.get(CI_ENV)!r} is set; write somewhere else"
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
        """The file under `root`; LayoutError for a name that would leave the layout (`..`, a
        separator, a hidden name) or a folder that is a symlink leading out of `root`."""
        for part in (self.family, self.kernel, self.mode, self.name):
            if not _SAFE_PART.fullmatch(part):
                raise LayoutError(
                    f"{self.relpath!r}: {part!r} is not a snapshot name (letters, digits, '_', '-', "
                    "'+' and '.', not starting with '.'); refusing to read or write outside the layout"
                )
        path = root / self.family / self.kernel / self.mode / self.name
        inside = root.resolve()
        if not path.parent.resolve().is_relative_to(inside):
            raise LayoutError(
                f"{self.folder}: a symlink leads out of the snapshot root {root}; refusing to follow it"
            )
        return path

    def with_name(self, name: str) -> GoldenKey:
        return GoldenKey(self.family, self.kernel, self.mode, name)

    @classmethod
    def parse(cls, relpath: str) -> GoldenKey | None:
        parts = relpath.split("/")
        if len(parts) != 4 or not all(_SAFE_PART.fullmatch(p) for p in parts):
            return None
        return cls(*parts)


def pending_path(golden: Path) -> Path:
    return golden.with_name(golden.name + PENDING_SUFFIX)


def is_write_leftover(path: Path) -> bool:
    """A temporary file of ``ttmigrate.atomic`` left by a writer that was killed."""
    return path.name.startswith(".") and path.name.endswith(".tmp")


def _writer_alive(path: Path) -> bool:
    """Whether the process that made this temporary file may still be writing it."""
    match = _TEMP.fullmatch(path.name)
    if match is None:
        return False  # an older name without a pid: no writer to wait for
    try:
        os.kill(int(match["pid"]), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return match["pid"] != "0"


def sweep_leftovers(root: Path) -> list[Path]:
    """Remove the temporary files of writers that were killed (never in CI, where goldens are
    read-only and a leftover can only have been committed); returns what was removed."""
    if ci_enabled() or not root.is_dir():
        return []
    removed = []
    for path in root.rglob(".*.tmp"):
        if path.is_file() and not _writer_alive(path):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def iter_files(root: Path) -> list[Path]:
    """Every file under ``root``, sorted: goldens and pending files. Temporary files of interrupted
    writes are swept first and never listed (they are not goldens)."""
    if not root.is_dir():
        return []
    sweep_leftovers(root)
    return sorted(p for p in root.rglob("*") if p.is_file() and not is_write_leftover(p))


def relpath(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()
