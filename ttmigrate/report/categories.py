"""Per-kernel categories: one name per kernel, decided by these rules, first match wins.

1. `error`: ttmigrate itself failed on the kernel (broken corpus entry, lowering error, an unexpected
   exception in any stage of either mode, a comparison that could not run). A tool failure hides
   the truth about the kernel, so it outranks everything else. The log is in `ToolError.log`.
2. `ir-unsupported`: the ir_driven emitter refused a construct (`UnsupportedConstruct`, or a
   `LoweringError` whose diagnostic kinds are the construct); the construct is named. Template
   output is still recorded but nothing is compared.
   When only template refuses, ir_driven decides alone: `improved` if it is correct, else
   `both-wrong` (there is nothing to compare).
3. `no-reference`: the kernel has no reference (none named, or a torch reference without torch):
   both modes are emitted, checked and diffed, the emulator still catches faults, but the kernel
   is never judged correct (and blocks the flip).
4. Both modes emitted; numerics decide first, because they come from running the code:
   - `regressed`: template correct, ir_driven not correct (wrong, compile-error, deadlock, fault).
   - `improved`: ir_driven correct, template not correct.
   - `both-wrong`: neither correct, whether or not they are equivalent.
   - both correct: `parity` when every artifact is equivalent (level L4 or stricter, L0 being the
     strictest), else `diverged` (both correct but different in meaning; it blocks the flip unless
     listed with a reason in `[tool.ttmigrate.expected_divergences]`).
   A kernel whose artifacts are all equivalent but whose numerics differ keeps its numeric category
   and gets a note: the semantic diff missed something, and that must be visible.
A missing emulation result counts as not correct.
"""

from __future__ import annotations

from dataclasses import dataclass

from ttmigrate.report.model import (
    BOTH_WRONG,
    DIVERGED,
    EMITTED,
    ERROR,
    IMPROVED,
    IR_DRIVEN,
    IR_UNSUPPORTED,
    NO_REFERENCE,
    PARITY,
    REGRESSED,
    TEMPLATE,
    ArtifactParity,
    KernelResult,
    ModeResult,
)

# Parity levels from ttmigrate.compare, strictest first. "L4 or better" means any of these.
EQUIVALENT_LEVELS: tuple[str, ...] = ("L0", "L1", "L2", "L3", "L4")
DIVERGENT = "divergent"

# Categories that count as a failure for root-cause grouping (parity and improved are successes).
FAILURE_CATEGORIES: tuple[str, ...] = (DIVERGED, REGRESSED, BOTH_WRONG, IR_UNSUPPORTED, NO_REFERENCE, ERROR)
# Categories in which the ir_driven code is known to be numerically correct.
IR_CORRECT_CATEGORIES: tuple[str, ...] = (PARITY, IMPROVED, DIVERGED)


@dataclass(frozen=True)
class Verdict:
    category: str
    reason: str
    notes: tuple[str, ...] = ()


def is_equivalent(parity: list[ArtifactParity]) -> bool:
    return bool(parity) and all(p.level in EQUIVALENT_LEVELS for p in parity)


def weakest_level(parity: list[ArtifactParity]) -> str | None:
    """The least strict level over all artifacts ("divergent" if any diverges)."""
    if not parity:
        return None
    if any(p.level not in EQUIVALENT_LEVELS for p in parity):
        return DIVERGENT
    return max((p.level for p in parity), key=EQUIVALENT_LEVELS.index)


def is_correct(mode: ModeResult | None) -> bool:
    return mode is not None and mode.emulation is not None and mode.emulation.status == "correct"


def _outcome(mode: ModeResult | None) -> str:
    if mode is not None and mode.unsupported is not None:
        return "unsupported"
    if mode is None or mode.emulation is None:
        return "no emulation result"
    return mode.emulation.status


def categorize(kernel: KernelResult) -> Verdict:
    errors = kernel.all_errors()
    if errors:
        first = errors[0]
        return Verdict(ERROR, f"{first.stage}: {first.kind}: {_first_line(first.message)}")
    template, ir = kernel.mode(TEMPLATE), kernel.mode(IR_DRIVEN)
    if template is None or ir is None:
        missing = [m for m, r in ((TEMPLATE, template), (IR_DRIVEN, ir)) if r is None]
        return Verdict(ERROR, f"no result for mode {', '.join(missing)}")
    if ir.unsupported is not None:
        return Verdict(IR_UNSUPPORTED, f"ir_driven cannot emit {ir.unsupported.construct}")
    unjudged = [m for m in (template, ir) if m.emulation is not None and m.emulation.status == NO_REFERENCE]
    if unjudged:
        detail = unjudged[0].emulation.detail if unjudged[0].emulation else ""
        marker = "outputs not judged: "  # the emulator's wording (ttmigrate.emulate.harness)
        why = detail.split(marker, 1)[1] if marker in detail else "no reference to judge the outputs by"
        return Verdict(NO_REFERENCE, f"{why}; template {_outcome(template)}, ir_driven {_outcome(ir)}")
    if template.unsupported is not None and ir.status == EMITTED:
        construct = template.unsupported.construct
        if is_correct(ir):
            return Verdict(IMPROVED, f"ir_driven correct, template cannot emit {construct}")
        return Verdict(BOTH_WRONG, f"template cannot emit {construct}, ir_driven {_outcome(ir)}")
    if template.status != EMITTED or ir.status != EMITTED:
        return Verdict(ERROR, f"template {template.status}, ir_driven {ir.status} without an error record")
    if not kernel.parity:
        return Verdict(ERROR, "both modes emitted but no comparison was recorded")
    t_ok, ir_ok = is_correct(template), is_correct(ir)
    equivalent = is_equivalent(kernel.parity)
    level = weakest_level(kernel.parity)
    notes: tuple[str, ...] = ()
    if equivalent and t_ok != ir_ok:
        notes = (
            f"all artifacts equivalent (weakest {level}) but template is {_outcome(template)} and "
            f"ir_driven is {_outcome(ir)}: the semantic diff missed a difference",
        )
    if t_ok and not ir_ok:
        return Verdict(REGRESSED, f"template correct, ir_driven {_outcome(ir)}", notes)
    if ir_ok and not t_ok:
        return Verdict(IMPROVED, f"ir_driven correct, template {_outcome(template)}", notes)
    if not t_ok and not ir_ok:
        return Verdict(BOTH_WRONG, f"template {_outcome(template)}, ir_driven {_outcome(ir)}")
    if equivalent:
        return Verdict(PARITY, f"both correct, equivalent at {level} or stricter on every artifact")
    diverging = [p.artifact for p in kernel.parity if p.level not in EQUIVALENT_LEVELS]
    return Verdict(DIVERGED, f"both correct but {', '.join(diverging)} differ in meaning")


def _first_line(text: str) -> str:
    stripped = text.strip()
    return stripped.splitlines()[0] if stripped else ""
