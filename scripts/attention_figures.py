"""Figures of the attention kernels: tiles each core moves (counted on the lowered IR,
ttmigrate.tt.tile_counts) and, where the IR-driven emitter emits the kernel, its emulator run.

    .venv/bin/python scripts/attention_figures.py        # corpus/attention + tests/data/attention_steps
    .venv/bin/python scripts/attention_figures.py path/to/kernel.py ...

Prints figures only; there are no thresholds here.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from ttmigrate.corpus import Kernel, load_corpus, load_kernel
from ttmigrate.emit import UnsupportedConstruct, emit_kernel
from ttmigrate.emulate import simulate_kernel
from ttmigrate.emulate.harness import SimInputError
from ttmigrate.tt import LoweringError, lower
from ttmigrate.tt.tile_counts import tiles_per_core

STEPS = Path(__file__).resolve().parents[1] / "tests" / "data" / "attention_steps"


def _kernels(argv: list[str]) -> list[Kernel]:
    if argv:
        return [load_kernel(Path(a)) for a in argv]
    family = [k for k in load_corpus().kernels if k.family == "attention"]
    return sorted(family, key=lambda k: k.name) + [load_kernel(p) for p in sorted(STEPS.glob("*.py"))]


def _span(values: list[int]) -> str:
    return str(values[0]) if min(values) == max(values) else f"{min(values)}-{max(values)}"


def main(argv: list[str]) -> int:
    header = (
        f"{'kernel':36} {'cores':>5} {'units/core':>10} {'tiles in/core':>13} {'tiles out/core':>14}"
        "  ir_driven on the emulator"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as cache:
        for kernel in _kernels(argv):
            try:
                cores = tiles_per_core(lower(kernel.main))
            except LoweringError as err:
                print(f"{kernel.name:36} lowering error: {err.diagnostics[0].kind}")
                continue
            units = _span([c.work_units for c in cores])
            read = _span([c.tiles_read for c in cores])
            written = _span([c.tiles_written for c in cores])
            try:
                artifacts = emit_kernel(kernel, mode="ir_driven")
            except UnsupportedConstruct as err:
                run = f"not emitted: {err.construct[:60]}"
            else:
                try:
                    result = simulate_kernel(kernel=kernel, artifacts=artifacts, cache_dir=Path(cache))
                except SimInputError as err:  # e.g. a reference with -inf, which no tolerance judges
                    run = f"not run: {str(err).rsplit(': ', 1)[-1]}"
                else:
                    run = f"{result.status}, compiled in {result.compile_s:.1f} s, ran in {result.run_s * 1000:.1f} ms"
            print(f"{kernel.name:36} {len(cores):>5} {units:>10} {read:>13} {written:>14}  {run}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
