"""The edit script between two event sequences: insert, delete, change and move.

The sequences are aligned on the events' keys with difflib's longest matching blocks. In a replaced
block, events of the same API in the same loop position pair up as a change of operands; a deleted
event whose twin is inserted elsewhere is a move.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from typing import Any

from ttmigrate.compare.diff.edits import (
    Crossing,
    Edit,
    ElementChange,
    EventChanged,
    EventDeleted,
    EventInserted,
    EventMoved,
    Neighbour,
    OperandChange,
)
from ttmigrate.compare.expr import Expr, Init
from ttmigrate.compare.model import Event

# agree(left_event, right_event, operand): does the changed operand take the same values at run time?
AgreeFn = Callable[[Event, Event, int], "bool | None"]
CROSSED_SHOWN = 3  # a move names at most this many of the events it moved across


def event_edits(*, left: Sequence[Event], right: Sequence[Event], agree: AgreeFn | None = None) -> list[Edit]:
    """In the order of the left sequence (an insert sits where the left side would have it)."""
    matcher = difflib.SequenceMatcher(None, [e.key for e in left], [e.key for e in right], autojunk=False)
    deletes: list[int] = []
    inserts: list[int] = []
    changes: list[tuple[int, int]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        li, rj = list(range(i1, i2)), list(range(j1, j2))
        if op == "replace":
            # pair events of the same API in the same loop position: a change of arguments
            for i in list(li):
                j = next((j for j in rj if _same_slot(left[i], right[j])), None)
                if j is not None:
                    changes.append((i, j))
                    li.remove(i)
                    rj = [x for x in rj if x > j]
        deletes.extend(li if op != "insert" else [])
        inserts.extend(rj if op != "delete" else [])
    placed: list[tuple[int, Edit]] = []
    for i in list(deletes):
        j = next((j for j in inserts if right[j].key == left[i].key), None)
        if j is None:
            continue
        deletes.remove(i)
        inserts.remove(j)
        moved = EventMoved(
            left=left[i],
            right=right[j],
            crossing=_crossing(matcher, left, i, j),
            left_neighbour=_neighbour(left, i),
            right_neighbour=_neighbour(right, j),
            left_line=left[i].line,
            right_line=right[j].line,
        )
        placed.append((i, moved))
    for i in deletes:
        deleted = EventDeleted(
            event=left[i], neighbour=_neighbour(left, i), left_line=left[i].line, right_line=None
        )
        placed.append((i, deleted))
    for j in inserts:
        inserted = EventInserted(
            event=right[j], neighbour=_neighbour(right, j), left_line=None, right_line=right[j].line
        )
        placed.append((_left_position(matcher, j), inserted))
    for i, j in changes:
        placed.append((i, _changed(left[i], right[j], agree)))
    return [
        edit for _, edit in sorted(placed, key=lambda pair: (pair[0], *(line or 0 for line in pair[1].lines)))
    ]


def _changed(left: Event, right: Event, agree: AgreeFn | None) -> EventChanged:
    operands = tuple(
        OperandChange(
            index=n,
            elements=tuple(_element_changes((), a, b)),
            agree=agree(left, right, n) if agree is not None and left.kind == "call" else None,
        )
        for n, (a, b) in enumerate(zip(left.exprs, right.exprs, strict=False))
        if a != b
    )
    return EventChanged(left=left, right=right, operands=operands, left_line=left.line, right_line=right.line)


def _element_changes(path: tuple[int, ...], left: Expr, right: Expr) -> list[ElementChange]:
    """Braced lists of one type (e.g. a SetRuntimeArgs value list) compare element by element."""
    if isinstance(left, Init) and isinstance(right, Init) and left.type == right.type:
        out: list[ElementChange] = []
        for n in range(max(len(left.fields), len(right.fields))):
            a = left.fields[n] if n < len(left.fields) else None
            b = right.fields[n] if n < len(right.fields) else None
            if a == b:
                continue
            if a is None or b is None:
                out.append(
                    ElementChange((*path, n), None if a is None else a[1], None if b is None else b[1])
                )
            else:
                out.extend(_element_changes((*path, n), a[1], b[1]))
        return out
    return [ElementChange(path, left, right)]


def _crossing(
    matcher: difflib.SequenceMatcher[Any], left: Sequence[Event], i: int, j: int
) -> Crossing | None:
    """For a moved event: the unchanged events it moved across."""
    crossed_before: list[Event] = []  # was after them on the left, is before them on the right
    crossed_after: list[Event] = []
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            li, rj = block.a + k, block.b + k
            if li > i and rj < j:
                crossed_after.append(left[li])
            elif li < i and rj > j:
                crossed_before.append(left[li])
    if crossed_before:
        return Crossing("before", tuple(crossed_before[:CROSSED_SHOWN]))
    if crossed_after:
        return Crossing("after", tuple(crossed_after[:CROSSED_SHOWN]))
    return None


def _same_slot(a: Event, b: Event) -> bool:
    return a.kind == b.kind and a.name == b.name and (a.scope == b.scope or a.args == b.args)


def _neighbour(events: Sequence[Event], index: int) -> Neighbour:
    if index > 0:
        return Neighbour("after", events[index - 1])
    if index + 1 < len(events):
        return Neighbour("before", events[index + 1])
    return Neighbour("alone", None)


def _left_position(matcher: difflib.SequenceMatcher[Any], j: int) -> int:
    for _op, i1, _, j1, j2 in matcher.get_opcodes():
        if j1 <= j < max(j2, j1 + 1):
            return i1
    return 0
