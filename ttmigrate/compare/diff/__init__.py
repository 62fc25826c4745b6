"""Differences between two models: typed edits (`edits`), found per section (`tables`, `events`,
`host`, `plan`), each phrased once by `ttmigrate.compare.words`.

Tables (includes, CBs, argument meanings, loops, host buffers/CBs/kernels, the plan) are compared
key by key; the ordered events are aligned with difflib's longest matching blocks, which yields an
edit script: insert / delete / change / move, each with the line on both sides where it exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ttmigrate.compare import words
from ttmigrate.compare.diff.edits import Edit
from ttmigrate.compare.diff.events import event_edits
from ttmigrate.compare.diff.host import host_edits
from ttmigrate.compare.diff.plan import plan_edits
from ttmigrate.compare.diff.tables import table_edits
from ttmigrate.compare.evaluate import operand_table
from ttmigrate.compare.model import Event, HostModel, KernelModel


@dataclass(frozen=True)
class Difference:
    """One difference between the two sides, in words. `edit` is set for event-sequence differences;
    `key` groups differences of one cause (the typed edit's key: its kind and subject, no numbers)."""

    artifact: str
    # stable kebab-case: entry, include, circular-buffer, runtime-arg, compile-time-arg, loop, event,
    # buffer, host-cb, kernel, host-runtime-args, plan, syntax, missing, text, model (raw fallback)
    category: str
    message: str
    left_line: int | None = None
    right_line: int | None = None
    edit: str | None = None  # "insert" | "delete" | "change" | "move"
    # For a changed call: True if every changed operand takes the same value on every core and loop
    # iteration the hosts set up (a difference of form only), False if one does not, None if unknown.
    values_agree: bool | None = None
    key: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def differences(*, artifact: str, edits: Sequence[Edit]) -> list[Difference]:
    return [
        Difference(
            artifact,
            edit.category,
            words.phrase(edit, artifact=artifact),
            *edit.lines,
            edit=edit.op,
            values_agree=edit.values_agree,
            key=edit.key,
        )
        for edit in edits
    ]


def diff_kernels(
    *,
    artifact: str,
    left: KernelModel,
    right: KernelModel,
    left_host: HostModel | None = None,
    right_host: HostModel | None = None,
) -> list[Difference]:
    """The hosts, when given, supply argument values for the words and for value comparisons."""

    def agree(left_event: Event, right_event: Event, operand: int) -> bool | None:
        if left_host is None or right_host is None:
            return None
        lt = operand_table(left, left_event, left_event.exprs[operand], left_host)
        rt = operand_table(right, right_event, right_event.exprs[operand], right_host)
        if lt is None or rt is None:
            return None
        return lt == rt

    edits = table_edits(artifact=artifact, left=left, right=right, left_host=left_host, right_host=right_host)
    edits += event_edits(left=left.events, right=right.events, agree=agree)
    return differences(artifact=artifact, edits=edits)


def diff_hosts(*, artifact: str, left: HostModel, right: HostModel) -> list[Difference]:
    return differences(artifact=artifact, edits=host_edits(left=left, right=right))


def diff_plan(*, artifact: str, left: Any, right: Any) -> list[Difference]:
    """The plan compares as data; each deepdiff change becomes one sentence with its JSON path."""
    return differences(artifact=artifact, edits=plan_edits(left=left, right=right))


__all__ = ["Difference", "Edit", "diff_hosts", "diff_kernels", "diff_plan", "differences"]
