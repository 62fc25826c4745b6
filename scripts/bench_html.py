"""Benchmark of the HTML report at scale: synthetic results with real artifacts, rendered to HTML.

    .venv/bin/python scripts/bench_html.py                 # 1,000 and 10,000 kernels
    .venv/bin/python scripts/bench_html.py --kernels 500

    .venv/bin/python scripts/bench_html.py --from out/results.json   # a real run's kernels

Each size runs in its own process (so peak RSS is that size's alone). With `--from`, the kernels are
a real run's (results.json), replicated under new names up to the size (`replicated`, which
`bench_scale.py` renders too): every part of a real drill-down is there (artifacts, semantic
differences, edit scripts, findings, tracebacks). Without it, a kernel's artifacts are the
normalised goldens of a corpus kernel (snapshots/, cycling through them) with its numbers shifted
per kernel; verdicts come from tests/report/synthetic.py (the real `classify`), whose differences
and tracebacks are one line each, so that page is smaller than a real one of the same size (the
two once disagreed, 7.3 MB against 39.8 MB for 1,000 kernels, for that reason). Prints size, render
time (summary + HTML) and peak RSS; targets (issue 15: 1,000 kernels < 10 MB; 10,000 kernels
< 100 MB, <= 10 s, <= 1 GiB) are judged by reading them.
"""

from __future__ import annotations

import dataclasses
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import click

REPO = Path(__file__).resolve().parents[1]
_NUMBER = re.compile(r"\b\d+\b")


def _goldens() -> list[dict[str, dict[str, str]]]:
    """Per corpus kernel: mode -> artifact -> normalised text (headers left out)."""
    from ttmigrate.snapshot.header import content_of
    from ttmigrate.snapshot.layout import UNSUPPORTED

    kernels: dict[str, dict[str, dict[str, str]]] = {}
    for path in sorted((REPO / "snapshots").glob("*/*/*/*")):
        if path.name.endswith(".new") or path.name == UNSUPPORTED or not path.is_file():
            continue
        family, kernel, mode = path.parts[-4:-1]
        text = content_of(path.read_text(encoding="utf-8"), name=path.name)
        kernels.setdefault(f"{family}/{kernel}", {}).setdefault(mode, {})[path.name] = text
    return [modes for modes in kernels.values() if {"template", "ir_driven"} <= set(modes)]


def _shift(text: str, i: int) -> str:
    return _NUMBER.sub(lambda m: str(int(m.group()) + i % 97), text)


def synthetic_results(count: int):  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(REPO))
    from tests.report.synthetic import emitted, kernel, levels, results, unsupported_mode
    from ttmigrate.report.model import IR_DRIVEN, TEMPLATE

    sources = _goldens()
    kernels = []
    for i in range(count):
        source = sources[i % len(sources)]
        template, ir = emitted(TEMPLATE), emitted(IR_DRIVEN, "wrong" if i % 23 == 0 else "correct")
        template.artifacts = {n: _shift(t, i) for n, t in source["template"].items()}
        if i % 31 == 0:
            ir = unsupported_mode()
        else:
            ir.artifacts = {n: _shift(t, i) for n, t in source["ir_driven"].items()}
        parity = levels("L2", compute_cpp="divergent") if i % 5 == 0 else levels("L2")
        kernels.append(
            kernel(f"kernel_{i:05d}", family=f"family_{i % 40:02d}", template=template, ir=ir, parity=parity)
        )
    return results(kernels)


def replicated(results_path: Path, count: int):  # type: ignore[no-untyped-def]
    """A real run's kernels repeated under new names until there are `count` of them."""
    from ttmigrate.report import load_results

    results = load_results(results_path)
    base = list(results.kernels)
    kernels = [
        dataclasses.replace(base[i % len(base)], name=f"{base[i % len(base)].name}_r{i}")
        for i in range(count)
    ]
    return dataclasses.replace(results, kernels=kernels)


def measure(count: int, out: Path | None, source: Path | None = None) -> None:
    from ttmigrate.report.render.html import render_html
    from ttmigrate.report.summary import summarize

    run = replicated(source, count) if source is not None else synthetic_results(count)
    start, cpu_start = time.perf_counter(), time.process_time()
    page = render_html(summarize(run, expected_divergences={}))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    size = len(page.encode("utf-8"))
    if out is not None:
        out.write_text(page, encoding="utf-8")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(
        f"{count:>6} kernels: {size / 1e6:7.1f} MB ({size / count / 1e3:.1f} kB/kernel), "
        f"render {seconds:6.2f} s ({cpu:.2f} s CPU, load average {os.getloadavg()[0]:.1f}), peak RSS {peak:6.0f} MiB (whole process, incl. building the input)"
    )


@click.command()
@click.option(
    "--kernels", "counts", type=int, multiple=True, help="Sizes to measure (default 1000 and 10000)."
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Keep the (last) page here.")
@click.option(
    "--from", "source", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A real run's results.json whose kernels are replicated (default: synthetic kernels).",
)  # fmt: skip
@click.option("--one", is_flag=True, hidden=True)
def main(counts: tuple[int, ...], out: Path | None, source: Path | None, one: bool) -> None:
    counts = counts or (1000, 10000)
    if one:
        measure(counts[0], out, source)
        return
    for count in counts:
        command = [sys.executable, __file__, "--one", "--kernels", str(count)]
        if out is not None:
            command += ["--out", str(out)]
        if source is not None:
            command += ["--from", str(source)]
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
