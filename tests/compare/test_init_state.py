"""init-state: the static rule on every IR-driven golden, and mutation acceptance over the corpus.

Every start-up, init, uninit and reconfig call of every IR-driven golden compute kernel is deleted,
duplicated and moved (scripts/mutate_inits.py enumerates them); each mutant must be named by the
static rule. The emulator's side runs every mutant in the script (``--emulate``) and a seeded
sample in tests/emulate/test_config_state.py.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ttmigrate import ops
from ttmigrate.compare.checks import check_artifacts
from ttmigrate.compare.checks.init_state import INIT_STATE_CALLS, STARTUP

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "mutate_inits.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mutate_inits", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("mutate_inits", module)
    spec.loader.exec_module(module)
    return module


MUTATE = _script()
GOLDENS: list[Path] = MUTATE.GOLDENS


def _init_state(artifacts: dict[str, str]) -> list[str]:
    return [f.message for f in check_artifacts(artifacts=artifacts) if f.rule == "init-state"]


def test_the_rule_reads_the_registry() -> None:
    assert STARTUP in INIT_STATE_CALLS
    assert MUTATE.RECONFIGS <= INIT_STATE_CALLS
    for entry in ops.OPS.values():
        if entry.config is not None and entry.init is not None and entry.call is not None:
            assert entry.init.fn.name in INIT_STATE_CALLS and entry.call.fn.name in INIT_STATE_CALLS


@pytest.mark.parametrize("folder", GOLDENS, ids=lambda p: p.parent.name)
def test_ir_driven_golden_has_no_init_state_finding(folder: Path) -> None:
    assert _init_state(MUTATE.artifacts(folder)) == []


def test_mutants_cover_every_kind_of_configuration_call() -> None:
    calls = {m.call for folder in GOLDENS for m in MUTATE.mutants(folder)}
    assert STARTUP in calls and "matmul_init" in calls
    # the mixed-format goldens: a source pair, one source, and the packer (float32 GEMM partials)
    assert {"reconfig_data_format", "reconfig_data_format_srca", "pack_reconfig_data_format"} <= calls


# The enumeration is pure text work (well under a second for the corpus); judging a mutant runs the
# whole static check (parse + model of the program), so that part is one test per golden and the
# xdist workers share it instead of one worker walking every mutant of the corpus in one test.
MUTANTS: dict[Path, list[Any]] = {folder: MUTATE.mutants(folder) for folder in GOLDENS}


def test_the_mutation_acceptance_covers_the_corpus() -> None:
    """The corpus-wide figures of mutation acceptance: enough goldens and mutants, equivalent mutants
    (the script's stated rule: a call duplicated right after itself) counted apart and printed. That
    each non-equivalent mutant is named is the test below, per golden."""
    assert len(GOLDENS) >= 40
    assert [m for _, m in MUTATE.all_mutants(GOLDENS)] == [m for ms in MUTANTS.values() for m in ms]
    total = sum(not m.equivalent for ms in MUTANTS.values() for m in ms)
    equivalent = sum(m.equivalent for ms in MUTANTS.values() for m in ms)
    print(
        f"init-state mutation acceptance (static): {total} mutants over {len(GOLDENS)} goldens; {equivalent} equivalent"
    )
    assert total > 250


@pytest.mark.parametrize("folder", GOLDENS, ids=lambda p: p.parent.name)
def test_every_config_mutation_of_the_ir_driven_golden_is_named(folder: Path) -> None:
    """Mutation acceptance: every non-equivalent mutant of the golden is named by the static rule."""
    base = MUTATE.artifacts(folder)
    judged = [m for m in MUTANTS[folder] if not m.equivalent]
    missed = [m.label for m in judged if not MUTATE.static_caught(base, m)]
    print(f"{folder.parent.name}: {len(judged) - len(missed)}/{len(judged)} named")
    assert missed == []
