"""Per-mode p50 / p99 emission time per kernel over the corpus.

"emit" times lowering + emission of an already-built kernel; "parse+emit" also rebuilds the
kernel from its source file (TVMScript parse of the TileLang function) each time.
Target (issue 4): p50 < 10 ms and p99 < 50 ms per kernel and mode on a 2-core machine.

    python scripts/bench_codegen.py [--repeat N]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time

from ttmigrate.corpus import load_corpus, load_kernel
from ttmigrate.emit import UnsupportedConstruct, emit_kernel


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    kernels = load_corpus().kernels
    for mode in ("template", "ir_driven"):
        for label, rebuild in (("emit", False), ("parse+emit", True)):
            samples: list[float] = []
            for kernel in kernels:
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    source = load_kernel(kernel.path) if rebuild else kernel
                    with contextlib.suppress(UnsupportedConstruct):  # the time to find out counts too
                        emit_kernel(source, mode=mode)
                    samples.append((time.perf_counter() - start) * 1000)
            print(
                f"{mode:9s} {label:10s} kernels={len(kernels):3d} runs={len(samples):4d} "
                f"p50={_percentile(samples, 0.5):7.2f} ms  p99={_percentile(samples, 0.99):7.2f} ms  "
                f"mean={statistics.fmean(samples):7.2f} ms"
            )


if __name__ == "__main__":
    main()
