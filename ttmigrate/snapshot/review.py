"""The interactive review loop (modelled on ``cargo insta review``), apart from any terminal code.

For each pending change it shows kernel, mode and artifact, a one-line summary and the unified diff
of the normalised content, then reads one key: ``a`` accept, ``r`` reject, ``s`` skip, and
``A`` / ``R`` / ``S`` to do the same with every remaining change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ttmigrate.snapshot.pending import PendingChange, accept, reject

KEYS = {"a": "accept", "r": "reject", "s": "skip"}
HELP = "[a]ccept  [r]eject  [s]kip  (A/R/S: same for all remaining)"


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


def run_review(
    changes: Sequence[PendingChange],
    *,
    read_key: Callable[[], str],
    show: Callable[[PendingChange, int, int], None],
    prompt: Callable[[str], None],
) -> ReviewResult:
    result = ReviewResult()
    for_all: str | None = None
    for index, change in enumerate(changes, start=1):
        action = for_all
        if action is None:
            show(change, index, len(changes))
            action = _ask(read_key, prompt)
            if action.isupper():
                for_all = action = action.lower()
        _apply(KEYS[action], change, result)
    return result


def _ask(read_key: Callable[[], str], prompt: Callable[[str], None]) -> str:
    while True:
        prompt(HELP)
        key = read_key().strip()
        if key.lower() in KEYS and len(key) == 1:
            return key
        if key == "":  # end of input: leave the rest for later
            return "S"


def _apply(action: str, change: PendingChange, result: ReviewResult) -> None:
    if action == "accept":
        accept(change)
        result.accepted.append(change)
    elif action == "reject":
        reject(change)
        result.rejected.append(change)
    else:
        result.skipped.append(change)
