"""The edits between two kernels' tables: entry, includes, CBs, argument meanings and loops.

The tables are keyed by what they mean (CB id, argument index, loop position), so each key present
on one side only, or with another value, is one edit.
"""

from __future__ import annotations

from collections.abc import Mapping

from deepdiff import DeepDiff

from ttmigrate.compare.diff.edits import (
    ArgKind,
    ArgMeaningChanged,
    ArgOnlyOn,
    CbApisOnlyOn,
    CbOnlyOn,
    CbRenumbered,
    Edit,
    EntryChanged,
    IncludeOnlyOn,
    LoopFieldChanged,
    LoopOnlyOn,
)
from ttmigrate.compare.evaluate import bind, core_values
from ttmigrate.compare.expr import Expr, Num, as_int
from ttmigrate.compare.model import ArgUse, HostModel, KernelModel


def table_edits(
    *,
    artifact: str,
    left: KernelModel,
    right: KernelModel,
    left_host: HostModel | None,
    right_host: HostModel | None,
) -> list[Edit]:
    """The hosts, when given, supply the argument values that explain and compare loop fields."""
    out: list[Edit] = []
    if left.entry != right.entry:
        out.append(EntryChanged(left=left.entry, right=right.entry))
    out += [IncludeOnlyOn(include=i, side="left") for i in sorted(set(left.includes) - set(right.includes))]
    out += [IncludeOnlyOn(include=i, side="right") for i in sorted(set(right.includes) - set(left.includes))]
    out += _cb_edits(left, right)
    out += _arg_edits("runtime", left.runtime_args, right.runtime_args)
    out += _arg_edits("compile-time", left.compile_time_args, right.compile_time_args)
    out += _loop_edits(artifact, left, right, left_host, right_host)
    # constexpr locals are inlined into their uses, so they are compared there and not here
    return out


def _cb_edits(left: KernelModel, right: KernelModel) -> list[Edit]:
    out: list[Edit] = []
    only_left = [cb for cb in left.cbs if cb not in right.cbs]
    only_right = [cb for cb in right.cbs if cb not in left.cbs]
    for cb in only_left:
        twin = next((o for o in only_right if right.cbs[o].apis == left.cbs[cb].apis), None)
        if twin is not None:
            only_right.remove(twin)
            out.append(CbRenumbered(left_cb=cb, right_cb=twin, apis=left.cbs[cb].apis))
        else:
            out.append(CbOnlyOn(cb=cb, role=left.cbs[cb].role, side="left"))
    out += [CbOnlyOn(cb=cb, role=right.cbs[cb].role, side="right") for cb in only_right]
    for cb in sorted(set(left.cbs) & set(right.cbs)):
        lapis, rapis = set(left.cbs[cb].apis), set(right.cbs[cb].apis)
        if lapis - rapis:
            out.append(CbApisOnlyOn(cb=cb, apis=tuple(sorted(lapis - rapis)), side="left"))
        if rapis - lapis:
            out.append(CbApisOnlyOn(cb=cb, apis=tuple(sorted(rapis - lapis)), side="right"))
    return out


def _arg_edits(kind: ArgKind, left: Mapping[int, ArgUse], right: Mapping[int, ArgUse]) -> list[Edit]:
    out: list[Edit] = []
    for index in sorted(set(left) | set(right)):
        lu, ru = left.get(index), right.get(index)
        if ru is None:
            assert lu is not None
            out.append(
                ArgOnlyOn(
                    kind=kind,
                    index=index,
                    meaning=lu.meaning,
                    side="left",
                    left_line=lu.line,
                    right_line=None,
                )
            )
        elif lu is None:
            out.append(
                ArgOnlyOn(
                    kind=kind,
                    index=index,
                    meaning=ru.meaning,
                    side="right",
                    left_line=None,
                    right_line=ru.line,
                )
            )
        elif lu.meaning != ru.meaning:
            out.append(
                ArgMeaningChanged(
                    kind=kind,
                    index=index,
                    left=lu.meaning,
                    right=ru.meaning,
                    left_line=lu.line,
                    right_line=ru.line,
                )
            )
    return out


def _loop_edits(
    artifact: str,
    left: KernelModel,
    right: KernelModel,
    left_host: HostModel | None,
    right_host: HostModel | None,
) -> list[Edit]:
    out: list[Edit] = []
    left_args = tuple(sorted(uniform_args(left_host, artifact).items()))
    right_args = tuple(sorted(uniform_args(right_host, artifact).items()))
    for loop_id in sorted(set(left.loops) | set(right.loops)):
        ll, rl = left.loops.get(loop_id), right.loops.get(loop_id)
        if ll is None or rl is None:
            present = ll or rl
            assert present is not None
            out.append(
                LoopOnlyOn(
                    loop=loop_id,
                    var=present.var,
                    side="left" if ll else "right",
                    left_line=ll.line if ll else None,
                    right_line=rl.line if rl else None,
                )
            )
            continue
        for path, value in DeepDiff(ll.comparable(), rl.comparable()).get("values_changed", {}).items():
            field = path.split("'")[1]
            agree = None
            if field == "trip_count":
                agree = _same_on_every_core(ll.trip_expr, rl.trip_expr, left_host, right_host, artifact)
            out.append(
                LoopFieldChanged(
                    loop=loop_id,
                    var=ll.var,
                    field=field,
                    left=str(value["old_value"]),
                    right=str(value["new_value"]),
                    left_args=left_args,
                    right_args=right_args,
                    agree=agree,
                    left_line=ll.line,
                    right_line=rl.line,
                )
            )
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
            if isinstance(value, Num):
                result[index] = value.value
    return result
