"""Identical changes across kernels form one decision.

Two pending changes belong together when they touch the same mode and artifact and their changed
lines are the same once kernel-specific numbers and names are masked (``cb_wait_front(cb_in0, 8)``
in ``gemm_256`` and ``cb_wait_front(cb_in0, 4)`` in ``gemm_128`` are one edit). Context lines are
left out of the signature: the same edit lands in files that differ around it. A group's id is a
digest of its signature, stable across runs, so scripts can name it (``--group ID``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ttmigrate.snapshot.pending import PendingChange

_NUMBER = re.compile(r"\d+")


def mask(line: str, *, names: Sequence[str]) -> str:
    """``line`` with the kernel's names and every number replaced by placeholders."""
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        line = line.replace(name, "<name>")
    return _NUMBER.sub("N", line)


def signature(change: PendingChange) -> tuple[str, ...]:
    names = (change.key.kernel, change.key.family)
    body = [line for line in change.diff().splitlines()[2:] if line[:1] in "+-"]
    return (change.key.mode, change.key.name, change.kind, *(mask(line, names=names) for line in body))


@dataclass(frozen=True)
class ChangeGroup:
    id: str
    members: tuple[PendingChange, ...]

    @property
    def first(self) -> PendingChange:
        return self.members[0]

    @property
    def kernels(self) -> list[str]:
        return [f"{m.key.family}/{m.key.kernel}" for m in self.members]

    def title(self) -> str:
        key = self.first.key
        count = len(self.members)
        what = f"{count} identical change{'s' * (count != 1)}" if count > 1 else "1 change"
        return f"{what} to {key.mode}/{key.name}: {self.first.summary()}"


def _digest(parts: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:10]


def group_changes(changes: Sequence[PendingChange]) -> list[ChangeGroup]:
    """Groups in first-seen order; members in the order given."""
    by_signature: dict[tuple[str, ...], list[PendingChange]] = {}
    for change in changes:
        by_signature.setdefault(signature(change), []).append(change)
    return [ChangeGroup(id=_digest(sig), members=tuple(members)) for sig, members in by_signature.items()]


def split(group: ChangeGroup) -> list[ChangeGroup]:
    """One group per member (the reviewer decides them one by one); ids name the golden."""
    return [ChangeGroup(id=_digest([group.id, m.key.relpath]), members=(m,)) for m in group.members]


def find_group(groups: Sequence[ChangeGroup], group_id: str) -> ChangeGroup | None:
    """A group by id, or a split-off member by its own id."""
    for group in groups:
        if group.id == group_id:
            return group
        for part in split(group) if len(group.members) > 1 else ():
            if part.id == group_id:
                return part
    return None
