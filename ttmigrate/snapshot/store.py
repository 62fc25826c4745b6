"""Reading and writing goldens (atomically, never in CI), and finding orphaned ones."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ttmigrate.atomic import write_text
from ttmigrate.snapshot.layout import (
    PENDING_SUFFIX,
    UNSUPPORTED,
    GoldenKey,
    ensure_writable,
    is_write_leftover,
    iter_files,
    pending_path,
    relpath,
)
from ttmigrate.snapshot.render import EMITTED, UNSUPPORTED_OUTCOME


def read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def golden_names(folder: Path) -> list[str]:
    """Names of the goldens in one (kernel, mode) folder (no pending files, no write leftovers)."""
    if not folder.is_dir():
        return []
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.is_file() and not p.name.endswith(PENDING_SUFFIX) and not is_write_leftover(p)
    )


def write_golden(*, root: Path, key: GoldenKey, text: str) -> None:
    """Write one golden atomically; then drop what it supersedes.

    A folder holds either artifacts or ``UNSUPPORTED``, so writing one kind removes the other
    (after the new file is in place, so a kill in between loses nothing), and the golden's own
    pending ``.new`` file is removed last.
    """
    ensure_writable()
    path = key.path(root)
    write_text(path, text)
    for name in golden_names(path.parent):
        superseded = (name == UNSUPPORTED) != (key.name == UNSUPPORTED)
        if superseded:
            (path.parent / name).unlink(missing_ok=True)
    pending_path(path).unlink(missing_ok=True)


@dataclass(frozen=True)
class Orphan:
    path: Path
    relpath: str
    reason: str


def find_orphans(
    *,
    root: Path,
    kernels: Collection[tuple[str, str]],
    modes: Collection[str],
    artifacts: Collection[str],
    outcomes: Mapping[str, str] | None = None,
) -> list[Orphan]:
    """Files under ``root`` that no kernel produces any more.

    ``kernels`` holds (family, name) of every kernel file in the corpus, loadable or not (a broken
    kernel keeps its goldens). ``outcomes`` maps a folder (``family/kernel/mode``) to what the mode
    did this time (emitted / unsupported); where it is known, the other kind of golden is stale.
    Pending ``.new`` files are orphans only if their golden would be one.
    """
    outcomes = outcomes or {}
    known = set(kernels)
    orphans = []
    for path in iter_files(root):
        rel = relpath(root, path)
        reason = _orphan_reason(rel, path, known, set(modes), set(artifacts), outcomes)
        if reason:
            orphans.append(Orphan(path, rel, reason))
    return orphans


def _orphan_reason(
    rel: str,
    path: Path,
    known: set[tuple[str, str]],
    modes: set[str],
    artifacts: set[str],
    outcomes: Mapping[str, str],
) -> str | None:
    if is_write_leftover(path):
        return "temporary file left by an interrupted write"
    key = GoldenKey.parse(rel.removesuffix(PENDING_SUFFIX))
    if key is None:
        return "not at snapshots/<family>/<kernel>/<mode>/<artifact>"
    if (key.family, key.kernel) not in known:
        return f"no kernel {key.family}/{key.kernel} in the corpus"
    if key.mode not in modes:
        return f"unknown mode {key.mode!r}"
    if key.name != UNSUPPORTED and key.name not in artifacts:
        return f"unknown artifact {key.name!r}"
    outcome = outcomes.get(key.folder)
    if outcome == EMITTED and key.name == UNSUPPORTED:
        return f"{key.mode} now emits this kernel (it was unsupported)"
    if outcome == UNSUPPORTED_OUTCOME and key.name != UNSUPPORTED:
        return f"{key.mode} now rejects this kernel as unsupported"
    return None


def prune(*, orphans: Iterable[Orphan]) -> list[Orphan]:
    """Delete orphaned files (never in CI); returns what was deleted."""
    ensure_writable()
    deleted = []
    for orphan in orphans:
        orphan.path.unlink(missing_ok=True)
        deleted.append(orphan)
        _remove_empty_parents(orphan.path.parent)
    return deleted


def _remove_empty_parents(folder: Path) -> None:
    # Stop at the snapshot root: three levels (mode, kernel, family) at most.
    for _ in range(3):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
