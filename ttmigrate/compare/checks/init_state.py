"""init-state: in compute, the configuration the start-up and init calls program, checked at every op.

The same semantics as the emulator (emulate/runtime/config.cpp), derived from the op registry's
``ConfigState`` entries (no op table of its own):

- ``compute_kernel_hw_startup`` runs once, before any init or op, outside a DST-held section
  (loops are replayed, so a start-up in a loop is a second start-up);
- each init programs one engine (the unpacker + FPU, or the SFPU for ``unpack == "none"``) for its
  op's ``math``; each op call needs its engine programmed for its own ``math``;
- an op with an ``uninit`` (reduce) must be undone by it before another op's init, unless the next
  op has the same ``uninit_skip_key``; the uninit itself needs that op configured;
- data formats: start-up programs srcA, srcB and the packer for its CBs' formats (``SrcOrder::Reverse``
  swaps the sources), the reconfig calls of ``reconfig_data_format.h`` reprogram them (the
  conditional ``(old, new)`` forms only when the two CBs' formats differ), inits do not. An op
  unpacking a CB (the registry's ``ConfigState.srca`` / ``srcb`` parameters) of another format than
  its source is configured for, or a ``pack_tile`` into a CB of another format than the packer's,
  is a finding naming the missing reconfig call. Formats come from the host's CreateCircularBuffer
  calls; a CB whose format the host model does not know is not judged.

Not checked statically: the matmul transpose (whether B should be transposed is the kernel's
intent, not a protocol fact; the emulator computes what the configured transpose gives) and calls
the registry does not print (the generic ``bcast_init<op, dim>`` forms).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ttmigrate import ops
from ttmigrate.compare import expr as E
from ttmigrate.compare.checks.walk import execution
from ttmigrate.compare.finding import Finding
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
    sources: tuple[tuple[str, int], ...] = ()  # (srcA | srcB, position of the call's CB argument)


def _config(op: ops.OpDef) -> _Config:
    assert op.config is not None
    engine = "SFPU" if op.config.unpack == "none" else "unpacker/FPU"
    uninit = op.config.uninit.name if op.config.uninit is not None else None
    names = [p.name for p in op.call.fn.params] if op.call is not None else []
    sources = tuple(
        (source, names.index(param))
        for source, param in (("srcA", op.config.srca), ("srcB", op.config.srcb))
        if param is not None and param in names
    )
    return _Config(op, engine, op.config.math, uninit, op.config.uninit_skip_key, sources)


# Every init and op call of the registry by function name: (template values the op fixes, config),
# in registry order. Keyed by name because the check asks it at every call the replay meets.
_Table = dict[str, tuple[tuple[frozenset[str], _Config], ...]]


def _by_name(entries: list[tuple[str, frozenset[str], _Config]]) -> _Table:
    table: dict[str, list[tuple[frozenset[str], _Config]]] = {}
    for name, fixed, config in entries:
        table.setdefault(name, []).append((fixed, config))
    return {name: tuple(forms) for name, forms in table.items()}


_INITS = _by_name(
    [
        (o.init.fn.name, frozenset(o.init.template.values()), _config(o))
        for o in ops.OPS.values()
        if o.config is not None and o.init is not None
    ]
)
_CALLS = _by_name(
    [
        (o.call.fn.name, frozenset(o.call.template.values()), _config(o))
        for o in ops.OPS.values()
        if o.config is not None and o.call is not None
    ]
)
_UNINITS = frozenset(o.config.uninit.name for o in ops.OPS.values() if o.config and o.config.uninit)
_DEPRECATED = ops.deprecated_spellings()
# reconfig_data_format.h: call -> the operands it reprograms, in argument order
_RECONFIGS: dict[str, tuple[str, ...]] = {
    "reconfig_data_format": ("srcA", "srcB"),
    "reconfig_data_format_srca": ("srcA",),
    "reconfig_data_format_srcb": ("srcB",),
    "pack_reconfig_data_format": ("the packer",),
}
_MISSING = {"srcA": "reconfig_data_format_srca", "srcB": "reconfig_data_format_srcb", "the packer": "pack_reconfig_data_format"}  # fmt: skip
PACK = "pack_tile"
INIT_STATE_CALLS = frozenset(
    {
        STARTUP,
        *_UNINITS,
        *_INITS,
        *_CALLS,
        *_DEPRECATED,
        *_RECONFIGS,
        PACK,
    }
)
# the data formats the emulator and the host checks know (a CB created with another spelling is
# not judged)
_FORMATS = frozenset(
    {"Float32", "Float16", "Float16_b", "Bfp8", "Bfp8_b", "Bfp4", "Bfp4_b", "Int32", "UInt16", "UInt32"}
)


def _template_args(event: Event) -> frozenset[str]:
    if "<" not in event.name:
        return frozenset()
    inner = event.name.split("<", 1)[1].rsplit(">", 1)[0]
    return frozenset(part.strip() for part in inner.split(",") if part.strip())


def _lookup(table: _Table, api: str, targs: frozenset[str]) -> _Config | None:
    for fixed, config in table.get(api, ()):
        if fixed <= targs:
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


@dataclass
class _Format:
    """The data format srcA, srcB or the packer is programmed for, by which call and where."""

    format: str | None = None  # None: unknown (a CB whose format the host model does not give)
    cb: int = -1
    by: str = ""
    line: int = 0

    def describe(self) -> str:
        return f"{self.format} (CB c_{self.cb}) by {self.by} at line {self.line}"


def _cb_arg(event: Event, position: int) -> int | None:
    operand = event.exprs[position] if position < len(event.exprs) else None
    return int(operand.value) if isinstance(operand, E.Cb) else None


def cb_formats(data_formats: Mapping[int, str]) -> dict[int, str]:
    """The host's CB formats (``tt::DataFormat::Float16_b`` -> ``Float16_b``), known spellings only."""
    found = {cb: text.rsplit("::", 1)[-1] for cb, text in data_formats.items()}
    return {cb: fmt for cb, fmt in found.items() if fmt in _FORMATS}


