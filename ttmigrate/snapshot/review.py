"""The interactive review loop (modelled on ``cargo insta review``), apart from any terminal code.

Identical changes across kernels come as one group (:mod:`ttmigrate.snapshot.groups`): the loop
shows the group, its members and the diff of its first member, then reads one key: ``a`` accept,
``r`` reject, ``s`` skip the whole group, ``x`` split it (its members are then asked one by one),
and ``A`` / ``R`` / ``S`` to do the same with every remaining group.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ttmigrate.snapshot.groups import ChangeGroup, split
from ttmigrate.snapshot.impact import KernelImpact
from ttmigrate.snapshot.pending import PendingChange, accept, reject

KEYS = {"a": "accept", "r": "reject", "s": "skip", "x": "split"}
HELP = "[a]ccept  [r]eject  [s]kip  (A/R/S: same for all remaining)"
HELP_GROUP = "[a]ccept  [r]eject  [s]kip the whole group  spli[x] it  (A/R/S: same for all remaining)"


@dataclass
class ReviewResult:
    accepted: list[PendingChange] = field(default_factory=list)
    rejected: list[PendingChange] = field(default_factory=list)
    skipped: list[PendingChange] = field(default_factory=list)


def describe(change: PendingChange, *, index: int, total: int) -> str:
    key = change.key
    return (
        f"[{index}/{total}] kernel {key.family}/{key.kernel}  mode {key.mode}  artifact {key.name}\n"
        f"  {change.summary()}"
    )


def describe_group(
    group: ChangeGroup, *, index: int, total: int, impacts: Mapping[str, KernelImpact] | None = None
) -> str:
    """Header, then one line per member with its impact (``impacts`` by ``family/kernel``)."""
    impacts = impacts or {}
    if len(group.members) == 1:
        text = describe(group.first, index=index, total=total)
        impact = impacts.get(group.kernels[0])
        if impact is not None:
            text += f"\n  impact: {impact.headline()}"
            text += "".join(f"\n    {line}" for line in impact.details())
        return text
    lines = [f"[{index}/{total}] group {group.id}: {group.title()}"]
    for name in group.kernels:
        impact = impacts.get(name)
        lines.append(f"  - {name}" + (f": {impact.headline()}" if impact is not None else ""))
    lines.append(f"  diff of {group.kernels[0]} (the others differ only in numbers and names):")
    return "\n".join(lines)


def apply_decision(action: str, group: ChangeGroup, result: ReviewResult | None = None) -> ReviewResult:
    """Accept, reject or skip every member of ``group`` through the store's atomic functions."""
    result = result if result is not None else ReviewResult()
    for change in group.members:
        if action == "accept":
            accept(change)
            result.accepted.append(change)
        elif action == "reject":
            reject(change)
            result.rejected.append(change)
        elif action == "skip":
            result.skipped.append(change)
        else:
            raise ValueError(f"unknown review action {action!r}")
    return result


def run_review(
    groups: Sequence[ChangeGroup],
    *,
    read_key: Callable[[], str],
    show: Callable[[ChangeGroup, int, int], None],
    prompt: Callable[[str], None],
) -> ReviewResult:
    result = ReviewResult()
    queue = list(groups)
    for_all: str | None = None
    index = 0
    while queue:
        group = queue.pop(0)
        index += 1
        action = for_all
        if action is None:
            show(group, index, index + len(queue))
            key = _ask(read_key, prompt, splittable=len(group.members) > 1)
            if key.isupper():
                for_all = key.lower()
            action = key.lower()
        if KEYS[action] == "split":
            queue[0:0] = split(group)
            index -= 1
            continue
        apply_decision(KEYS[action], group, result)
    return result


def _ask(read_key: Callable[[], str], prompt: Callable[[str], None], *, splittable: bool) -> str:
    while True:
        prompt(HELP_GROUP if splittable else HELP)
        key = read_key().strip()
        if len(key) == 1 and key.lower() in KEYS and (key.lower() != "x" or splittable) and key != "X":
            return key
        if key == "":  # end of input: leave the rest for later
            return "S"
