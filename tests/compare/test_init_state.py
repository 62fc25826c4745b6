"""init-state: the static rule on every IR-driven golden, and mutation acceptance over the corpus.

Every start-up, init and uninit call of every IR-driven golden compute kernel is deleted, duplicated
and moved; each mutant must be named by the static rule. The emulator's side (the same semantics at
run time) is covered by a deterministic sample in tests/emulate/test_config_state.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from ttmigrate import ops
from ttmigrate.compare.checks import check_artifacts
from ttmigrate.compare.checks.init_state import INIT_STATE_CALLS, STARTUP

REPO = Path(__file__).resolve().parents[2]
GOLDENS = sorted(p.parent for p in (REPO / "snapshots").glob("*/*/ir_driven/compute.cpp"))
_CALL = re.compile(r"^\s*([A-Za-z_]\w*)\s*(<[^;]*>)?\s*\(")
_CONFIG_CALLS = {
    STARTUP,
    *(o.init.fn.name for o in ops.OPS.values() if o.init is not None and o.config is not None),
    *(o.config.uninit.name for o in ops.OPS.values() if o.config is not None and o.config.uninit is not None),
}
_OP_CALLS = {o.call.fn.name for o in ops.OPS.values() if o.call is not None and o.config is not None}


def _artifacts(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()) if p.suffix == ".cpp"}


def _called(line: str) -> str | None:
    match = _CALL.match(line)
    return match.group(1) if match else None


@dataclass(frozen=True)
class Mutant:
    golden: str
    how: str  # delete | duplicate | move
    line: int
    call: str
    text: str


def mutants(folder: Path) -> list[Mutant]:
    """Delete, duplicate and move each configuration call of the golden's compute kernel.

    - duplicate: the copy goes just before the first later op call that needs another
      configuration (the copy clobbers it), else right after the call (a second start-up or a
      second uninit is illegal anywhere; a repeated idempotent init in place is not a defect and
      is counted as such by the acceptance test);
    - move: the call goes just after the first later op call (or init, for the start-up), so
      that op runs before its configuration.
    """
    lines = (folder / "compute.cpp").read_text(encoding="utf-8").split("\n")
    name = folder.parent.name
    found = []
    for index, line in enumerate(lines):
        call = _called(line)
        if call not in _CONFIG_CALLS:
            continue
        rest = lines[:index] + lines[index + 1 :]
        found.append(Mutant(name, "delete", index + 1, call, "\n".join(rest)))
        later_ops = [j for j in range(index + 1, len(lines)) if _called(lines[j]) in _OP_CALLS]
        clobbered = [j for j in later_ops if not _configures(call, _called(lines[j]) or "")]
        at = clobbered[0] if clobbered else index + 1
        found.append(Mutant(name, "duplicate", index + 1, call, "\n".join([*lines[:at], line, *lines[at:]])))
        targets = [
            j
            for j in range(index + 1, len(lines))
            if _called(lines[j]) in (_CONFIG_CALLS - {STARTUP} if call == STARTUP else _OP_CALLS)
        ]
        if targets:
            j = targets[0]  # the op is at j - 1 in `rest`: insert just after it
            moved = [*rest[:j], line, *rest[j:]]
            found.append(Mutant(name, "move", index + 1, call, "\n".join(moved)))
    return found


def _engine(name: str, *, init: bool) -> str | None:
    """The engine (SFPU or unpacker/FPU) the registry's init or op call ``name`` uses."""
    for o in ops.OPS.values():
        fn = o.init if init else o.call
        if o.config is not None and fn is not None and fn.fn.name == name:
            return "SFPU" if o.config.unpack == "none" else "FPU"
    return None


def _configures(init: str, call: str) -> bool:
    """Whether a copy of ``init`` placed before ``call`` leaves it configured: the start-up, the
    call's own init, or an init of the other engine (SFPU vs unpacker/FPU)."""
    if init == STARTUP or _engine(init, init=True) != _engine(call, init=False):
        return True
    return any(
        o.init is not None and o.call is not None and o.init.fn.name == init and o.call.fn.name == call
        for o in ops.OPS.values()
    )


def _init_state(artifacts: dict[str, str]) -> list[str]:
    return [f.message for f in check_artifacts(artifacts=artifacts) if f.rule == "init-state"]


def test_the_rule_reads_the_registry() -> None:
    assert STARTUP in INIT_STATE_CALLS
    for entry in ops.OPS.values():
        if entry.config is not None and entry.init is not None and entry.call is not None:
            assert entry.init.fn.name in INIT_STATE_CALLS and entry.call.fn.name in INIT_STATE_CALLS


@pytest.mark.parametrize("folder", GOLDENS, ids=lambda p: p.parent.name)
def test_ir_driven_golden_has_no_init_state_finding(folder: Path) -> None:
    assert _init_state(_artifacts(folder)) == []


def test_every_config_mutation_of_every_ir_driven_golden_is_named() -> None:
    """Mutation acceptance. A duplicate that lands right after an idempotent init (no later op
    needs another configuration) leaves the hardware state unchanged: it is not a defect, so it
    is counted apart, and the figure is printed."""
    assert len(GOLDENS) >= 40
    total = caught = 0
    harmless: list[str] = []
    missed: list[str] = []
    for folder in GOLDENS:
        base = _artifacts(folder)
        for mutant in mutants(folder):
            text = mutant.text
            lines = text.split("\n")
            idempotent = (
                mutant.how == "duplicate"
                and mutant.call not in (STARTUP, *(n for n in _CONFIG_CALLS if n.endswith("uninit")))
                and lines[mutant.line] == lines[mutant.line - 1]
            )
            if idempotent:
                harmless.append(f"{mutant.golden}:{mutant.line} {mutant.call}")
                continue
            total += 1
            if _init_state({**base, "compute.cpp": text}):
                caught += 1
            else:
                missed.append(f"{mutant.golden}: {mutant.how} {mutant.call} (line {mutant.line})")
    print(
        f"init-state mutation acceptance (static): {caught}/{total} named; {len(harmless)} idempotent duplicates"
    )
    assert total > 100
    assert missed == []
