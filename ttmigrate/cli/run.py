"""`ttmigrate run [SELECTOR...]`: run the corpus through both modes and write results.json."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from ttmigrate.config import ConfigError, load_config
from ttmigrate.escape import terminal_safe
from ttmigrate.report import load_results
from ttmigrate.report.history import (
    HistoryError,
    append_record,
    baseline_from_record,
    read_history,
    record_of,
)
from ttmigrate.report.model import CATEGORIES, KernelResult, ResultsError, RunResults
from ttmigrate.run.selection import SelectionError, Shard

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


def _progress_lines(selectors: tuple[str, ...], entries: list[Any]) -> Callable[[KernelResult], None]:
    """Without a terminal (CI) the live bar is off: print a line every few kernels instead."""
    from ttmigrate.cli.progress import ProgressLines
    from ttmigrate.run.selection import Candidate, select

    candidates = [Candidate(e.info.name, e.info.family, tuple(e.info.tags)) for e in entries]
    total = len(select(selectors, candidates))
    click.echo(f"run: {total} kernel(s) to run", err=True)
    return ProgressLines(total=total, write=lambda line: click.echo(line, err=True))


@click.command()
@click.argument("selectors", nargs=-1)
@click.option(
    "--out-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
    help="Folder for results.json (and retry-list.txt with --baseline).",
)  # fmt: skip
@click.option(
    "--baseline", "baseline_text", metavar="RESULTS|last",
    help="An earlier results.json, or `last` (the newest run in --history): mark newly regressed / "
    "fixed kernels and write retry-list.txt.",
)  # fmt: skip
@click.option(
    "--history", "history_path", type=click.Path(dir_okay=False, path_type=Path),
    help="Append this run's compact record to this JSON-lines run history (see `ttmigrate history`).",
)  # fmt: skip
@click.option(
    "--corpus",
    "corpus_root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Corpus root.",
)
@click.option(
    "--manifest", type=click.Path(exists=True, path_type=Path),
    help="A kernel manifest (ttmigrate.toml, a pyproject.toml with [tool.ttmigrate.kernels], or a folder "
    "holding one): run its kernels instead of the corpus. Goldens default to snapshots/ beside it.",
)  # fmt: skip
@click.option(
    "--snapshots", "snapshot_root", type=click.Path(file_okay=False, path_type=Path),
    help="Golden snapshot root (default: snapshots/ or $TTMIGRATE_SNAPSHOT_ROOT).",
)  # fmt: skip
@click.option(
    "--pyproject", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Config file."
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=None,
    help="Kernels run in parallel (separate processes); also the most host-batch and emulator-runtime "
    "compiles the run starts at once.  [default: the CPUs this process may use: its affinity mask, "
    "capped by its cgroup's CPU quota]",
)  # fmt: skip
@click.option(
    "--no-cache", is_flag=True,
    help="Run every stage and compile every file afresh (no stage cache, no object cache).",
)  # fmt: skip
@click.option(
    "--shard", "shard_text", metavar="K/N",
    help="Run shard K of N (balanced by --durations, else by kernel hash); also writes shard-K-of-N.json.",
)  # fmt: skip
@click.option(
    "--durations", "durations_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An earlier results.json whose per-kernel times balance --shard.",
)  # fmt: skip
@click.option(
    "--resume", "resume_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Continue the interrupted run whose results.json is in this folder (its selection, its "
    "finished kernels whose source is unchanged); results are written there.",
)  # fmt: skip
@click.option(
    "--stage-timeout", type=click.FloatRange(min=0.1), default=None,
    help="CPU-time limit in seconds for every stage of a kernel (default: per stage, "
    "60 s for loading up to 600 s for emulation), with a wall-clock cap of 3x (at least +60 s); "
    "a kernel over either is killed and named an error.",
)  # fmt: skip
@click.option(
    "--in-process", is_flag=True,
    help="Run kernels in this process, without isolation (to use a debugger); a crash or hang in "
    "kernel code then ends the run.",
)  # fmt: skip
def run(
    selectors: tuple[str, ...],
    out_dir: Path,
    baseline_text: str | None,
    history_path: Path | None,
    corpus_root: Path | None,
    manifest: Path | None,
    snapshot_root: Path | None,
    pyproject: Path | None,
    jobs: int | None,
    resume_dir: Path | None,
    stage_timeout: float | None,
    in_process: bool,
    no_cache: bool,
    shard_text: str | None,
    durations_path: Path | None,
) -> None:
    """Run kernels through template and ir_driven; write OUT_DIR/results.json.

    SELECTOR: a kernel name, family/name, a glob (gemm_*), tag:TAG, family:FAMILY, or @FILE with one
    selector per line. No selector: the whole corpus. Exit 0 when results were written (the verdict
    is `ttmigrate flip --check`), 2 on bad input, 130 when interrupted (partial results written).
    """
    from ttmigrate.corpus.model import ManifestError
    from ttmigrate.emulate.build import object_cache_disabled
    from ttmigrate.run.cache import StageCache
    from ttmigrate.run.runner import ResumeError, default_jobs, load_entries, load_manifest_entries
    from ttmigrate.run.runner import run as run_corpus
    from ttmigrate.run.stage_limits import StageLimits
    from ttmigrate.snapshot.layout import ReadOnlyInCI, ensure_not_golden_in_ci
    from ttmigrate.snapshot.layout import snapshot_root as default_snapshot_root

    err = Console(stderr=True)
    if resume_dir is not None:
        out_dir = resume_dir
    try:
        ensure_not_golden_in_ci(out_dir, root=snapshot_root or default_snapshot_root())
        baseline, baseline_record = _baseline(baseline_text, history_path)
        shard = None
        if shard_text is not None:
            try:
                shard = Shard.parse(shard_text)
            except ValueError as exc:
                raise click.BadParameter(str(exc), param_hint="--shard") from exc
        durations = None
        if durations_path is not None:
            durations = {
                f"{k.family}/{k.name}": k.timings.get("total", 0.0)
                for k in load_results(durations_path).kernels
            }
        config = load_config(pyproject)
        if manifest is not None and corpus_root is not None:
            raise click.UsageError("give --manifest or --corpus, not both")
        if manifest is not None:
            from ttmigrate.corpus.manifest import manifest_snapshot_root  # imports TVM: only when asked

            entries, root = load_manifest_entries(manifest)
            default_root = manifest_snapshot_root(Path(root))
        else:
            entries, root = load_entries(corpus_root)
            default_root = default_snapshot_root()
        on_kernel = None if err.is_terminal else _progress_lines(selectors, entries)
        with object_cache_disabled() if no_cache else contextlib.nullcontext():
            outcome = run_corpus(
                selectors=selectors, out_dir=out_dir, config=config,
                snapshot_root=snapshot_root or default_root, entries=entries, corpus_root=root,
                baseline=baseline, console=err, jobs=jobs or default_jobs(), on_kernel=on_kernel,
                resume=resume_dir is not None, isolate=not in_process,
                limits=StageLimits.uniform(stage_timeout) if stage_timeout is not None else None,
                cache=StageCache.for_run(enabled=not no_cache), shard=shard, durations=durations,
                durations_from=str(durations_path) if durations_path is not None else None,
                baseline_record=baseline_record,
            )  # fmt: skip
    except (
        ConfigError,
        SelectionError,
        ResultsError,
        ManifestError,
        ResumeError,
        ReadOnlyInCI,
        HistoryError,
    ) as exc:
        click.echo(f"ttmigrate run: {terminal_safe(str(exc))}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    if history_path is not None and not outcome.interrupted:
        append_record(history_path, record_of(outcome.results, results_path=str(outcome.results_path)))
        click.echo(f"history: {history_path}")
    counts = {c: sum(1 for k in outcome.results.kernels if k.category == c) for c in CATEGORIES}
    summary = ", ".join(f"{c} {n}" for c, n in counts.items() if n)
    count = len(outcome.results.kernels)
    click.echo(f"{count} kernel{'s' * (count != 1)}: {summary or 'none'}")
    click.echo(f"results: {outcome.results_path}")
    if outcome.shard_path is not None:
        click.echo(f"shard results: {outcome.shard_path}")
    if outcome.diff is not None and outcome.retry_path is not None:
        for kind in ("newly-regressed", "newly-fixed", "changed", "new"):
            names = outcome.diff.of(kind)
            if names:
                click.echo(f"{kind} ({len(names)}): {', '.join(names)}")
        click.echo(f"retry list ({len(outcome.diff.retry_list())} kernels): {outcome.retry_path}")
    if outcome.interrupted:
        click.echo("interrupted: partial results written (marked incomplete)", err=True)
        sys.exit(EXIT_INTERRUPTED)


def _baseline(text: str | None, history: Path | None) -> tuple[Path | None, tuple[str, RunResults] | None]:
    """(a results.json path, or the newest history record as (label, results)) for --baseline."""
    if text is None:
        return None, None
    if text != "last":
        path = Path(text)
        if not path.is_file():
            raise click.BadParameter(
                f"{path} is not a results.json file (or `last`)", param_hint="--baseline"
            )
        return path, None
    if history is None:
        raise click.BadParameter(
            "`last` needs --history FILE, where runs are recorded", param_hint="--baseline"
        )
    read = read_history(history)
    for warning in read.warnings():
        click.echo(f"ttmigrate run: {terminal_safe(warning)}", err=True)
    last = read.last()
    if last is None:
        raise click.BadParameter(f"{history} records no run yet to compare with", param_hint="--baseline")
    return None, (f"{history} (last: {last.label})", baseline_from_record(last))
