"""dst-order: in compute, the DST register protocol
tile_regs_acquire < math < tile_regs_commit < tile_regs_wait < pack_tile < tile_regs_release."""

from __future__ import annotations

from ttmigrate import ops
from ttmigrate.compare.checks.walk import execution
from ttmigrate.compare.finding import Finding
from ttmigrate.compare.model import KernelModel

# Calls that write DST (the "math" step), from the op registry; their inits configure and do not
# touch DST.
MATH_CALLS = ops.math_calls()
# state the DST protocol must be in before each step, and the state after it
_STEPS = {
    "tile_regs_acquire": ("released", "acquired"),
    "tile_regs_commit": ("acquired", "committed"),
    "tile_regs_wait": ("committed", "waited"),
    "pack_tile": ("waited", "waited"),
    "tile_regs_release": ("waited", "released"),
}
_NEEDED_BY = {
    "released": "tile_regs_release",
    "acquired": "tile_regs_acquire",
    "committed": "tile_regs_commit",
    "waited": "tile_regs_wait",
}


def check_dst_order(model: KernelModel) -> list[Finding]:
    apis = {event.api for event in model.events if event.kind == "call"}
    if not (apis & (MATH_CALLS | set(_STEPS))):
        return []
    state = "released"
    last_step = "start of kernel"  # the DST step that put the registers in `state`, for messages
    found: dict[int, Finding] = {}
    last_line = 0
    for event in execution(model):
        if event.kind != "call":
            continue
        last_line = event.line
        api = event.api
        if api in MATH_CALLS:
            if state != "acquired":
                message = (
                    f"{api} at line {event.line} outside tile_regs_acquire..tile_regs_commit "
                    f"(DST is {state} after {last_step})"
                )
                found.setdefault(event.line, _finding(model, event.line, message))
            continue
        step = _STEPS.get(api)
        if step is None:
            continue
        before, after = step
        if state != before:
            message = (
                f"{api} at line {event.line} needs DST {before} by {_NEEDED_BY[before]} "
                f"but it is {state} after {last_step}"
            )
            found.setdefault(event.line, _finding(model, event.line, message))
        # carry on as if the step had been legal, so that one misplaced call is reported once
        state = after
        last_step = f"{api} at line {event.line}"
    if state != "released":
        message = f"kernel ends with DST {state} after {last_step}, never released"
        found.setdefault(last_line, _finding(model, last_line, message))
    return sorted(found.values(), key=Finding.sort_key)


def _finding(model: KernelModel, line: int, message: str) -> Finding:
    return Finding(model.artifact, line, "dst-order", f"{model.artifact}: {message}")
