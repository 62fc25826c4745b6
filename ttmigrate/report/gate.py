"""The flip gate: may the project default move to ir_driven?

Ready when nothing blocks. Blockers, one per offending kernel or entry:
- `empty-run`: the results hold no kernel (an empty or misplaced corpus measures nothing);
- `missing-modes`: a kernel whose category is not `error` but whose template or ir_driven result is
  missing from the file (a truncated or hand-edited results.json proves nothing);
- `incomplete-run`: the results come from a selection, not the whole corpus (or the corpus has
  broken entries, which show up as `error` kernels);
- `regressed`: template correct, ir_driven not;
- `error`: a tool failure; nothing is known about the kernel;
- `ir-wrong`: both-wrong; ir_driven emitted code that is not numerically correct (every kernel that
  ir_driven emits must be correct, even when template is wrong too);
- `unexpected-divergence`: both correct but different in meaning, and not listed in
  `[tool.ttmigrate.expected_divergences]`;
- `stale-expected-divergence`: listed, but the kernel is at parity now (the list only shrinks);
- `unknown-expected-divergence`: listed, but no such kernel in the results.
Kernels in `ir-unsupported` do not block: ir_driven refuses them loudly, so the flip pins them to
`template` through `kernel_modes` (the gradual rollout). Every other kernel runs ir_driven.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ttmigrate.report.model import (
    BOTH_WRONG,
    DIVERGED,
    ERROR,
    IR_DRIVEN,
    IR_UNSUPPORTED,
    NO_REFERENCE,
    PARITY,
    REGRESSED,
    TEMPLATE,
    RunResults,
)

MODES = (TEMPLATE, IR_DRIVEN)


@dataclass(frozen=True)
class Blocker:
    kind: str
    kernel: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.kernel + ': ' if self.kernel else ''}{self.message}"


@dataclass(frozen=True)
class GateResult:
    blockers: tuple[Blocker, ...]
    pins: dict[str, str]  # kernel -> "template": not ready, kept on template after the flip
    flipped: tuple[str, ...]  # kernels that would run ir_driven after the flip
    expected_in_use: tuple[str, ...]  # expected divergences that are still needed

    @property
    def ready(self) -> bool:
        return not self.blockers


_BLOCKING = {
    REGRESSED: ("regressed", "template is correct but ir_driven is not"),
    ERROR: ("error", "tool failure"),
    NO_REFERENCE: ("no-reference", "ir_driven output has no reference to be judged by"),
    BOTH_WRONG: ("ir-wrong", "ir_driven output is not numerically correct"),
}


def evaluate_gate(results: RunResults, *, expected_divergences: Mapping[str, str]) -> GateResult:
    blockers: list[Blocker] = []
    if not results.kernels:
        blockers.append(Blocker("empty-run", None, "the results hold no kernel: nothing was measured"))
    if not results.meta.complete:
        selection = " ".join(results.meta.selection) or "?"
        blockers.append(
            Blocker("incomplete-run", None, f"results cover a selection ({selection}), not the whole corpus")
        )
    pins: dict[str, str] = {}
    flipped: list[str] = []
    in_use: list[str] = []
    categories = {k.name: k.category for k in results.kernels}
    for kernel in sorted(results.kernels, key=lambda k: k.name):
        missing = [m for m in MODES if m not in kernel.modes]
        if missing and kernel.category != ERROR:
            # The category is a claim about both modes' results; without them nothing backs it.
            blockers.append(
                Blocker(
                    "missing-modes", kernel.name,
                    f"the results hold no {' or '.join(missing)} result, so its category "
                    f"{kernel.category!r} is unsupported; re-run `ttmigrate run`",
                )
            )  # fmt: skip
            continue
        if kernel.category in _BLOCKING:
            kind, what = _BLOCKING[kernel.category]
            blockers.append(Blocker(kind, kernel.name, f"{what} ({kernel.reason})"))
        elif kernel.category == IR_UNSUPPORTED:
            pins[kernel.name] = TEMPLATE
        elif kernel.category == DIVERGED and kernel.name not in expected_divergences:
            blockers.append(
                Blocker(
                    "unexpected-divergence",
                    kernel.name,
                    f"{kernel.reason}; list it with a reason in [tool.ttmigrate.expected_divergences] "
                    "or make the emitters agree",
                )
            )
        else:
            flipped.append(kernel.name)
    for name, reason in sorted(expected_divergences.items()):
        category = categories.get(name)
        if category is None:
            blockers.append(
                Blocker(
                    "unknown-expected-divergence",
                    name,
                    "listed as an expected divergence but not in the results",
                )
            )
        elif category == PARITY:
            blockers.append(
                Blocker(
                    "stale-expected-divergence",
                    name,
                    f"at parity now; remove it from [tool.ttmigrate.expected_divergences] (reason was: {reason})",
                )
            )
        else:
            in_use.append(name)
    return GateResult(
        blockers=tuple(blockers), pins=pins, flipped=tuple(flipped), expected_in_use=tuple(in_use)
    )
