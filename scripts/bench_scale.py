"""Scale benchmark: `ttmigrate run` over generated corpora of growing size, and report rendering.

    python scripts/bench_scale.py [--sizes 100,300,1000] [--seed 7] [--speedup-size 100]
                                  [--render-kernels 1000] [--render-from results.json]

For each size N: `scripts/gen_corpus.py --n N` into a temporary folder, then a cold `ttmigrate run
--jobs 2` (fresh caches), timed, with the peak RSS of the run's processes (the largest of the main
process and its workers, from wait4). Time per kernel at each size shows whether the run stays linear.
At --speedup-size the same corpus is also run cold with --jobs 1: the speed-up of 2 jobs over 1.
Rendering: a results.json of --render-kernels kernels (the largest run's, else --render-from's
kernels replicated under new names up to that count) is rendered to every format, each timed; the
HTML's size is printed. The machine may be shared: ratios from one invocation are what count.
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUN = "import sys; from ttmigrate.cli import main; sys.argv[0] = 'ttmigrate'; main()"


def timed_run(*, corpus: Path, out: Path, cache: Path, jobs: int) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds (user + sys of the run and every process it waited for), peak RSS
    in MiB of the largest process of the run)."""
    env = dict(os.environ, TTMIGRATE_CACHE_DIR=str(cache))
    command = [
        sys.executable, "-c", RUN, "run", "--corpus", str(corpus), "--snapshots", str(out / "no-goldens"),
        "--pyproject", str(REPO / "pyproject.toml"), "--out-dir", str(out), "--jobs", str(jobs),
    ]  # fmt: skip
    start = time.perf_counter()
    with open(out.parent / f"{out.name}.log", "w", encoding="utf-8") as log:
        proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=out.parent)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"ttmigrate run failed on {corpus}; see {out.parent / f'{out.name}.log'}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def generate(*, n: int, seed: int, into: Path) -> Path:
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen_corpus.py"), "--n", str(n), "--seed", str(seed), "--out", str(into)],
        check=True, capture_output=True,
    )  # fmt: skip
    return into


def replicated(results_path: Path, count: int):  # type: ignore[no-untyped-def]
    """The run's kernels repeated under new names until there are `count` of them: the same input
    `bench_html.py --from` measures, so the two scripts' sizes agree."""
    sys.path.insert(0, str(REPO / "scripts"))
    from bench_html import replicated as replicate

    return replicate(results_path, count)


def render_all(results) -> dict[str, tuple[float, int]]:
    """format -> (seconds to render, characters)."""
    from ttmigrate.config import load_config
    from ttmigrate.report.render import FORMATS
    from ttmigrate.report.render.terminal import render_text
    from ttmigrate.report.summary import summarize

    config = load_config(REPO / "pyproject.toml")
    timings: dict[str, tuple[float, int]] = {}
    start = time.perf_counter()
    summary = summarize(results, expected_divergences=config.expected_divergences)
    timings["summary"] = (time.perf_counter() - start, 0)
    for fmt, target in FORMATS.items():
        start = time.perf_counter()
        if fmt == "terminal":
            text = render_text(summary)
        else:
            module_name, attr = target.split(":")
            text = getattr(importlib.import_module(module_name), attr)(summary)
        timings[fmt] = (time.perf_counter() - start, len(text.encode("utf-8")))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100,300,1000", help="comma-separated corpus sizes ('' for none)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--speedup-size", type=int, default=100, help="size also run with --jobs 1 (0: skip)")
    parser.add_argument("--render-kernels", type=int, default=1000)
    parser.add_argument(
        "--render-from", type=Path, help="results.json to replicate when no run is that large"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    largest: tuple[int, Path] | None = None
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as scratch:
        root = Path(scratch)
        for n in sizes:
            corpus = generate(n=n, seed=args.seed, into=root / f"corpus-{n}")
            seconds, cpu, rss = timed_run(
                corpus=corpus, out=root / f"out-{n}-j2", cache=root / f"cache-{n}-j2", jobs=2
            )
            row = {"kernels": n, "seconds": seconds, "per_kernel": seconds / n, "cpu": cpu, "rss": rss}
            if n == args.speedup_size:
                one, cpu1, rss1 = timed_run(
                    corpus=corpus, out=root / f"out-{n}-j1", cache=root / f"cache-{n}-j1", jobs=1
                )
                row.update(jobs1=one, cpu1=cpu1, rss1=rss1, speedup=one / seconds)
            rows.append(row)
            largest = (n, root / f"out-{n}-j2" / "results.json")
            print(
                f"{n:>5} kernels: {seconds:7.1f} s wall, {seconds / n:5.2f} s/kernel, "
                f"{cpu:7.1f} CPU s ({cpu / n:5.2f}/kernel), peak RSS {rss:6.0f} MiB"
                + (
                    f"; --jobs 1 {row['jobs1']:.1f} s wall ({row['cpu1']:.1f} CPU s), "
                    f"speed-up {row['speedup']:.2f}x"
                    if "speedup" in row
                    else ""
                ),
                flush=True,
            )
        source = args.render_from or (largest[1] if largest else None)
        if source is None:
            raise SystemExit("nothing to render: give --sizes or --render-from")
        if largest is not None and largest[0] >= args.render_kernels and args.render_from is None:
            from ttmigrate.report import load_results

            results, how = load_results(largest[1]), f"the {largest[0]}-kernel run"
        else:
            results, how = replicated(source, args.render_kernels), f"{source}'s kernels replicated"
        timings = render_all(results)
    if len(rows) > 1:
        base = rows[0]["per_kernel"]
        print("time per kernel relative to the smallest run: " + ", ".join(
            f"{r['kernels']}: {r['per_kernel'] / base:.2f}" for r in rows
        ))  # fmt: skip
        cpu_base = rows[0]["cpu"] / rows[0]["kernels"]
        print("CPU per kernel relative to the smallest run: " + ", ".join(
            f"{r['kernels']}: {r['cpu'] / r['kernels'] / cpu_base:.2f}" for r in rows
        ))  # fmt: skip
    print(f"rendering {len(results.kernels)} kernels ({how}):")
    total = 0.0
    for fmt, (seconds, size) in timings.items():
        total += seconds
        print(f"  {fmt:9s} {seconds:6.2f} s" + (f"  {size / 1e6:6.2f} MB" if size else ""))
    print(f"  all       {total:6.2f} s (goal <= 5 s); html {timings['html'][1] / 1e6:.2f} MB (goal < 10 MB)")


if __name__ == "__main__":
    main()
