"""The words for each typed edit: one function per edit kind (`phrase` dispatches on the type).

Every sentence starts with the artifact it is about; lines appear where a reader needs both sides'
positions to find the edit. Values that are long (constexpr tables inlined into an expression) keep
their head and tail.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import singledispatch

from ttmigrate.compare.diff.edits import (
    ArgMeaningChanged,
    ArgOnlyOn,
    ArtifactOnlyOn,
    BufferCountChanged,
    BufferFieldChanged,
    CbApisOnlyOn,
    CbOnlyOn,
    CbRenumbered,
    CoreSet,
    Edit,
    ElementChange,
    EntryChanged,
    EventChanged,
    EventDeleted,
    EventInserted,
    EventMoved,
    HostCbFieldChanged,
    HostCbOnlyOn,
    IncludeOnlyOn,
    KernelConfigChanged,
    KernelCoresChanged,
    KernelOnlyOn,
    LoopFieldChanged,
    LoopOnlyOn,
    ModelDiffers,
    Neighbour,
    NotAnalysable,
    PlanChanged,
    RuntimeArgChanged,
    RuntimeArgsCountChanged,
    RuntimeArgsOnlyOn,
    TextsDiffer,
)
from ttmigrate.compare.expr import render

CLIP = 160
_ARG = re.compile(r"\barg\[(\d+)\]")
_LOOP_VERDICT = {True: " (same on every core)", False: " (differs at run time)", None: ""}
_OPERAND_VERDICT = {True: " (same value on every core and iteration)", False: " (values differ at run time)"}


@singledispatch
def phrase(edit: Edit, *, artifact: str) -> str:
    raise TypeError(f"no words for {type(edit).__name__}")


# ---- the kernel's tables -----------------------------------------------------------------------
@phrase.register
def _(edit: EntryChanged, *, artifact: str) -> str:
    return f"{artifact}: entry point {edit.left} vs {edit.right}"


@phrase.register
def _(edit: IncludeOnlyOn, *, artifact: str) -> str:
    return f"{artifact}: #include {edit.include} only on the {edit.side}"


@phrase.register
def _(edit: CbRenumbered, *, artifact: str) -> str:
    return f"{artifact}: CB id c_{edit.left_cb} vs c_{edit.right_cb} (same use: {', '.join(edit.apis)})"


@phrase.register
def _(edit: CbOnlyOn, *, artifact: str) -> str:
    return f"{artifact}: CB c_{edit.cb} ({edit.role}) used only on the {edit.side}"


@phrase.register
def _(edit: CbApisOnlyOn, *, artifact: str) -> str:
    return f"{artifact}: CB c_{edit.cb} used by {', '.join(edit.apis)} only on the {edit.side}"


@phrase.register
def _(edit: ArgOnlyOn, *, artifact: str) -> str:
    return f"{artifact}: {edit.kind} argument {edit.index} read only on the {edit.side} ({_meaning(edit.meaning)})"


@phrase.register
def _(edit: ArgMeaningChanged, *, artifact: str) -> str:
    return (
        f"{artifact}: {edit.kind} argument {edit.index} means {_meaning(edit.left)} vs {_meaning(edit.right)}"
    )


@phrase.register
def _(edit: LoopOnlyOn, *, artifact: str) -> str:
    return f"{artifact}: loop {edit.loop} ({edit.var}) only on the {edit.side}"


@phrase.register
def _(edit: LoopFieldChanged, *, artifact: str) -> str:
    old, new = _annotate(edit.left, dict(edit.left_args)), _annotate(edit.right, dict(edit.right_args))
    where = f"loop {edit.loop} ({edit.var}, line {edit.left_line} vs {edit.right_line})"
    return f"{artifact}: {where} {_field(edit.field)} {old} vs {new}{_LOOP_VERDICT[edit.agree]}"


def _meaning(meaning: Sequence[str]) -> str:
    return "; ".join(meaning)


def _annotate(text: str, values: dict[int, int]) -> str:
    """`arg[1]` -> `arg[1] (arg[1] = 8 on every core)` when the host sets one value for it everywhere."""
    known = [
        (int(m.group(1)), values[int(m.group(1))]) for m in _ARG.finditer(text) if int(m.group(1)) in values
    ]
    if not known:
        return text
    return f"{text} ({', '.join(f'arg[{i}] = {v}' for i, v in known)} on every core)"


# ---- the event sequence ------------------------------------------------------------------------
@phrase.register
def _(edit: EventMoved, *, artifact: str) -> str:
    crossed = ""
    if edit.crossing is not None:
        crossed = f" {edit.crossing.relation} " + ", ".join(e.describe_short() for e in edit.crossing.events)
    return (
        f"{artifact}: {_clip(edit.left.describe())} moved{crossed}: left line {edit.left.line} "
        f"({_neighbour(edit.left_neighbour)}) vs right line {edit.right.line} ({_neighbour(edit.right_neighbour)})"
    )


@phrase.register
def _(edit: EventDeleted, *, artifact: str) -> str:
    event = edit.event
    return (
        f"{artifact}: {_clip(event.describe())} missing {_neighbour(edit.neighbour)} (left line {event.line})"
    )


@phrase.register
def _(edit: EventInserted, *, artifact: str) -> str:
    event = edit.event
    return (
        f"{artifact}: {_clip(event.describe())} only on the right, {_neighbour(edit.neighbour)} "
        f"(right line {event.line})"
    )


@phrase.register
def _(edit: EventChanged, *, artifact: str) -> str:
    left, right = edit.left, edit.right
    parts: list[str] = []
    for operand in edit.operands:
        words = [_element(f"operand {operand.index}", change) for change in operand.elements]
        if operand.agree is not None:
            words[-1] += _OPERAND_VERDICT[operand.agree]
        parts += words
    if edit.count_changed:
        parts.append(f"{len(left.args)} vs {len(right.args)} operands")
    if edit.scope_changed:
        parts.append(
            f"inside {'/'.join(left.scope) or 'top level'} vs {'/'.join(right.scope) or 'top level'}"
        )
    return f"{artifact}: {left.name} (line {left.line} vs {right.line}) {'; '.join(parts)}"


def _element(operand: str, change: ElementChange) -> str:
    label = operand + "".join(f" element {n}" for n in change.path)
    if change.right is None:
        assert change.left is not None
        return f"{label} only on the left: {_clip(render(change.left))}"
    if change.left is None:
        return f"{label} only on the right: {_clip(render(change.right))}"
    return f"{label}: {_clip(render(change.left))} vs {_clip(render(change.right))}"


def _neighbour(neighbour: Neighbour) -> str:
    if neighbour.event is None:
        return "as the only event"
    return f"{neighbour.relation} {neighbour.event.describe_short()}"


def _clip(text: str) -> str:
    if len(text) <= CLIP:
        return text
    keep = (CLIP - 5) // 2
    return f"{text[:keep]} ... {text[-keep:]}"


# ---- the host ----------------------------------------------------------------------------------
@phrase.register
def _(edit: BufferCountChanged, *, artifact: str) -> str:
    return f"{artifact}: {edit.left} buffers vs {edit.right}"


@phrase.register
def _(edit: BufferFieldChanged, *, artifact: str) -> str:
    return f"{artifact}: buffer {edit.index} {_field(edit.field)} {edit.left} vs {edit.right}"


@phrase.register
def _(edit: HostCbOnlyOn, *, artifact: str) -> str:
    return f"{artifact}: CB c_{edit.cb} created only on the {edit.side}"


@phrase.register
def _(edit: HostCbFieldChanged, *, artifact: str) -> str:
    return f"{artifact}: CB c_{edit.cb} {_field(edit.field)} {edit.left} vs {edit.right}"


@phrase.register
def _(edit: KernelOnlyOn, *, artifact: str) -> str:
    return f"{artifact}: kernel {edit.kernel} created only on the {edit.side}"


@phrase.register
def _(edit: KernelConfigChanged, *, artifact: str) -> str:
    return f"{artifact}: kernel {edit.kernel} config {edit.left} vs {edit.right}"


@phrase.register
def _(edit: KernelCoresChanged, *, artifact: str) -> str:
    return f"{artifact}: kernel {edit.kernel} runs on {edit.left} cores vs {edit.right}"


@phrase.register
def _(edit: RuntimeArgsOnlyOn, *, artifact: str) -> str:
    return (
        f"{artifact}: runtime arguments of {edit.kernel} set only on the {edit.side} on {_cores(edit.cores)}"
    )


@phrase.register
def _(edit: RuntimeArgsCountChanged, *, artifact: str) -> str:
    x, y = edit.sample
    return (
        f"{artifact}: runtime arguments of {edit.kernel}: {len(edit.left)} values vs {len(edit.right)} on "
        f"{_cores(edit.cores)} (core {x},{y}: {{{', '.join(edit.left)}}} vs {{{', '.join(edit.right)}}})"
    )


@phrase.register
def _(edit: RuntimeArgChanged, *, artifact: str) -> str:
    x, y = edit.sample
    return (
        f"{artifact}: runtime arguments of {edit.kernel}: argument {edit.position} differs on "
        f"{_cores(edit.cores)} (core {x},{y}: {edit.left} vs {edit.right})"
    )


def _cores(cores: CoreSet) -> str:
    if len(cores.cores) == cores.total and cores.total > 1:
        return f"all {cores.total} cores"
    if len(cores.cores) == 1:
        return f"core {cores.cores[0][0]},{cores.cores[0][1]}"
    return f"{len(cores.cores)} of {cores.total} cores"


def _field(name: str) -> str:
    return name.replace("_", " ")


# ---- the plan and what could not be compared as models -----------------------------------------
@phrase.register
def _(edit: PlanChanged, *, artifact: str) -> str:
    path = "".join(f"[{json.dumps(p)}]" for p in edit.path) or "(document)"
    if edit.change == "added":
        return f"{artifact}: {path} only on the right: {_json(edit.right)}"
    if edit.change == "removed":
        return f"{artifact}: {path} only on the left: {_json(edit.left)}"
    return f"{artifact}: {path}: {_json(edit.left)} vs {_json(edit.right)}"


def _json(value: object) -> str:
    return json.dumps(value, default=str)


@phrase.register
def _(edit: ArtifactOnlyOn, *, artifact: str) -> str:
    return f"{artifact}: present only on the {edit.side}"


@phrase.register
def _(edit: TextsDiffer, *, artifact: str) -> str:
    return f"{artifact}: texts differ and the artifact kind has no semantic comparison"


@phrase.register
def _(edit: NotAnalysable, *, artifact: str) -> str:
    return edit.error  # the tool's message names the artifact already


@phrase.register
def _(edit: ModelDiffers, *, artifact: str) -> str:
    return f"{artifact}: {edit.text}"
