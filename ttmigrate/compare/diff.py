"""Differences between two models, in words and as an edit script.

Tables (includes, CBs, argument meanings, loops, host buffers/CBs/kernels, the plan) are compared
with deepdiff and each change is phrased for its section. The ordered events are compared with a
longest-matching-block alignment (difflib), which yields an edit script: insert / delete / change /
move, each with the line on both sides where it exists.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from deepdiff import DeepDiff

from ttmigrate.compare.evaluate import bind, core_values, operand_table
from ttmigrate.compare.expr import Expr, as_int, render
from ttmigrate.compare.model import Event, HostCb, HostKernel, HostModel, HostRuntimeArgs, KernelModel

_ARG = re.compile(r"\barg\[(\d+)\]")


@dataclass(frozen=True)
class Difference:
    """One difference between the two sides. `edit` is set for event-sequence differences."""

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

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# ---- kernels -----------------------------------------------------------------------------------
def diff_kernels(
    *,
    artifact: str,
    left: KernelModel,
    right: KernelModel,
    left_host: HostModel | None = None,
    right_host: HostModel | None = None,
) -> list[Difference]:
    """The hosts, when given, supply argument values for the words and for value comparisons."""
    out: list[Difference] = []
    left_args, right_args = uniform_args(left_host, artifact), uniform_args(right_host, artifact)

    def add(category: str, message: str, left_line: int | None = None, right_line: int | None = None) -> None:
        out.append(Difference(artifact, category, f"{artifact}: {message}", left_line, right_line))

    if left.entry != right.entry:
        add("entry", f"entry point {left.entry} vs {right.entry}")
    for include in sorted(set(left.includes) - set(right.includes)):
        add("include", f"#include {include} only on the left")
    for include in sorted(set(right.includes) - set(left.includes)):
        add("include", f"#include {include} only on the right")
    _diff_cbs(left, right, add)
    for kind, category, label in (
        ("runtime_args", "runtime-arg", "runtime"),
        ("compile_time_args", "compile-time-arg", "compile-time"),
    ):
        lt, rt = getattr(left, kind), getattr(right, kind)
        for index in sorted(set(lt) | set(rt)):
            if index not in rt:
                add(
                    category,
                    f"{label} argument {index} read only on the left ({_meaning(lt[index].meaning)})",
                    lt[index].line,
                )
            elif index not in lt:
                add(
                    category,
                    f"{label} argument {index} read only on the right ({_meaning(rt[index].meaning)})",
                    None,
                    rt[index].line,
                )
            elif lt[index].meaning != rt[index].meaning:
                add(
                    category,
                    f"{label} argument {index} means {_meaning(lt[index].meaning)} vs {_meaning(rt[index].meaning)}",
                    lt[index].line,
                    rt[index].line,
                )
    for loop_id in sorted(set(left.loops) | set(right.loops)):
        ll, rl = left.loops.get(loop_id), right.loops.get(loop_id)
        if ll is None or rl is None:
            present = ll or rl
            assert present is not None
            side = "left" if ll else "right"
            add(
                "loop",
                f"loop {loop_id} ({present.var}) only on the {side}",
                ll.line if ll else None,
                rl.line if rl else None,
            )
            continue
        for key, value in DeepDiff(ll.comparable(), rl.comparable()).get("values_changed", {}).items():
            field = key.split("'")[1].replace("_", " ")
            old = _annotate(str(value["old_value"]), left_args)
            new = _annotate(str(value["new_value"]), right_args)
            verdict = None
            if field == "trip count":
                verdict = _same_on_every_core(ll.trip_expr, rl.trip_expr, left_host, right_host, artifact)
            words = {True: " (same on every core)", False: " (differs at run time)", None: ""}[verdict]
            out.append(
                Difference(
                    artifact,
                    "loop",
                    f"{artifact}: loop {loop_id} ({ll.var}, line {ll.line} vs {rl.line}) {field} {old} vs {new}{words}",
                    ll.line,
                    rl.line,
                    values_agree=verdict,
                )
            )
    # constexpr locals are inlined into their uses, so they are compared there and not here

    def agree(left_event: Event, right_event: Event, operand: int) -> bool | None:
        if left_host is None or right_host is None:
            return None
        lt = operand_table(left, left_event, left_event.exprs[operand], left_host)
        rt = operand_table(right, right_event, right_event.exprs[operand], right_host)
        if lt is None or rt is None:
            return None
        return lt == rt

    out.extend(diff_events(artifact=artifact, left=left.events, right=right.events, agree=agree))
    return out


def _same_on_every_core(
    left: Expr, right: Expr, left_host: HostModel | None, right_host: HostModel | None, kernel: str
) -> bool | None:
    """Whether two argument-dependent values are equal on every core (None: cannot tell)."""
    lvalues, rvalues = core_values(left_host, kernel), core_values(right_host, kernel)
    if not lvalues or set(lvalues) != set(rvalues):
        return None
    for core, args in lvalues.items():
        a, b = as_int(bind(left, args)), as_int(bind(right, rvalues[core]))
        if a is None or b is None:
            return None
        if a != b:
            return False
    return True


def _diff_cbs(left: KernelModel, right: KernelModel, add: Callable[..., None]) -> None:
    only_left = [cb for cb in left.cbs if cb not in right.cbs]
    only_right = [cb for cb in right.cbs if cb not in left.cbs]
    for cb in only_left:
        twin = next((o for o in only_right if right.cbs[o].apis == left.cbs[cb].apis), None)
        if twin is not None:
            only_right.remove(twin)
            add("circular-buffer", f"CB id c_{cb} vs c_{twin} (same use: {', '.join(left.cbs[cb].apis)})")
        else:
            add("circular-buffer", f"CB c_{cb} ({left.cbs[cb].role}) used only on the left")
    for cb in only_right:
        add("circular-buffer", f"CB c_{cb} ({right.cbs[cb].role}) used only on the right")
    for cb in sorted(set(left.cbs) & set(right.cbs)):
        lapis, rapis = set(left.cbs[cb].apis), set(right.cbs[cb].apis)
        if lapis - rapis:
            add("circular-buffer", f"CB c_{cb} used by {', '.join(sorted(lapis - rapis))} only on the left")
        if rapis - lapis:
            add("circular-buffer", f"CB c_{cb} used by {', '.join(sorted(rapis - lapis))} only on the right")


def _meaning(meaning: Sequence[str]) -> str:
    return "; ".join(meaning)


def _annotate(text: str, values: Mapping[int, int] | None) -> str:
    """`arg[1]` -> `arg[1] (= 8 on every core)` when the host sets one value for it everywhere."""
    if not values:
        return text
    known = [
        (int(m.group(1)), values[int(m.group(1))]) for m in _ARG.finditer(text) if int(m.group(1)) in values
    ]
    if not known:
        return text
    return f"{text} ({', '.join(f'arg[{i}] = {v}' for i, v in known)} on every core)"


def uniform_args(host: HostModel | None, kernel_file: str) -> dict[int, int]:
    """Runtime-argument values that are the same integer on every core the host configures."""
    if host is None or kernel_file not in host.runtime_args:
        return {}
    per_core = list(host.runtime_args[kernel_file].values())
    result: dict[int, int] = {}
    for index in range(min((len(call.exprs) for call in per_core), default=0)):
        values = {call.exprs[index] for call in per_core}
        if len(values) == 1:
            (value,) = values
            if value[0] == "num":
                result[index] = value[1]
    return result


# ---- events ------------------------------------------------------------------------------------
AgreeFn = Callable[[Event, Event, int], "bool | None"]
_VERDICT_WORDS = {True: " (same value on every core and iteration)", False: " (values differ at run time)"}


def diff_events(
    *, artifact: str, left: Sequence[Event], right: Sequence[Event], agree: AgreeFn | None = None
) -> list[Difference]:
    """The edit script turning the left event sequence into the right one, in words.

    `agree(left_event, right_event, operand)` tells whether a changed operand takes the same values
    at run time (see evaluate.py); its answer is added to the words of a "change".
    """
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
                    continue
        deletes.extend(li if op != "insert" else [])
        inserts.extend(rj if op != "delete" else [])
    diffs: list[tuple[int, Difference]] = []
    for i in list(deletes):
        j = next((j for j in inserts if right[j].key == left[i].key), None)
        if j is None:
            continue
        deletes.remove(i)
        inserts.remove(j)
        message = (
            f"{artifact}: {_clip(left[i].describe())} moved{_jumped(matcher, left, i, j)}: left line {left[i].line} "
            f"({_context(left, i)}) vs right line {right[j].line} ({_context(right, j)})"
        )
        diffs.append((i, Difference(artifact, "event", message, left[i].line, right[j].line, "move")))
    for i in deletes:
        message = (
            f"{artifact}: {_clip(left[i].describe())} missing {_context(left, i)} (left line {left[i].line})"
        )
        diffs.append((i, Difference(artifact, "event", message, left[i].line, None, "delete")))
    for j in inserts:
        message = f"{artifact}: {_clip(right[j].describe())} only on the right, {_context(right, j)} (right line {right[j].line})"
        diffs.append(
            (
                _left_position(matcher, j),
                Difference(artifact, "event", message, None, right[j].line, "insert"),
            )
        )
    for i, j in changes:
        parts: list[str] = []
        verdicts: list[bool | None] = []
        for n, (a, b) in enumerate(zip(left[i].exprs, right[j].exprs, strict=False)):
            if a == b:
                continue
            verdict = agree(left[i], right[j], n) if agree is not None and left[i].kind == "call" else None
            verdicts.append(verdict)
            words = _operand_changes(f"operand {n}", a, b)
            if verdict is not None:
                words[-1] += _VERDICT_WORDS[verdict]
            parts.extend(words)
        same_shape = len(left[i].args) == len(right[j].args) and left[i].scope == right[j].scope
        if len(left[i].args) != len(right[j].args):
            parts.append(f"{len(left[i].args)} vs {len(right[j].args)} operands")
        if left[i].scope != right[j].scope:
            parts.append(
                f"inside {'/'.join(left[i].scope) or 'top level'} vs {'/'.join(right[j].scope) or 'top level'}"
            )
        same: bool | None = None
        if False in verdicts:
            same = False
        elif verdicts and None not in verdicts and same_shape:
            same = True
        message = f"{artifact}: {left[i].name} (line {left[i].line} vs {right[j].line}) {'; '.join(parts)}"
        diffs.append((i, Difference(artifact, "event", message, left[i].line, right[j].line, "change", same)))
    return [
        d
        for _, d in sorted(diffs, key=lambda pair: (pair[0], pair[1].left_line or 0, pair[1].right_line or 0))
    ]


def _operand_changes(label: str, left: Expr, right: Expr) -> list[str]:
    """Braced lists (e.g. a SetRuntimeArgs value list) are compared element by element."""
    if left[0] == "init" and right[0] == "init" and left[1] == right[1]:
        parts: list[str] = []
        for n in range(max(len(left[2]), len(right[2]))):
            a = left[2][n] if n < len(left[2]) else None
            b = right[2][n] if n < len(right[2]) else None
            if a == b:
                continue
            if b is None:
                assert a is not None
                parts.append(f"{label} element {n} only on the left: {_clip(render(a[1]))}")
            elif a is None:
                parts.append(f"{label} element {n} only on the right: {_clip(render(b[1]))}")
            else:
                parts.extend(_operand_changes(f"{label} element {n}", a[1], b[1]))
        return parts
    return [f"{label}: {_clip(render(left))} vs {_clip(render(right))}"]


def _clip(text: str, limit: int = 160) -> str:
    """Long values (constexpr tables inlined into an expression) keep their head and tail."""
    if len(text) <= limit:
        return text
    keep = (limit - 5) // 2
    return f"{text[:keep]} ... {text[-keep:]}"


def _jumped(matcher: difflib.SequenceMatcher[Any], left: Sequence[Event], i: int, j: int) -> str:
    """For a moved event: the unchanged events it moved across ("before X" / "after X")."""
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
        return " before " + ", ".join(e.describe_short() for e in crossed_before[:3])
    if crossed_after:
        return " after " + ", ".join(e.describe_short() for e in crossed_after[:3])
    return ""


def _same_slot(a: Event, b: Event) -> bool:
    return a.kind == b.kind and a.name == b.name and (a.scope == b.scope or a.args == b.args)


def _context(events: Sequence[Event], index: int) -> str:
    if index > 0:
        return f"after {events[index - 1].describe_short()}"
    if index + 1 < len(events):
        return f"before {events[index + 1].describe_short()}"
    return "as the only event"


def _left_position(matcher: difflib.SequenceMatcher[Any], j: int) -> int:
    for _op, i1, _, j1, j2 in matcher.get_opcodes():
        if j1 <= j < max(j2, j1 + 1):
            return i1
    return 0


# ---- host --------------------------------------------------------------------------------------
def diff_hosts(*, artifact: str, left: HostModel, right: HostModel) -> list[Difference]:
    out: list[Difference] = []

    def add(category: str, message: str, left_line: int | None = None, right_line: int | None = None) -> None:
        out.append(Difference(artifact, category, f"{artifact}: {message}", left_line, right_line))

    for include in sorted(set(left.body.includes) ^ set(right.body.includes)):
        add(
            "include",
            f"#include {include} only on the {'left' if include in left.body.includes else 'right'}",
        )
    if len(left.buffers) != len(right.buffers):
        add("buffer", f"{len(left.buffers)} buffers vs {len(right.buffers)}")
    for lb, rb in zip(left.buffers, right.buffers, strict=False):
        for field, (old, new) in _changed(lb.comparable(), rb.comparable()).items():
            add("buffer", f"buffer {lb.index} {field.replace('_', ' ')} {old} vs {new}", lb.line, rb.line)
    for cb in sorted(set(left.cbs) | set(right.cbs)):
        lc, rc = left.cbs.get(cb), right.cbs.get(cb)
        if lc is None or rc is None:
            present = lc or rc
            assert present is not None
            add("host-cb", f"CB c_{cb} created only on the {'left' if lc else 'right'}", _line(lc), _line(rc))
            continue
        for field, (old, new) in _changed(lc.comparable(), rc.comparable()).items():
            add("host-cb", f"CB c_{cb} {field.replace('_', ' ')} {old} vs {new}", lc.line, rc.line)
    for name in sorted(set(left.kernels) | set(right.kernels)):
        lk, rk = left.kernels.get(name), right.kernels.get(name)
        if lk is None or rk is None:
            add(
                "kernel",
                f"kernel {name} created only on the {'left' if lk else 'right'}",
                _line(lk),
                _line(rk),
            )
            continue
        if lk.config != rk.config:
            add("kernel", f"kernel {name} config {lk.config} vs {rk.config}", lk.line, rk.line)
        if lk.cores != rk.cores:
            add("kernel", f"kernel {name} runs on {len(lk.cores)} cores vs {len(rk.cores)}", lk.line, rk.line)
    for name in sorted(set(left.runtime_args) | set(right.runtime_args)):
        out.extend(
            _diff_runtime_args(
                artifact, name, left.runtime_args.get(name, {}), right.runtime_args.get(name, {})
            )
        )
    out.extend(diff_events(artifact=artifact, left=left.body.events, right=right.body.events))
    return out


def _line(item: HostCb | HostKernel | None) -> int | None:
    return item.line if item is not None else None


def _changed(left: Mapping[str, str], right: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    return {key: (left[key], right[key]) for key in left if left[key] != right.get(key)}


def _diff_runtime_args(
    artifact: str,
    kernel: str,
    left: Mapping[tuple[int, int], HostRuntimeArgs],
    right: Mapping[tuple[int, int], HostRuntimeArgs],
) -> list[Difference]:
    out: list[Difference] = []
    cores = sorted(set(left) | set(right), key=lambda c: (c[1], c[0]))
    total = len(cores)
    only_left = [c for c in cores if c not in right]
    only_right = [c for c in cores if c not in left]
    prefix = f"{artifact}: runtime arguments of {kernel}"
    sample_l = next(iter(left.values()), None)
    sample_r = next(iter(right.values()), None)
    lline, rline = (sample_l.line if sample_l else None), (sample_r.line if sample_r else None)
    if only_left:
        out.append(
            Difference(
                artifact,
                "host-runtime-args",
                f"{prefix} set only on the left on {_cores(only_left, total)}",
                lline,
                None,
            )
        )
    if only_right:
        out.append(
            Difference(
                artifact,
                "host-runtime-args",
                f"{prefix} set only on the right on {_cores(only_right, total)}",
                None,
                rline,
            )
        )
    both = [c for c in cores if c in left and c in right]
    length_groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for core in both:
        key = (len(left[core].args), len(right[core].args))
        if key[0] != key[1]:
            length_groups.setdefault(key, []).append(core)
    for (ln, rn), group in sorted(length_groups.items()):
        core = group[0]
        out.append(
            Difference(
                artifact,
                "host-runtime-args",
                f"{prefix}: {ln} values vs {rn} on {_cores(group, total)} "
                f"(core {core[0]},{core[1]}: {{{', '.join(left[core].args)}}} vs {{{', '.join(right[core].args)}}})",
                left[core].line,
                right[core].line,
            )
        )
    width = max((min(len(left[c].args), len(right[c].args)) for c in both), default=0)
    for position in range(width):
        group = [
            c
            for c in both
            if position < min(len(left[c].args), len(right[c].args))
            and left[c].args[position] != right[c].args[position]
        ]
        if group:
            core = group[0]
            out.append(
                Difference(
                    artifact,
                    "host-runtime-args",
                    f"{prefix}: argument {position} differs on {_cores(group, total)} "
                    f"(core {core[0]},{core[1]}: {left[core].args[position]} vs {right[core].args[position]})",
                    left[core].line,
                    right[core].line,
                )
            )
    return out


def _cores(cores: Sequence[tuple[int, int]], total: int) -> str:
    if len(cores) == total and total > 1:
        return f"all {total} cores"
    if len(cores) == 1:
        return f"core {cores[0][0]},{cores[0][1]}"
    return f"{len(cores)} of {total} cores"


# ---- plan --------------------------------------------------------------------------------------
def diff_plan(*, artifact: str, left: Any, right: Any) -> list[Difference]:
    """The plan compares as data; each deepdiff change becomes one sentence with its JSON path."""
    out: list[Difference] = []
    tree = DeepDiff(left, right, verbose_level=2).tree
    for report_type in sorted(tree):
        for level in tree[report_type]:
            path = "".join(f"[{json.dumps(p)}]" for p in level.path(output_format="list")) or "(document)"
            if report_type.endswith("_added"):
                text = f"{path} only on the right: {json.dumps(level.t2, default=str)}"
            elif report_type.endswith("_removed"):
                text = f"{path} only on the left: {json.dumps(level.t1, default=str)}"
            else:
                text = f"{path}: {json.dumps(level.t1, default=str)} vs {json.dumps(level.t2, default=str)}"
            out.append(Difference(artifact, "plan", f"{artifact}: {text}"))
    return out
