"""init-state: in compute, the configuration the start-up and init calls program, checked at every op.

The same semantics as the emulator (emulate/runtime/config.cpp), derived from the op registry's
``ConfigState`` entries (no op table of its own):

- ``compute_kernel_hw_startup`` runs once, before any init or op, outside a DST-held section
  (loops are replayed, so a start-up in a loop is a second start-up);
- each init programs one engine (the unpacker + FPU, or the SFPU for ``unpack == "none"``) for its
  op's ``math``; each op call needs its engine programmed for its own ``math``;
- an op with an ``uninit`` (reduce) must be undone by it before another op's init, unless the next
  op has the same ``uninit_skip_key``; the uninit itself needs that op configured.

Not checked statically: the matmul transpose (whether B should be transposed is the kernel's
intent, not a protocol fact; the emulator computes what the configured transpose gives) and calls
the registry does not print (the generic ``bcast_init<op, dim>`` forms).
"""

from __future__ import annotations

from dataclasses import dataclass

from ttmigrate import ops
from ttmigrate.compare.checks.finding import Finding
from ttmigrate.compare.checks.walk import execution
from ttmigrate.compare.model import Event, KernelModel

STARTUP = "compute_kernel_hw_startup"
_DST_HOLD = {"tile_regs_acquire": True, "tile_regs_release": False}


@dataclass(frozen=True)
class _Config:
    op: ops.OpDef
    engine: str  # "unpacker/FPU" | "SFPU"
    math: str
    uninit: str | None
    uninit_skip: tuple[str, ...] | None


def _config(op: ops.OpDef) -> _Config:
    assert op.config is not None
    engine = "SFPU" if op.config.unpack == "none" else "unpacker/FPU"
    uninit = op.config.uninit.name if op.config.uninit is not None else None
    return _Config(op, engine, op.config.math, uninit, op.config.uninit_skip_key)


# (function name, template values the op fixes) for every init and op call of the registry
_INITS = tuple(
    (o.init.fn.name, frozenset(o.init.template.values()), _config(o))
    for o in ops.OPS.values()
    if o.config is not None and o.init is not None
)
_CALLS = tuple(
    (o.call.fn.name, frozenset(o.call.template.values()), _config(o))
    for o in ops.OPS.values()
    if o.config is not None and o.call is not None
)
_UNINITS = frozenset(o.config.uninit.name for o in ops.OPS.values() if o.config and o.config.uninit)
_DEPRECATED = ops.deprecated_spellings()
INIT_STATE_CALLS = frozenset(
    {STARTUP, *_UNINITS, *(n for n, _, _ in _INITS), *(n for n, _, _ in _CALLS), *_DEPRECATED}
)


def _template_args(event: Event) -> frozenset[str]:
    if "<" not in event.name:
        return frozenset()
    inner = event.name.split("<", 1)[1].rsplit(">", 1)[0]
    return frozenset(part.strip() for part in inner.split(",") if part.strip())


def _lookup(
    table: tuple[tuple[str, frozenset[str], _Config], ...], api: str, targs: frozenset[str]
) -> _Config | None:
    for name, fixed, config in table:
        if name == api and fixed <= targs:
            return config
    return None


@dataclass
class _Slot:
    config: _Config | None = None
    by: str = ""
    line: int = 0
    pending_uninit: bool = False

    def describe(self) -> str:
        if self.config is None:
            return f"nothing ({self.by or 'no init since ' + STARTUP})"
        return f"{self.config.math} by {self.by} at line {self.line}"


def check_init_state(model: KernelModel) -> list[Finding]:
    apis = {event.api for event in model.events if event.kind == "call"}
    if not apis & INIT_STATE_CALLS:
        return []
    found: dict[int, Finding] = {}

    def report(line: int, message: str) -> None:
        found.setdefault(line, Finding(model.artifact, line, "init-state", f"{model.artifact}: {message}"))

    started_at = 0
    held = False
    slots = {"unpacker/FPU": _Slot(), "SFPU": _Slot()}
    for event in execution(model):
        if event.kind != "call":
            continue
        api = _DEPRECATED.get(event.api, event.api)
        line = event.line
        if api in _DST_HOLD:
            held = _DST_HOLD[api]
            continue
        if api == STARTUP:
            if started_at:
                report(line, f"{STARTUP} at line {line} runs again (start-up already ran at line {started_at}; "
                             "it runs once, at the start of the kernel, never in a loop or mid-kernel)")  # fmt: skip
            elif held:
                report(line, f"{STARTUP} at line {line} runs inside a DST-held section")
            started_at = started_at or line
            continue
        targs = _template_args(event)
        init = _lookup(_INITS, api, targs)
        call = None if init else _lookup(_CALLS, api, targs)
        if init is None and call is None and api not in _UNINITS:
            continue
        if not started_at:
            report(
                line, f"{api} at line {line} runs before {STARTUP} (the hardware start-up must come first)"
            )
            continue
        if api in _UNINITS:
            slot = slots["unpacker/FPU"]
            if not slot.pending_uninit or slot.config is None or slot.config.uninit != api:
                report(line, f"{api} at line {line} undoes an op that needs it, but the unpacker/FPU is "
                             f"configured for {slot.describe()}")  # fmt: skip
            slot.config, slot.by, slot.line, slot.pending_uninit = (
                None,
                f"undone by {api} at line {line}",
                line,
                False,
            )
            continue
        if init is not None:
            slot = slots[init.engine]
            if slot.pending_uninit and slot.config is not None:
                same = slot.config.uninit_skip is not None and slot.config.uninit_skip == init.uninit_skip
                if not same:
                    report(line, f"{api} at line {line} programs {init.math} while {slot.describe()} is still set; "
                                 f"{slot.config.uninit} must undo it first")  # fmt: skip
            slot.config, slot.by, slot.line = init, api, line
            slot.pending_uninit = init.uninit is not None
            continue
        assert call is not None
        slot = slots[call.engine]
        if slot.config is None or slot.config.math != call.math:
            report(line, f"{api} at line {line} needs {call.math} but the {call.engine} is configured for "
                         f"{slot.describe()}")  # fmt: skip
    return sorted(found.values())