def check_init_state(model: KernelModel, *, formats: Mapping[int, str] | None = None) -> list[Finding]:
    """``formats``: CB id -> data format (``cb_formats``), from the program's host."""
    apis = {event.api for event in model.events if event.kind == "call"}
    if not apis & INIT_STATE_CALLS:
        return []
    found: dict[int, Finding] = {}
    known = dict(formats or {})

    def report(line: int, message: str) -> None:
        found.setdefault(line, Finding(model.artifact, line, "init-state", f"{model.artifact}: {message}"))

    configured = {"srcA": _Format(), "srcB": _Format(), "the packer": _Format()}

    def program(operand: str, cb: int | None, by: str, line: int) -> None:
        configured[operand] = _Format(
            known.get(cb) if cb is not None else None, -1 if cb is None else cb, by, line
        )

    def require(operand: str, cb: int | None, api: str, line: int) -> None:
        slot = configured[operand]
        need = known.get(cb) if cb is not None else None
        if need is None or slot.format is None or need == slot.format:
            return
        what = (
            f"packs into CB c_{cb} ({need})"
            if operand == "the packer"
            else f"unpacks CB c_{cb} ({need}) into {operand}"
        )
        report(line, f"{api} at line {line} {what}, but {operand} is configured for "
                     f"{slot.describe()}; {_MISSING[operand]}(c_{cb}) is missing before it")  # fmt: skip

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
            if not started_at:
                cbs = [_cb_arg(event, i) for i in range(len(event.exprs))]
                icb0, icb1, ocb = (cbs[0], cbs[0], cbs[1]) if len(cbs) == 2 else (cbs + [None] * 3)[:3]
                reverse = "SrcOrder::Reverse" in _template_args(event)
                program("srcA", icb1 if reverse else icb0, STARTUP, line)
                program("srcB", icb0 if reverse else icb1, STARTUP, line)
                program("the packer", ocb, STARTUP, line)
            started_at = started_at or line
            continue
        if api in _RECONFIGS or api == PACK:
            if not started_at:
                report(
                    line,
                    f"{api} at line {line} runs before {STARTUP} (the hardware start-up must come first)",
                )
            elif api == PACK:
                require("the packer", _cb_arg(event, 1), api, line)
            else:
                _reconfig(event, api, program, known)
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
        for operand, position in call.sources:
            require(operand, _cb_arg(event, position), api, line)
    return sorted(found.values(), key=Finding.sort_key)


def _reconfig(
    event: Event, api: str, program: Callable[[str, int | None, str, int], None], known: Mapping[int, str]
) -> None:
    """A reconfig call: the new-only form reprograms its operands; the conditional (old, new) form
    only those whose old and new CBs' formats differ (a stale old claim skips a needed reconfig,
    as in reconfig_data_format.h)."""
    operands = _RECONFIGS[api]
    cbs = [_cb_arg(event, i) for i in range(len(event.exprs))]
    reverse = "SrcOrder::Reverse" in _template_args(event)
    conditional = len(cbs) == 2 * len(operands)
    pairs = (
        [(cbs[2 * i], cbs[2 * i + 1]) for i in range(len(operands))]
        if conditional
        else [(None, cb) for cb in cbs[: len(operands)]]
    )
    if reverse and len(pairs) == 2:
        pairs.reverse()  # icb0 -> srcB, icb1 -> srcA
    for operand, (old, new) in zip(operands, pairs, strict=False):
        if (
            conditional
            and old is not None
            and new is not None
            and old in known
            and known.get(old) == known.get(new)
        ):
            continue
        program(operand, new, api, event.line)
