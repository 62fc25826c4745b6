"""The emulator's configuration state (runtime/config.cpp): derived from the registry, and a
deterministic sample of configuration mutants of IR-driven goldens, each an `init-state` fault
naming the op, what it needs, what is configured and the line of the call.

The static rule covers every mutant of every golden (tests/compare/test_init_state.py); this
sample compiles one program per mutant, so it stays small; scripts/mutate_inits.py --emulate runs
every mutant, and a seeded sample of its enumeration runs here."""

from __future__ import annotations

import importlib.util
import random
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ttmigrate import ops
from ttmigrate.corpus.load import resolve_kernel
from ttmigrate.emulate import simulate_kernel

REPO = Path(__file__).resolve().parents[2]
EMULATE = REPO / "ttmigrate" / "emulate"


def _emulator_sources() -> str:
    paths = [*(EMULATE / "include").rglob("*.h"), *(EMULATE / "runtime").glob("*.cpp")]
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(paths))


def test_every_registry_configuration_is_the_emulators() -> None:
    """Each op's ConfigState.math (and uninit skip key) is spelled in the emulator as in the registry."""
    text = _emulator_sources()
    for entry in ops.OPS.values():
        if entry.config is None:
            continue
        assert f'"{entry.config.math}"' in text, entry.name
        if entry.config.uninit_skip_key is not None:
            assert f'"{":".join(entry.config.uninit_skip_key)}"' in text, entry.name
        if entry.config.uninit is not None:
            assert f'"{entry.config.uninit.name}"' in text, entry.name


def _golden(family: str, name: str) -> dict[str, str]:
    folder = REPO / "snapshots" / family / name / "ir_driven"
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()) if p.suffix == ".cpp"}


# (family, kernel, old compute line, new lines, the op the fault names, what it needs)
SAMPLE = [
    # the bias step's init deleted: the broadcast add runs under matmul's configuration
    ("gemm_epilogue", "gemm_bias_256", "        add_bcast_rows_init(cb_tmp0, cb_Bias_shared);\n", "",
     "add_tiles_bcast_rows", "bcast:add:row"),
    # matmul_init moved after matmul_tiles: the first K step runs unconfigured, later ones under the bias add's
    ("gemm_epilogue", "gemm_bias_256",
     "        matmul_init(cb_A_shared, cb_B_shared);\n        tile_regs_acquire();\n"
     "        for (uint32_t k = 0; k < 8; ++k) {\n            cb_wait_front(cb_A_shared, 1);\n"
     "            cb_wait_front(cb_B_shared, 1);\n            matmul_tiles(cb_A_shared, cb_B_shared, 0, 0, 0);\n",
     "        tile_regs_acquire();\n        for (uint32_t k = 0; k < 8; ++k) {\n"
     "            cb_wait_front(cb_A_shared, 1);\n            cb_wait_front(cb_B_shared, 1);\n"
     "            matmul_tiles(cb_A_shared, cb_B_shared, 0, 0, 0);\n            matmul_init(cb_A_shared, cb_B_shared);\n",
     "matmul_tiles", "matmul"),
    # the start-up duplicated into the work-unit loop
    ("fused", "add_relu_256", "        tile_regs_acquire();\n",
     "        compute_kernel_hw_startup(cb_A_shared, cb_B_shared, cb_C_local);\n        tile_regs_acquire();\n",
     "compute_kernel_hw_startup", "one start-up at kernel start"),
    # matmul initialised once before the work units, as the old emitter did: right on one unit per
    # core, but from the second unit on matmul runs under the bias add's configuration
    ("gemm_epilogue", "gemm_bias_512",
     "    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {\n"
     "        matmul_init(cb_A_shared, cb_B_shared);\n        tile_regs_acquire();\n",
     "    matmul_init(cb_A_shared, cb_B_shared);\n"
     "    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {\n        tile_regs_acquire();\n",
     "matmul_tiles", "matmul"),
    # the SFPU init deleted
    ("fused", "add_relu_256", "        relu_tile_init();\n", "", "relu_tile", "sfpu:relu"),
]  # fmt: skip


@pytest.mark.parametrize(("family", "name", "old", "new", "op", "needs"), SAMPLE)
def test_configuration_mutant_is_an_init_state_fault_at_its_line(
    family: str,
    name: str,
    old: str,
    new: str,
    op: str,
    needs: str,
    sim_cache: Path,
    mutate: Callable[..., dict[str, str]],
) -> None:
    artifacts = mutate(_golden(family, name), "compute.cpp", old, new)
    result = simulate_kernel(kernel=resolve_kernel(name), artifacts=artifacts, cache_dir=sim_cache)
    assert result.status == "fault" and result.fault is not None, result.detail
    assert result.fault.kind == "init-state", result.detail
    assert result.fault.fields["op"] == op
    assert result.fault.fields["needs"] == needs
    assert result.fault.kernel is not None and result.fault.core is not None
    line = result.fault.fields["line"]
    assert isinstance(line, int) and line > 0
    assert (
        op + "(" in artifacts["compute.cpp"].split("\n")[line - 1]
        or op + "<" in artifacts["compute.cpp"].split("\n")[line - 1]
    )


def test_unmutated_golden_is_correct(sim_cache: Path) -> None:
    result = simulate_kernel(
        kernel=resolve_kernel("gemm_bias_256"),
        artifacts=_golden("gemm_epilogue", "gemm_bias_256"),
        cache_dir=sim_cache,
    )
    assert result.status == "correct", result.detail


def _mutate_script() -> ModuleType:
    path = REPO / "scripts" / "mutate_inits.py"
    spec = importlib.util.spec_from_file_location("mutate_inits", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("mutate_inits", module)
    spec.loader.exec_module(module)
    return module


_MUTATE = _mutate_script()
_POOL = _MUTATE.all_mutants(_MUTATE.GOLDENS)
# a seeded sample of scripts/mutate_inits.py's enumeration (the script runs all of them with
# --emulate): 10 mutants that must fault, 2 equivalent ones that must stay correct
_SAMPLE = random.Random(12).sample([p for p in _POOL if not p[1].equivalent], 10) + random.Random(12).sample(
    [p for p in _POOL if p[1].equivalent], 2
)


@pytest.mark.parametrize(("base", "mutant"), _SAMPLE, ids=[m.label.replace(" ", "-") for _, m in _SAMPLE])
def test_sampled_mutant_verdict_on_the_emulator(base: dict[str, str], mutant: Any, sim_cache: Path) -> None:
    result = simulate_kernel(
        kernel=resolve_kernel(mutant.golden),
        artifacts={**base, "compute.cpp": mutant.text},
        cache_dir=sim_cache,
    )
    if mutant.equivalent:
        assert result.status == "correct", result.detail
    else:
        assert result.status == "fault" and result.fault is not None, result.detail
        assert result.fault.kind == "init-state", result.detail
