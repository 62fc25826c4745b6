"""Pending changes: ``<golden>.new`` files written by a failing test run or by ``snapshot status``."""

from __future__ import annotations

import difflib
import fnmatch
from dataclasses import dataclass
from pathlib import Path

from ttmigrate.atomic import write_text
from ttmigrate.snapshot.header import HeaderError, content_of, split_golden
from ttmigrate.snapshot.layout import (
    PENDING_SUFFIX,
    UNSUPPORTED,
    GoldenKey,
    ensure_writable,
    iter_files,
    pending_path,
    relpath,
)
from ttmigrate.snapshot.store import golden_names, read_text, write_golden

NEW = "new"
CHANGED = "changed"
HEADER_ONLY = "header-only"


@dataclass(frozen=True)
class PendingChange:
    root: Path
    key: GoldenKey
    old: str | None  # current golden text, None if there is none
    new: str  # pending text

    @property
    def golden(self) -> Path:
        return self.key.path(self.root)

    @property
    def pending(self) -> Path:
        return pending_path(self.golden)

    @property
    def kind(self) -> str:
        if self.old is None:
            return NEW
        name = self.key.name
        return HEADER_ONLY if content_of(self.old, name=name) == content_of(self.new, name=name) else CHANGED

    @property
    def supersedes(self) -> list[str]:
        """Goldens of the other kind in the same folder, removed when this change is accepted."""
        return [
            name
            for name in golden_names(self.golden.parent)
            if (name == UNSUPPORTED) != (self.key.name == UNSUPPORTED)
        ]

    def diff(self) -> str:
        """Unified diff of the normalised content (headers left out), old golden -> pending."""
        name = self.key.name
        old = [] if self.old is None else content_of(self.old, name=name).splitlines(keepends=True)
        new = content_of(self.new, name=name).splitlines(keepends=True)
        label = self.key.relpath
        lines = difflib.unified_diff(old, new, fromfile=f"a/{label}", tofile=f"b/{label}", n=3)
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)

    def summary(self) -> str:
        if self.kind == NEW:
            line_count = content_of(self.new, name=self.key.name).count("\n")
            text = f"new golden, {line_count} lines"
        elif self.kind == HEADER_ONLY:
            text = "provenance header only, content unchanged"
        else:
            body = self.diff().splitlines()[2:]  # after the ---/+++ file header
            added = sum(line.startswith("+") for line in body)
            removed = sum(line.startswith("-") for line in body)
            text = f"changed, +{added} -{removed} lines"
        if self.supersedes:
            text += f"; replaces {', '.join(self.supersedes)}"
        return text

    def as_json(self) -> dict[str, object]:
        try:
            provenance = split_golden(self.new, name=self.key.name)[0]
        except HeaderError:
            provenance = None
        return {
            "golden": self.key.relpath,
            "pending": self.key.relpath + PENDING_SUFFIX,
            "family": self.key.family,
            "kernel": self.key.kernel,
            "mode": self.key.mode,
            "artifact": self.key.name,
            "kind": self.kind,
            "summary": self.summary(),
            "supersedes": self.supersedes,
            "source_sha256": provenance.source_sha256 if provenance else None,
        }


def write_pending(*, root: Path, key: GoldenKey, text: str) -> Path:
    ensure_writable()
    path = pending_path(key.path(root))
    write_text(path, text)
    return path


def list_pending(*, root: Path) -> list[PendingChange]:
    changes = []
    for path in iter_files(root):
        if not path.name.endswith(PENDING_SUFFIX) or path.name.startswith("."):
            continue
        key = GoldenKey.parse(relpath(root, path).removesuffix(PENDING_SUFFIX))
        new = read_text(path)
        if key is None or new is None:
            continue
        changes.append(PendingChange(root=root, key=key, old=read_text(key.path(root)), new=new))
    return changes


def matches_pattern(pattern: str, *, family: str, kernel: str) -> bool:
    """A glob over kernel names; over ``family/kernel`` when it contains ``/``."""
    if "/" in pattern:
        return fnmatch.fnmatchcase(f"{family}/{kernel}", pattern)
    return fnmatch.fnmatchcase(kernel, pattern)


def select(
    changes: list[PendingChange], *, pattern: str = "*", mode: str | None = None, artifact: str | None = None
) -> list[PendingChange]:
    """Changes whose kernel name matches the glob ``pattern`` (``family/kernel`` if it has a ``/``)."""
    return [
        c
        for c in changes
        if matches_pattern(pattern, family=c.key.family, kernel=c.key.kernel)
        and (mode is None or c.key.mode == mode)
        and (artifact is None or c.key.name == artifact)
    ]


def accept(change: PendingChange) -> None:
    """The pending text becomes the golden (atomic write); the ``.new`` file goes."""
    write_golden(root=change.root, key=change.key, text=change.new)


def reject(change: PendingChange) -> None:
    ensure_writable()
    change.pending.unlink(missing_ok=True)
