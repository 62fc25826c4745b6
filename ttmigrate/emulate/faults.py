"""Reading the emulated program's verdict: the `TTSIM-FAULT {json}` line it prints on stderr and
its exit status."""

from __future__ import annotations

import json
import signal

from ttmigrate.emulate.model import Fault, SimStatus

FAULT_PREFIX = "TTSIM-FAULT "
WARNING_PREFIX = "TTSIM-WARNING "
# Fault kinds that mean "the program can never finish" rather than "it did something illegal".
DEADLOCK_KINDS = frozenset({"deadlock", "hang", "timeout"})


def parse_fault(stderr: str) -> Fault | None:
    """The first well-formed fault line of `stderr`, or None."""
    for line in stderr.splitlines():
        if not line.startswith(FAULT_PREFIX):
            continue
        try:
            fields = json.loads(line[len(FAULT_PREFIX) :])
        except json.JSONDecodeError:
            continue
        if isinstance(fields, dict) and isinstance(fields.get("kind"), str):
            return _fault(fields)
    return None


def parse_warnings(stderr: str) -> tuple[str, ...]:
    """The messages of the runtime's warning lines (things real hardware survives, such as pages
    left in a circular buffer at the end of the program)."""
    warnings = []
    for line in stderr.splitlines():
        if line.startswith(WARNING_PREFIX):
            try:
                fields = json.loads(line[len(WARNING_PREFIX) :])
            except json.JSONDecodeError:
                continue
            if isinstance(fields, dict):
                warnings.append(f"{fields.get('kind', 'warning')}: {fields.get('message', '')}")
    return tuple(warnings)


def _fault(fields: dict[str, object]) -> Fault:
    core = fields.get("core")
    core_xy = (int(core[0]), int(core[1])) if isinstance(core, list) and len(core) == 2 else None
    cb = fields.get("cb")
    kernel = fields.get("kernel")
    message = str(fields.get("message", ""))
    if fields["kind"] == "crash":
        number = int(str(fields.get("signal", 0)))
        message = f"the program crashed with {signal_name(number)} in {kernel or 'the host program'}"
    return Fault(
        kind=str(fields["kind"]),
        message=message,
        kernel=str(kernel) if isinstance(kernel, str) else None,
        core=core_xy,
        cb=cb if isinstance(cb, int) else None,
        fields=fields,
    )


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def classify(*, returncode: int, stderr: str) -> tuple[SimStatus, Fault] | None:
    """Status and fault of a run that did not finish cleanly; None for a clean exit."""
    fault = parse_fault(stderr)
    if fault is None and returncode == 0:
        return None
    if fault is None:
        if returncode < 0:
            message = f"the program was killed by {signal_name(-returncode)}"
            fault = Fault(kind="crash", message=message, fields={"signal": -returncode})
        else:
            fault = Fault(kind="exit-code", message=f"the program exited with code {returncode}")
    return ("deadlock" if fault.kind in DEADLOCK_KINDS else "fault"), fault


def describe(fault: Fault) -> str:
    """One line: kind, where, message."""
    where = []
    if fault.kernel:
        where.append(fault.kernel)
    if fault.core is not None:
        where.append(f"core ({fault.core[0]},{fault.core[1]})")
    location = f" [{', '.join(where)}]" if where else ""
    return f"{fault.kind}{location}: {fault.message}"
