"""Benchmark `ttmigrate run` over a corpus: cold, warm and cache-disabled, measured in one go.

    python scripts/bench_run.py [--corpus DIR] [--jobs N] [--repeat R] [--legacy-ref main] [SELECTOR...]

Each configuration runs `ttmigrate run` in a fresh process with its own empty cache folder:
- cold:      the caches empty (the stage cache and the emulator's object and program caches);
- warm:      the same command again on the cold run's caches (nothing changed);
- no-cache:  `ttmigrate run --no-cache` (every stage run, every translation unit compiled afresh);
- legacy:    with --legacy-ref, the ttmigrate code of that git ref (e.g. `main`: one g++ process per
             program, no stage cache), run from an exported copy of its package on the same corpus.
Rounds are interleaved (no-cache, cold, warm[, legacy]) so load from other users of the machine hits
every configuration alike; the median of the rounds is reported. The machine may be shared: only the
ratios, measured in one invocation, are meaningful, and CPU seconds (user + sys of the run's whole
process tree) are printed beside wall seconds because they suffer far less from the other users. The script also checks that cold, warm and
no-cache runs give the same results.json apart from timings, and counts the compiles of the cold run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUN = "import sys; from ttmigrate.cli import main; sys.argv[0] = 'ttmigrate'; main()"


def ttmigrate_run(
    *, args: list[str], out: Path, cache: Path, python_path: Path | None = None
) -> tuple[float, float, dict]:
    """(wall seconds, CPU seconds of the run and every process it waited for, results data)."""
    env = dict(os.environ, TTMIGRATE_CACHE_DIR=str(cache))
    env.pop("TTMIGRATE_NO_CACHE", None)
    if python_path is not None:
        env["PYTHONPATH"] = str(python_path)
    out.mkdir(parents=True, exist_ok=True)
    log = out.parent / f"{out.name}.log"
    start = time.perf_counter()
    with open(log, "w", encoding="utf-8") as handle:
        proc = subprocess.Popen(
            [sys.executable, "-c", RUN, "run", *args, "--out-dir", str(out)],
            env=env, stdout=handle, stderr=subprocess.STDOUT, cwd=out.parent,
        )  # fmt: skip
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"ttmigrate run {' '.join(args)} failed:\n{log.read_text()}")
    # wait4's usage covers the run, its workers and their g++ processes (each reaped by its parent)
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, json.loads((out / "results.json").read_text(encoding="utf-8"))


def comparable(results: dict) -> dict:
    """results.json data without timings, and with an emulator fault reduced to its kind: which core's
    thread faults first is a race in the emulator, so the fault's detail text varies run to run."""
    data = json.loads(json.dumps(results))
    for key in ("started_at", "finished_at", "duration_s"):
        data["meta"].pop(key, None)
    for kernel in data["kernels"]:
        kernel.pop("timings", None)
        for mode in kernel["modes"].values():
            mode.pop("timings", None)
            emulation = mode.get("emulation") or {}
            detail = emulation.get("detail", "")
            if detail.startswith("["):
                emulation["detail"] = detail.split("]", 1)[0] + "]"
    data["meta"].pop("git_dirty", None)
    return data


def differences(left: object, right: object, path: str = "") -> list[str]:
    """Paths where two JSON values differ."""
    if isinstance(left, dict) and isinstance(right, dict):
        return [
            d
            for key in sorted(set(left) | set(right))
            for d in differences(left.get(key), right.get(key), f"{path}/{key}")
        ]
    if isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        return [
            d
            for i, (a, b) in enumerate(zip(left, right, strict=True))
            for d in differences(a, b, f"{path}[{i}]")
        ]
    return [] if left == right else [path or "/"]


