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
# Warning lines of the runtime that the verdict treats as faults. Pages left in a circular buffer at
# the end mean a producer and a consumer disagree on the page count (a dropped cb_pop_front, an
# extra push): the program happened to finish, but one more tile per core would deadlock it, so a
# program that leaves a CB unbalanced is never judged correct.
FAULT_WARNING_KINDS = frozenset({"cb-unbalanced"})


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


def parse_warning_fault(stderr: str) -> Fault | None:
    """The first warning line whose kind is a fault (FAULT_WARNING_KINDS), with how many such lines
    there were, or None."""
    found: list[dict[str, object]] = []
    for line in stderr.splitlines():
        if not line.startswith(WARNING_PREFIX):
            continue
        try:
            fields = json.loads(line[len(WARNING_PREFIX) :])
        except json.JSONDecodeError:
            continue
        if isinstance(fields, dict) and fields.get("kind") in FAULT_WARNING_KINDS:
            found.append(fields)
    if not found:
        return None
    fault = _fault(found[0])
    if len(found) > 1:
        return Fault(
            kind=fault.kind, message=f"{fault.message} (and {len(found) - 1} more)", kernel=fault.kernel,
            core=fault.core, cb=fault.cb, fields=fault.fields,
        )  # fmt: skip
    return fault


def classify(*, returncode: int, stderr: str) -> tuple[SimStatus, Fault] | None:
    """Status and fault of a run that did not finish cleanly (a fault line, a non-zero exit, or a
    warning that is a fault); None for a clean exit."""
    fault = parse_fault(stderr)
    if fault is None and returncode == 0:
        fault = parse_warning_fault(stderr)
        if fault is None:
            return None
        return "fault", fault
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
