"""Group failing kernels by root cause, so fifty failures with one cause read as one problem.

Each failing kernel (categories in FAILURE_CATEGORIES, except a `diverged` kernel listed as an
expected divergence at run time) gets one key, first rule that applies:
- `error`: `error:<stage>:<exception kind>@<raise site>` (same exception from the same place);
  without a site, the first message line with numbers masked.
- `ir-unsupported`: `unsupported:<node kind>:<construct>` (same unsupported construct).
- otherwise, from the ir_driven side:
  1. `rule:<rule id>` of its first protocol finding (same failing rule);
  2. `diff:<artifact>:<edit>` of the first difference of the first divergent artifact: compare's
     typed-edit key (`first_event`: the kind of edit and its subject, e.g.
     `event:change:cb_wait_front:operand-1` or `loop:trip_count`, none of its numbers, so
     "trip count 8 vs 4" and "trip count 16 vs 2" group together); for results written without
     that key, the first difference in words with numbers masked;
  3. `emulate:template=<status>,ir_driven=<status>` when the code is equivalent and only the
     numbers tell (e.g. both wrong in the same shared lowering).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ttmigrate.report.categories import EQUIVALENT_LEVELS, FAILURE_CATEGORIES
from ttmigrate.report.model import DIVERGED, ERROR, IR_DRIVEN, IR_UNSUPPORTED, TEMPLATE, KernelResult

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class RootCause:
    key: str
    kernels: tuple[str, ...]  # sorted
    categories: tuple[str, ...]  # sorted, distinct
    example: str  # one full description, from the first kernel


@dataclass(frozen=True)
class RootCauseSummary:
    causes: tuple[RootCause, ...]  # largest group first, then by key
    kernel_count: int

    def headline(self) -> str:
        return f"{len(self.causes)} root cause{'s' * (len(self.causes) != 1)} across {self.kernel_count} kernel{'s' * (self.kernel_count != 1)}"


def mask_numbers(text: str) -> str:
    return " ".join(_NUMBER.sub("N", text).split())


def root_cause(kernel: KernelResult) -> tuple[str, str] | None:
    """(key, description) for a failing kernel, None for parity and improved kernels."""
    if kernel.category not in FAILURE_CATEGORIES:
        return None
    if kernel.category == DIVERGED and kernel.expected_divergence:
        return None  # an accepted divergence, with its reason: nothing to fix
    if kernel.category == ERROR:
        errors = kernel.all_errors()
        if not errors:
            return "error:unrecorded", kernel.reason
        err = errors[0]
        where = (
            f"@{err.site}"
            if err.site
            else f": {mask_numbers(err.message.strip().splitlines()[0] if err.message.strip() else '')}"
        )
        return f"error:{err.stage}:{err.kind}{where}", f"{err.kind}: {err.message.strip()}"
    ir = kernel.mode(IR_DRIVEN)
    if kernel.category == IR_UNSUPPORTED:
        if ir is None or ir.unsupported is None:
            return "unsupported:unknown", kernel.reason
        u = ir.unsupported
        return f"unsupported:{u.node_kind}:{u.construct}", u.message
    if ir is not None and ir.findings:
        first = ir.findings[0]
        return f"rule:{first.rule}", f"{first.place}: [{first.rule}] {first.message}"
    for parity in kernel.parity:
        if parity.level in EQUIVALENT_LEVELS:
            continue
        text = parity.differences[0] if parity.differences else f"{parity.artifact}: differs"
        event = parity.first_event or mask_numbers(text.removeprefix(f"{parity.artifact}: "))
        return f"diff:{parity.artifact}:{event}", text
    template = kernel.mode(TEMPLATE)

    def status(mode: object) -> str:
        emulation = getattr(mode, "emulation", None)
        return emulation.status if emulation is not None else "none"

    return (
        f"emulate:template={status(template)},ir_driven={status(ir)}",
        f"equivalent code; template {status(template)}, ir_driven {status(ir)}",
    )


def group_root_causes(kernels: list[KernelResult]) -> RootCauseSummary:
    groups: dict[str, list[KernelResult]] = {}
    examples: dict[str, str] = {}
    for kernel in sorted(kernels, key=lambda k: k.name):
        cause = root_cause(kernel)
        if cause is None:
            continue
        key, description = cause
        groups.setdefault(key, []).append(kernel)
        examples.setdefault(key, description)
    causes = [
        RootCause(
            key=key,
            kernels=tuple(k.name for k in members),
            categories=tuple(sorted({k.category for k in members})),
            example=examples[key],
        )
        for key, members in groups.items()
    ]
    causes.sort(key=lambda c: (-len(c.kernels), c.key))
    return RootCauseSummary(causes=tuple(causes), kernel_count=sum(len(c.kernels) for c in causes))
