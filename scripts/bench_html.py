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
< 100 MB, <= 10 s, <= 1 GiB) are judged by reading them. `--browser` also opens each page in
headless Chromium and prints how long its script takes to run to the end after navigation (parsing
included; wall and the CPU seconds of Chromium's processes) and to build one drill-down; the page's own load is part of "renders in <= 10 s".
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
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


def _tree_cpu(root: int) -> float:
    """CPU seconds (user + system) so far of `root` and its live descendants (Chromium's renderer,
    GPU and utility processes): the page's cost whatever else the machine's cores are doing."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        ticks[pid] = int(fields[11]) + int(fields[12])
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(ticks.get(pid, 0) for pid in tree) / os.sysconf("SC_CLK_TCK")


def in_browser(page: Path) -> None:
    """Open the page in headless Chromium (the tests' DevTools driver): seconds until its script
    has run to the end, then until one drill-down (the middle row's) is built, and its DOM size."""
    sys.path.insert(0, str(REPO))
    from tests.report.browser import CHROMIUM, Browser

    if not Path(CHROMIUM).exists():
        raise click.ClickException(f"{CHROMIUM} is missing (Debian package `chromium`)")
    with tempfile.TemporaryDirectory() as profile:
        browser = Browser(CHROMIUM, Path(profile))
        try:
            cpu_start, start = _tree_cpu(browser.proc.pid), time.perf_counter()
            browser.call("Page.navigate", session=True, url=page.resolve().as_uri())
            ready = "document.body !== null && document.body.getAttribute('data-ready') === '1'"
            browser.wait_for(ready, timeout=600)
            loaded, cpu = time.perf_counter() - start, _tree_cpu(browser.proc.pid) - cpu_start
            nodes = browser.evaluate("document.getElementsByTagName('*').length")
            name = browser.evaluate(
                "(function(r){ return r[Math.floor(r.length / 2)].dataset.kernel; })"
                "(document.querySelectorAll('tr.kernel-row'))"
            )
            start = time.perf_counter()
            browser.evaluate(f"location.hash = '#kernel=' + encodeURIComponent({json.dumps(name)})")
            browser.wait_for(
                "document.querySelector('tr.detail:not([hidden]) > td[data-loaded=\"1\"]') !== null",
                timeout=600,
            )
            opened = time.perf_counter() - start
            problems = list(browser.console)
        finally:
            browser.close()
    print(
        f"        Chromium: script done {loaded:6.2f} s after navigation ({cpu:.2f} s CPU, all its "
        f"processes), {nodes} elements; "
        f"drill-down of {name} built in {opened:.2f} s (load average {os.getloadavg()[0]:.1f})"
        + (f"; console: {problems[:3]}" if problems else "")
    )


def measure(count: int, out: Path | None, source: Path | None = None, browser: bool = False) -> None:
    from ttmigrate.report.render.html import render_html
    from ttmigrate.report.summary import summarize

    run = replicated(source, count) if source is not None else synthetic_results(count)
    start, cpu_start = time.perf_counter(), time.process_time()
    page = render_html(summarize(run, expected_divergences={}))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    size = len(page.encode("utf-8"))
    if out is not None:
        out.write_text(page, encoding="utf-8")
    del run
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(
        f"{count:>6} kernels: {size / 1e6:7.1f} MB ({size / count / 1e3:.1f} kB/kernel), "
        f"render {seconds:6.2f} s ({cpu:.2f} s CPU, load average {os.getloadavg()[0]:.1f}), peak RSS {peak:6.0f} MiB (whole process, incl. building the input)"
    )
    if browser:
        if out is not None:
            in_browser(out)
        else:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "report.html"
                path.write_text(page, encoding="utf-8")
                del page
                in_browser(path)


@click.command()
@click.option(
    "--kernels", "counts", type=int, multiple=True, help="Sizes to measure (default 1000 and 10000)."
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Keep the (last) page here.")
@click.option(
    "--from", "source", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A real run's results.json whose kernels are replicated (default: synthetic kernels).",
)  # fmt: skip
@click.option(
    "--browser", is_flag=True,
    help="Also open each page in headless Chromium (/usr/bin/chromium): load and drill-down times.",
)  # fmt: skip
@click.option("--one", is_flag=True, hidden=True)
def main(counts: tuple[int, ...], out: Path | None, source: Path | None, browser: bool, one: bool) -> None:
    counts = counts or (1000, 10000)
    if one:
        measure(counts[0], out, source, browser)
        return
    for count in counts:
        command = [sys.executable, __file__, "--one", "--kernels", str(count)]
        if out is not None:
            command += ["--out", str(out)]
        if source is not None:
            command += ["--from", str(source)]
        if browser:
            command.append("--browser")
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
