"""Time per file when normalising 200 C++ files in one batch (one clang-format process).

Usage: .venv/bin/python scripts/bench_normalize.py [--files N] [--repeat R]
Prints the best-of-R wall time for the batch and per file, next to one-process-per-file.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ttmigrate.normalize import clang_format_version, normalize_cpp, normalize_cpp_many

SAMPLES = Path(__file__).resolve().parents[1] / "tests" / "data" / "programs" / "gemm_256"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    samples = [path.read_text() for path in sorted(SAMPLES.glob("*.cpp"))]
    # Vary each file so no layer can reuse a previous result.
    texts = [f"// variant {i}\n{samples[i % len(samples)]}" for i in range(args.files)]
    print(f"clang-format {clang_format_version()}, {args.files} files, best of {args.repeat}")
    best = min(_timed(lambda: normalize_cpp_many(texts=texts)) for _ in range(args.repeat))
    print(f"batched:  {best * 1000:8.1f} ms total  {best / args.files * 1000:6.2f} ms/file")
    few = texts[:20]
    single = min(_timed(lambda: [normalize_cpp(text) for text in few]) for _ in range(args.repeat))
    print(f"per-file: {single / len(few) * 1000:6.2f} ms/file (one process each, 20 files)")


def _timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
