"""``ttmigrate snapshot status``: current output against the goldens, per kernel and mode."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ttmigrate.snapshot.header import content_of
from ttmigrate.snapshot.layout import GoldenKey
from ttmigrate.snapshot.pending import PendingChange, write_pending
from ttmigrate.snapshot.render import Rendering, render
from ttmigrate.snapshot.source import SnapshotSource
from ttmigrate.snapshot.store import Orphan, find_orphans, golden_names, read_text

NEW = "new"
CHANGED = "changed"
UNCHANGED = "unchanged"
ORPHANED = "orphaned"
ERROR = "error"
STATES = (NEW, CHANGED, UNCHANGED, ORPHANED, ERROR)


@dataclass
class FolderStatus:
    family: str
    kernel: str
    mode: str
    state: str
    changed_files: list[str] = field(default_factory=list)  # goldens that would be written or removed
    header_drift: list[str] = field(default_factory=list)  # content equal, header differs
    error: str | None = None
    rendering: Rendering | None = None

    @property
    def folder(self) -> str:
        return f"{self.family}/{self.kernel}/{self.mode}"


@dataclass
class StatusReport:
    folders: list[FolderStatus]
    orphans: list[Orphan]

    def totals(self) -> dict[str, int]:
        counts = Counter(f.state for f in self.folders)
        counts[ORPHANED] = len(self.orphans)
        return {state: counts.get(state, 0) for state in STATES}


def compute_status(*, source: SnapshotSource, root: Path) -> StatusReport:
    """Render every kernel in every mode; one kernel's failure is reported, never fatal."""
    listing = source.list_kernels()
    folders: list[FolderStatus] = []
    outcomes: dict[str, str] = {}
    for broken in listing.broken:
        for mode in source.modes:
            folders.append(FolderStatus(broken.family, broken.name, mode, ERROR, error=broken.error))
    for kernel in listing.kernels:
        for mode in source.modes:
            try:
                rendering = render(source=source, kernel=kernel, mode=mode)
            except Exception as exc:  # one bad kernel never stops the others
                folders.append(
                    FolderStatus(
                        kernel.family, kernel.name, mode, ERROR, error=f"{type(exc).__name__}: {exc}"
                    )
                )
                continue
            outcomes[f"{kernel.family}/{kernel.name}/{mode}"] = rendering.outcome
            folders.append(_compare(rendering, root))
    folders.sort(key=lambda f: (f.family, f.kernel, f.mode))
    known = [(k.family, k.name) for k in listing.kernels] + [(b.family, b.name) for b in listing.broken]
    orphans = find_orphans(
        root=root, kernels=known, modes=source.modes, artifacts=source.artifacts, outcomes=outcomes
    )
    return StatusReport(folders=folders, orphans=orphans)


def folder_status(*, rendering: Rendering, root: Path) -> FolderStatus:
    """One (kernel, mode) rendering against its goldens (what `ttmigrate run` reports per artifact)."""
    return _compare(rendering, root)


def artifact_states(*, rendering: Rendering, root: Path) -> dict[str, str]:
    """Each golden of one (kernel, mode) rendering -> "match" | "changed" | "new" | "missing".

    "missing": a golden exists but the rendering has no such file (e.g. the mode now refuses).
    Content decides; header drift (`ttmigrate snapshot status` shows it) is a match here."""
    folder = _compare(rendering, root)
    golden_dir = rendering.key("x").path(root).parent
    states: dict[str, str] = {}
    for name in rendering.files:
        if name not in folder.changed_files:
            states[name] = "match"
        else:
            states[name] = "changed" if (golden_dir / name).is_file() else "new"
    for name in folder.changed_files:
        states.setdefault(name, "missing")
    return states


def _compare(rendering: Rendering, root: Path) -> FolderStatus:
    status = FolderStatus(rendering.family, rendering.kernel, rendering.mode, UNCHANGED, rendering=rendering)
    folder = rendering.key("x").path(root).parent
    existing = golden_names(folder)
    if not existing:
        status.state = NEW
        status.changed_files = sorted(rendering.files)
        return status
    for name, text in rendering.files.items():
        old = read_text(folder / name)
        if old is None or content_of(old, name=name) != content_of(text, name=name):
            status.changed_files.append(name)
        elif old != text:
            status.header_drift.append(name)
    status.changed_files += [name for name in existing if name not in rendering.files]  # superseded
    if status.changed_files:
        status.state = CHANGED
    return status


def write_pending_files(*, report: StatusReport, root: Path) -> list[GoldenKey]:
    """Write ``.new`` files for every new or changed golden, for ``snapshot review``."""
    written = []
    for folder in report.folders:
        if folder.rendering is None:
            continue
        for name in folder.changed_files:
            if name in folder.rendering.files:
                key = folder.rendering.key(name)
                write_pending(root=root, key=key, text=folder.rendering.files[name])
                written.append(key)
    return written


def proposed_changes(*, report: StatusReport, root: Path) -> list[PendingChange]:
    """The changes ``--write-pending`` would write, as pending changes (nothing is written)."""
    out = []
    for folder in report.folders:
        if folder.rendering is None:
            continue
        for name in folder.changed_files:
            if name in folder.rendering.files:
                key = folder.rendering.key(name)
                out.append(
                    PendingChange(
                        root=root, key=key, old=read_text(key.path(root)), new=folder.rendering.files[name]
                    )
                )
    return out