def export_ref(ref: str, into: Path, *, paths: tuple[str, ...] = ("ttmigrate",)) -> Path:
    """The `ttmigrate` package of a git ref (and any other `paths` of it, e.g. the `corpus` that a
    package finds beside itself), exported (no checkout touched) under `into`."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref, *paths], cwd=REPO, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    check = subprocess.run(
        [sys.executable, "-c", "import ttmigrate; print(ttmigrate.__file__)"],
        env=dict(os.environ, PYTHONPATH=str(into)), capture_output=True, text=True, check=True, cwd=into,
    )  # fmt: skip
    if not check.stdout.strip().startswith(str(into)):
        raise SystemExit(f"PYTHONPATH={into} does not take precedence over the installed ttmigrate")
    return into


def counts(cache: Path) -> dict[str, int]:
    sim = cache / "sim"
    objects = sim / "objects"
    return {
        "units compiled": len(list(objects.glob("*.o"))) + len(list(objects.glob("*.err")))
        if objects.is_dir()
        else 0,
        "programs linked": len(list((sim / "programs").iterdir())) if (sim / "programs").is_dir() else 0,
        "kernels cached": len(list((cache / "stages").rglob("*.json"))) if (cache / "stages").is_dir() else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("selectors", nargs="*")
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    parser.add_argument("--jobs", type=int, default=None, help="default: ttmigrate's (the number of cores)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--legacy-ref", help="also time this git ref's ttmigrate (e.g. main) cold")
    args = parser.parse_args()
    common = [*args.selectors, "--corpus", str(args.corpus.resolve()), "--snapshots", str(REPO / "snapshots")]
    common += ["--pyproject", str(REPO / "pyproject.toml")]
    if args.jobs is not None:
        common += ["--jobs", str(args.jobs)]
    times: dict[str, list[float]] = {"no-cache": [], "cold": [], "warm": []}
    if args.legacy_ref:
        times["legacy"] = []
    cpu: dict[str, list[float]] = {name: [] for name in times}
    identical = True
    compile_counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="bench-run-") as scratch:
        root = Path(scratch)
        legacy = export_ref(args.legacy_ref, root / "legacy-src") if args.legacy_ref else None
        for round_ in range(args.repeat):
            base = root / f"round{round_}"
            base.mkdir()
            seconds, used, no_cache = ttmigrate_run(
                args=[*common, "--no-cache"], out=base / "no-cache", cache=base / "cache-none"
            )
            times["no-cache"].append(seconds)
            cpu["no-cache"].append(used)
            seconds, used, cold = ttmigrate_run(args=common, out=base / "cold", cache=base / "cache")
            times["cold"].append(seconds)
            cpu["cold"].append(used)
            compile_counts = counts(base / "cache")
            seconds, used, warm = ttmigrate_run(args=common, out=base / "warm", cache=base / "cache")
            times["warm"].append(seconds)
            cpu["warm"].append(used)
            for name, other in (("warm", warm), ("no-cache", no_cache)):
                odd = differences(comparable(cold), comparable(other))
                if odd:
                    identical = False
                    print(f"cold and {name} differ at: {'; '.join(odd[:10])}", flush=True)
            if legacy is not None:
                seconds, used, _ = ttmigrate_run(
                    args=common, out=base / "legacy", cache=base / "cache-legacy", python_path=legacy
                )
                times["legacy"].append(seconds)
                cpu["legacy"].append(used)
                compile_counts["legacy programs compiled"] = counts(base / "cache-legacy")["programs linked"]
            shutil.rmtree(base, ignore_errors=True)
            print(
                f"round {round_ + 1}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in times.items()),
                flush=True,
            )
    median = {k: statistics.median(v) for k, v in times.items()}
    cpu_median = {k: statistics.median(v) for k, v in cpu.items()}
    kernels = len(cold["kernels"])
    print(f"\nttmigrate run over {kernels} kernels, jobs={args.jobs or 'cores'}, median of {args.repeat}:")
    print(f"  {'':9s} {'wall':>8s} {'CPU':>8s}")
    for name in median:
        print(f"  {name:9s} {median[name]:7.1f}s {cpu_median[name]:7.1f}s")
    # CPU seconds (user + sys of the whole process tree) are far less sensitive than wall time to
    # other users of a shared machine; both are printed.
    for label, a, b, goal in (
        ("warm / cold", "warm", "cold", "  (goal <= 0.05)"),
        ("cold / no-cache", "cold", "no-cache", ""),
        ("cold / legacy cold", "cold", "legacy", "  (goal <= 0.50)"),
        ("warm / legacy cold", "warm", "legacy", ""),
    ):
        if a in median and b in median:
            print(
                f"  {label:20s} wall {median[a] / median[b]:.3f}  CPU {cpu_median[a] / cpu_median[b]:.3f}{goal}"
            )
    for name, value in compile_counts.items():
        print(f"  {name}: {value}")
    print(f"  results identical (cold, warm, no-cache; timings aside): {'yes' if identical else 'NO'}")
    if not identical:
        sys.exit(1)


if __name__ == "__main__":
    main()
