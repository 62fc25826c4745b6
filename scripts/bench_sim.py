"""Benchmark of the emulation stage: compile time per program (cold, in a fresh cache, and again
from the cache) and run time on the emulated device.

    .venv/bin/python scripts/bench_sim.py                        # the hand-written fixture programs
    .venv/bin/python scripts/bench_sim.py gemm_256 add_256 --mode ir_driven   # corpus kernels

Prints figures only; there are no thresholds here (speed targets are judged by reading them).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import click
import numpy as np

from ttmigrate.emulate import TensorSpec, Tolerance, build_program, simulate, specs_from_params
from ttmigrate.emulate.programs import load_cases

CASES = Path(__file__).resolve().parents[1] / "tests" / "data" / "programs" / "cases.json"


@dataclass(frozen=True, kw_only=True)
class Program:
    name: str
    artifacts: dict[str, str]
    tensors: list[TensorSpec]
    reference: Callable[..., Mapping[str, np.ndarray]]
    tolerance: Tolerance | None


def fixture_programs() -> list[Program]:
    return [
        Program(
            name=c.name,
            artifacts=c.artifacts,
            tensors=list(c.tensors),
            reference=c.reference,
            tolerance=c.tolerance,
        )
        for c in load_cases(CASES).values()
    ]


def corpus_programs(names: Sequence[str], mode: str | None) -> list[Program]:
    from ttmigrate.corpus import resolve_kernel
    from ttmigrate.emit import emit_kernel

    programs = []
    for name in names:
        kernel = resolve_kernel(name)
        tensors = specs_from_params(params=kernel.params, inputs=kernel.inputs, outputs=kernel.outputs)
        programs.append(
            Program(
                name=f"{kernel.name} [{mode or 'default'}]",
                artifacts=emit_kernel(kernel, mode=mode),
                tensors=tensors,
                reference=kernel.reference,
                tolerance=None,
            )
        )
    return programs


@click.command()
@click.argument("kernels", nargs=-1)
@click.option("--mode", type=click.Choice(["template", "ir_driven"]), default=None)
def main(kernels: tuple[str, ...], mode: str | None) -> None:
    programs = corpus_programs(kernels, mode) if kernels else fixture_programs()
    with tempfile.TemporaryDirectory(prefix="bench-sim-") as folder:
        cache = Path(folder)
        # Warm the runtime objects and the host PCH with a program no benchmark entry shares.
        warm_up = dict(programs[0].artifacts)
        warm_up["main.cpp"] = "// warm-up\n" + warm_up["main.cpp"]
        started = time.perf_counter()
        build_program(artifacts=warm_up, cache_dir=cache)
        print(f"runtime objects + host PCH + one program, cold cache: {time.perf_counter() - started:.2f} s")
        print(f"{'program':40} {'status':14} {'cold compile':>12} {'cached':>8} {'run':>8}")
        for program in programs:
            cold = build_program(artifacts=program.artifacts, cache_dir=cache)
            started = time.perf_counter()
            cached = build_program(artifacts=program.artifacts, cache_dir=cache)
            cached_s = time.perf_counter() - started
            assert cached.cache_hit
            result = simulate(
                artifacts=program.artifacts,
                tensors=program.tensors,
                reference=program.reference,
                tolerance=program.tolerance,
                cache_dir=cache,
            )
            print(
                f"{program.name:40} {result.status:14} {cold.seconds:11.2f}s {cached_s:7.3f}s {result.run_s:7.3f}s"
            )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
