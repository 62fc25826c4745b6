"""Benchmark of the emulator's kernel-unit compiles: every distinct kernel file of the committed
snapshots (or of the program folders under --programs) compiled into a fresh object cache, each
through the unit build a run uses (`ttmigrate.emulate.build`: the compile, and the narrowing check
where the compile warns of one).

    .venv/bin/python scripts/bench_kernel_units.py [--programs DIR] [--legacy-ref REF] [--repeat R]

With --legacy-ref, the same files are compiled by that git ref's package too (exported, no checkout
touched), in interleaved rounds, and the ratio is printed. The runtime each configuration links
against is built before its timing starts. Prints figures only; nothing here is a threshold.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
from bench_run import export_ref  # noqa: E402  (the run benchmark's export of a ref's package)


def _programs(root: Path) -> list[dict[str, str]]:
    """The C++ files of every program folder (one holding a main.cpp) under `root`."""
    folders = sorted({path.parent for path in root.rglob("main.cpp")})
    return [
        {path.name: path.read_text(encoding="utf-8") for path in folder.glob("*.cpp")} for folder in folders
    ]


def _compile_all(root: Path, cache: Path) -> dict[str, float]:
    """In this process: compiles each distinct kernel file once; its figures."""
    from ttmigrate.emulate import build

    runtime = build.runtime_for(cache)
    seen: set[str] = set()
    units = []
    for files in _programs(root):
        for name in build.kernel_files(files):
            tag = hashlib.sha256(f"{name}\0{files[name]}".encode()).hexdigest()
            if tag not in seen:
                seen.add(tag)
                units.append((build._kernel_unit(name, files[name]), files))
    objects = cache / "objects"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    keys = [build._compile_unit(unit, files, runtime, objects) for unit, files in units]
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    errors = sum((objects / f"{key}.err").exists() for key in keys)
    return {"units": len(units), "errors": errors, "wall": wall, "cpu": cpu}


def _measure(root: Path, python_path: Path | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-units-") as cache:
        env = dict(os.environ)
        if python_path is not None:
            env["PYTHONPATH"] = str(python_path)
        command = [sys.executable, __file__, "--inner", cache, "--programs", str(root)]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        figures: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--programs", type=Path, default=REPO / "snapshots")
    parser.add_argument("--legacy-ref", help="also compile the files with this git ref's ttmigrate")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--inner", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        print(json.dumps(_compile_all(args.programs, Path(args.inner))))
        return
    with tempfile.TemporaryDirectory(prefix="bench-units-ref-") as scratch:
        legacy = export_ref(args.legacy_ref, Path(scratch)) if args.legacy_ref else None
        rounds: dict[str, list[dict[str, float]]] = {
            "this tree": [],
            **({args.legacy_ref: []} if legacy else {}),
        }
        for _ in range(args.repeat):
            rounds["this tree"].append(_measure(args.programs, None))
            if legacy is not None:
                rounds[args.legacy_ref].append(_measure(args.programs, legacy))
    medians = {}
    for name, figures in rounds.items():
        wall = statistics.median(f["wall"] for f in figures)
        cpu = statistics.median(f["cpu"] for f in figures)
        medians[name] = cpu
        units, errors = int(figures[0]["units"]), int(figures[0]["errors"])
        print(f"{name:>12}: {units} kernel units, {errors} not compiling, wall {wall:.1f} s, CPU {cpu:.1f} s")
    if legacy is not None:
        print(f"CPU, this tree / {args.legacy_ref}: {medians['this tree'] / medians[args.legacy_ref]:.3f}")


if __name__ == "__main__":
    main()
