"""The edits between two host programs: includes, buffers, host CBs, kernels, runtime arguments and
the host API events of `main`."""

from __future__ import annotations

from collections.abc import Mapping

from ttmigrate.compare.diff.edits import (
    BufferCountChanged,
    BufferFieldChanged,
    Core,
    CoreSet,
    Edit,
    HostCbFieldChanged,
    HostCbOnlyOn,
    IncludeOnlyOn,
    KernelConfigChanged,
    KernelCoresChanged,
    KernelOnlyOn,
    RuntimeArgChanged,
    RuntimeArgsCountChanged,
    RuntimeArgsOnlyOn,
)
from ttmigrate.compare.diff.events import event_edits
from ttmigrate.compare.model import HostCb, HostKernel, HostModel, HostRuntimeArgs


def host_edits(*, left: HostModel, right: HostModel) -> list[Edit]:
    out: list[Edit] = []
    for include in sorted(set(left.body.includes) ^ set(right.body.includes)):
        out.append(IncludeOnlyOn(include=include, side="left" if include in left.body.includes else "right"))
    if len(left.buffers) != len(right.buffers):
        out.append(BufferCountChanged(left=len(left.buffers), right=len(right.buffers)))
    for lb, rb in zip(left.buffers, right.buffers, strict=False):
        for field, (old, new) in _changed(lb.comparable(), rb.comparable()).items():
            out.append(
                BufferFieldChanged(
                    index=lb.index, field=field, left=old, right=new, left_line=lb.line, right_line=rb.line
                )
            )
    for cb in sorted(set(left.cbs) | set(right.cbs)):
        lc, rc = left.cbs.get(cb), right.cbs.get(cb)
        if lc is None or rc is None:
            out.append(
                HostCbOnlyOn(cb=cb, side="left" if lc else "right", left_line=_line(lc), right_line=_line(rc))
            )
            continue
        for field, (old, new) in _changed(lc.comparable(), rc.comparable()).items():
            out.append(
                HostCbFieldChanged(
                    cb=cb, field=field, left=old, right=new, left_line=lc.line, right_line=rc.line
                )
            )
    for name in sorted(set(left.kernels) | set(right.kernels)):
        lk, rk = left.kernels.get(name), right.kernels.get(name)
        if lk is None or rk is None:
            out.append(
                KernelOnlyOn(
                    kernel=name, side="left" if lk else "right", left_line=_line(lk), right_line=_line(rk)
                )
            )
            continue
        if lk.config != rk.config:
            out.append(
                KernelConfigChanged(
                    kernel=name,
                    left=lk.config,
                    right=rk.config,
                    left_line=lk.line,
                    right_line=rk.line,
                )
            )
        if lk.cores != rk.cores:
            out.append(
                KernelCoresChanged(
                    kernel=name,
                    left=len(lk.cores),
                    right=len(rk.cores),
                    left_line=lk.line,
                    right_line=rk.line,
                )
            )
    for name in sorted(set(left.runtime_args) | set(right.runtime_args)):
        out += _runtime_arg_edits(name, left.runtime_args.get(name, {}), right.runtime_args.get(name, {}))
    out += event_edits(left=left.body.events, right=right.body.events)
    return out


def _line(item: HostCb | HostKernel | None) -> int | None:
    return item.line if item is not None else None


def _changed(left: Mapping[str, str], right: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    return {key: (left[key], right[key]) for key in left if left[key] != right.get(key)}


def _runtime_arg_edits(
    kernel: str, left: Mapping[Core, HostRuntimeArgs], right: Mapping[Core, HostRuntimeArgs]
) -> list[Edit]:
    """Per kernel: the cores set on one side only, then the cores grouped by each difference."""
    out: list[Edit] = []
    cores = sorted(set(left) | set(right), key=lambda c: (c[1], c[0]))
    total = len(cores)
    only_left = tuple(c for c in cores if c not in right)
    only_right = tuple(c for c in cores if c not in left)
    sample_l = next(iter(left.values()), None)
    sample_r = next(iter(right.values()), None)
    if only_left:
        line = sample_l.line if sample_l else None
        out.append(
            RuntimeArgsOnlyOn(
                kernel=kernel, side="left", cores=CoreSet(only_left, total), left_line=line, right_line=None
            )
        )
    if only_right:
        line = sample_r.line if sample_r else None
        out.append(
            RuntimeArgsOnlyOn(
                kernel=kernel, side="right", cores=CoreSet(only_right, total), left_line=None, right_line=line
            )
        )
    both = [c for c in cores if c in left and c in right]
    length_groups: dict[tuple[int, int], list[Core]] = {}
    for core in both:
        counts = (len(left[core].args), len(right[core].args))
        if counts[0] != counts[1]:
            length_groups.setdefault(counts, []).append(core)
    for _, group in sorted(length_groups.items()):
        core = group[0]
        out.append(
            RuntimeArgsCountChanged(
                kernel=kernel,
                left=left[core].args,
                right=right[core].args,
                cores=CoreSet(tuple(group), total),
                sample=core,
                left_line=left[core].line,
                right_line=right[core].line,
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
                RuntimeArgChanged(
                    kernel=kernel,
                    position=position,
                    left=left[core].args[position],
                    right=right[core].args[position],
                    cores=CoreSet(tuple(group), total),
                    sample=core,
                    left_line=left[core].line,
                    right_line=right[core].line,
                )
            )
    return out
