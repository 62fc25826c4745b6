"""Benchmark of a reviewer's `ttmigrate snapshot impact` after an emitter change: a scratch copy of
the committed snapshots where every IR-driven compute kernel has a pending change (its first
`tile_regs_commit();` doubled, as an emitter slip would print it), judged cold (a fresh cache: the
emulator runtime, every host, kernel unit and program built anew) and warm (the reviewer's second
look: the same impact again on the cache the first filled).

    .venv/bin/python scripts/bench_impact.py [--legacy-ref REF] [--repeat R] [--kernels GLOB]

Configurations, in interleaved rounds: this tree cold at `--jobs 1` and at its default `--jobs` (the
CPUs this process may use), this tree warm at its default, and, with --legacy-ref, that git ref's
code cold at its own defaults (its package, corpus and pyproject.toml exported, no checkout
touched: the expected divergences the gate reads are its own). Prints the median wall and CPU
seconds (user + sys of the whole process tree) of each and their ratios to the legacy ref (else to
this tree's cold default), and checks that every configuration finds the same impact (everything
but the per-kernel seconds). Prints figures only; nothing here is a threshold.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
from bench_run import differences, export_ref  # noqa: E402  (shared with the run benchmark)

CLI = "import sys; from ttmigrate.cli import main; sys.argv[0] = 'ttmigrate'; main()"
COMMIT = "tile_regs_commit();"


def plant_changes(snapshots: Path, kernels: str) -> int:
    """Every matching IR-driven compute golden gets a pending `.new` with its first commit doubled."""
    planted = 0
    for golden in sorted(snapshots.glob("*/*/ir_driven/compute.cpp")):
        name = f"{golden.parents[2].name}/{golden.parents[1].name}"
        text = golden.read_text()
        at = text.find(COMMIT)
        if at < 0 or not fnmatch.fnmatch(name, kernels):
            continue
        line_start = text.rfind("\n", 0, at) + 1
        line_end = text.index("\n", at) + 1
        golden.with_name("compute.cpp.new").write_text(
            text[:line_end] + text[line_start:line_end] + text[line_end:]
        )
        planted += 1
    return planted


@dataclass(frozen=True)
class Configuration:
    python_path: Path | None  # None: this tree (the installed package)
    jobs: int | None  # None: the code's default
    warm: bool = False  # judged a second time on the cache its first run filled (only that is timed)


def impact(snapshots: Path, configuration: Configuration) -> tuple[float, float, Any]:
    """(wall s, CPU s, the impact JSON without timings) of one `snapshot impact --json` on a fresh
    cache (cold), or of the second of two on one cache (warm)."""
    with tempfile.TemporaryDirectory(prefix="bench-impact-cache-") as cache:
        env = dict(os.environ, TTMIGRATE_CACHE_DIR=cache)
        if configuration.python_path is not None:
            env["PYTHONPATH"] = str(configuration.python_path)
        command = [sys.executable, "-c", CLI, "snapshot", "impact", "--json", "--root", str(snapshots)]
        if configuration.jobs is not None:
            command += ["--jobs", str(configuration.jobs)]
        if configuration.warm:
            _run(command, env, snapshots)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = _run(command, env, snapshots)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    data = json.loads(done.stdout)
    for kernel in data["kernels"]:
        kernel.pop("seconds", None)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, data


def _run(command: list[str], env: dict[str, str], snapshots: Path) -> subprocess.CompletedProcess[str]:
    # Run from beside the snapshots: with `-c` the working directory comes first on sys.path,
    # ahead of PYTHONPATH, and from the checkout it would import this tree as the legacy ref.
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False, cwd=snapshots.parent)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return done


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--legacy-ref", help="also time this git ref's ttmigrate (e.g. main)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--kernels", default="*", help="family/kernel glob of the kernels to change")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-impact-") as scratch:
        root = Path(scratch)
        snapshots = root / "snapshots"
        shutil.copytree(REPO / "snapshots", snapshots)
        planted = plant_changes(snapshots, args.kernels)
        configurations = {
            "this tree, --jobs 1": Configuration(None, 1),
            "this tree, default --jobs": Configuration(None, None),
            "this tree, default --jobs, warm": Configuration(None, None, warm=True),
        }
        if args.legacy_ref:
            legacy = export_ref(
                args.legacy_ref, root / "legacy-src", paths=("ttmigrate", "corpus", "pyproject.toml")
            )
            configurations[f"{args.legacy_ref}, its defaults"] = Configuration(legacy, None)
        walls: dict[str, list[float]] = {name: [] for name in configurations}
        cpus: dict[str, list[float]] = {name: [] for name in configurations}
        outputs: dict[str, Any] = {}
        for round_ in range(args.repeat):
            for name, configuration in configurations.items():
                wall, cpu, data = impact(snapshots, configuration)
                walls[name].append(wall)
                cpus[name].append(cpu)
                outputs[name] = data
                print(f"round {round_ + 1}: {name}: {wall:.1f} s wall, {cpu:.1f} CPU s", flush=True)
    print(f"\n{planted} kernels with a pending change, median of {args.repeat}:")
    medians = {
        name: (statistics.median(walls[name]), statistics.median(cpus[name])) for name in configurations
    }
    for name, (wall, cpu) in medians.items():
        print(f"  {name:<34} {wall:7.1f} s wall {cpu:7.1f} CPU s")
    names = list(configurations)
    # the ratios: against the legacy ref when there is one, else against this tree's cold default
    reference = names[-1] if args.legacy_ref else "this tree, default --jobs"
    for name in names:
        if name == reference:
            continue
        wall, cpu = medians[name]
        ref_wall, ref_cpu = medians[reference]
        print(f"  {name} / {reference}: {wall / ref_wall:.3f} wall, {cpu / ref_cpu:.3f} CPU")
    first = outputs[names[0]]
    differing = [name for name in names[1:] if outputs[name] != first]
    if not differing:
        print("  same impact in every configuration")
        return
    for name in differing:
        paths = differences(first, outputs[name])
        print(f"  DIFFERENT impact in {name} at {len(paths)} place(s): {', '.join(paths[:10])}")
    sys.exit(1)


if __name__ == "__main__":
    main()
