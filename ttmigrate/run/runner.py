"""`ttmigrate run`: select kernels, run each through the pipeline, write results.json atomically.

One kernel's failure never stops the run. results.json is rewritten (atomically) after every kernel,
marked incomplete until the end; Ctrl-C stops the run but still writes what was finished, so
nothing already computed is lost.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ttmigrate.atomic import write_text
from ttmigrate.config import Config
from ttmigrate.report import load_results
from ttmigrate.report.baseline import BaselineDiff, mark_changes, retry_list_text
from ttmigrate.report.classify import classify
from ttmigrate.report.model import KernelResult, RunMeta, RunResults
from ttmigrate.run import metadata
from ttmigrate.run.cache import StageCache
from ttmigrate.run.pipeline import KernelInfo, Stages, broken_kernel, run_kernel, tool_error
from ttmigrate.run.selection import Candidate, SelectionError, Shard, plan_shards, select
from ttmigrate.run.shard import ShardResults, ShardStamp, shard_file_name, write_shard
from ttmigrate.run.worker import run_entry

RESULTS_NAME = "results.json"


def default_jobs() -> int:
    """The cores this process may use (the affinity mask, e.g. under a CI runner's cgroup)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


RETRY_NAME = "retry-list.txt"


@dataclass(frozen=True)
class CorpusEntry:
    info: KernelInfo
    broken: str | None = None  # the load error, for a corpus entry that does not load
    manifest: str | None = None  # the manifest a kernel instance comes from (reloaded by name)


@dataclass(frozen=True)
class RunOutcome:
    results: RunResults
    results_path: Path
    diff: BaselineDiff | None
    retry_path: Path | None
    interrupted: bool
    shard_path: Path | None = None


def load_entries(corpus_root: Path | None) -> tuple[list[CorpusEntry], str]:
    """Every corpus entry (loaded or broken) and the corpus root actually used."""
    from ttmigrate.corpus import default_corpus_root, load_corpus

    root = corpus_root or default_corpus_root()
    load = load_corpus(root)
    entries = [
        CorpusEntry(KernelInfo(k.name, k.family, str(k.path), k.source_hash, list(k.tags), handle=k))
        for k in load.kernels
    ]
    entries += [
        CorpusEntry(
            KernelInfo(b.name, b.family, str(b.path), metadata.file_sha256(b.path)), broken=str(b.error)
        )
        for b in load.broken
    ]
    entries.sort(key=lambda e: (e.info.family, e.info.name))
    return entries, str(root)


def load_manifest_entries(manifest: Path) -> tuple[list[CorpusEntry], str]:
    """Every kernel instance of a manifest (loaded or broken), in manifest order, and its path."""
    from ttmigrate.corpus.manifest import find_manifest, load_manifest

    path = find_manifest(manifest.resolve())
    load = load_manifest(path)
    entries = [
        CorpusEntry(
            KernelInfo(k.name, k.family, str(k.path), k.source_hash, list(k.tags), handle=k), manifest=str(path)
        )
        for k in load.kernels
    ]
    entries += [
        CorpusEntry(
            KernelInfo(b.name, b.family, str(b.path), metadata.file_sha256(b.path) if b.path.is_file() else ""),
            broken=str(b.error),
            manifest=str(path),
        )
        for b in load.broken
    ]
    return entries, str(path)


def _broken(entry: CorpusEntry) -> KernelResult:
    info = entry.info
    return broken_kernel(
        name=info.name, family=info.family, path=info.path, source_hash=info.source_hash,
        message=entry.broken or "",
    )  # fmt: skip


def _results(
    todo: list[CorpusEntry],
    *,
    jobs: int,
    stages: Stages,
    snapshot_root: Path,
    config: Config,
    on_start: Callable[[str], None],
) -> Iterator[KernelResult]:
    """Kernel results in completion order; in-process when jobs == 1."""
    if jobs <= 1:
        for entry in todo:
            on_start(f"{entry.info.family}/{entry.info.name}")
            if entry.broken is not None:
                yield _broken(entry)
            else:
                yield run_kernel(
                    entry.info, stages=stages, snapshot_root=snapshot_root,
                    expected_divergences=config.expected_divergences,
                )  # fmt: skip
        return
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures: dict[Future[KernelResult], CorpusEntry] = {}
        for entry in todo:
            if entry.broken is not None:
                yield _broken(entry)
                continue
            info = entry.info
            future = pool.submit(
                run_entry, path=info.path, family=info.family, source_hash=info.source_hash,
                snapshot_root=str(snapshot_root), expected_divergences=dict(config.expected_divergences),
                manifest=entry.manifest, name=info.name if entry.manifest else None,
            )  # fmt: skip
            futures[future] = entry
        try:
            for future in as_completed(futures):
                entry = futures[future]
                try:
                    yield future.result()
                except Exception as exc:  # the worker process died (e.g. a crash in native code)
                    info = entry.info
                    kernel = KernelResult(
                        name=info.name, family=info.family, path=info.path, source_hash=info.source_hash,
                        tags=list(info.tags), errors=[tool_error("internal", exc)],
                    )  # fmt: skip
                    yield classify(kernel, expected_divergences=config.expected_divergences)
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _split_cached(
    todo: list[CorpusEntry], *, cache: StageCache, stages: Stages, snapshot_root: Path, config: Config
) -> tuple[list[KernelResult], list[CorpusEntry]]:
    """(results the stage cache holds, entries still to run)."""
    hits: list[KernelResult] = []
    fresh: list[CorpusEntry] = []
    for entry in todo:
        info = entry.info
        hit = None if entry.broken is not None else cache.lookup(
            family=info.family, name=info.name, path=info.path, source_hash=info.source_hash,
            snapshot_root=snapshot_root, snapshot_status=stages.snapshot_status,
            expected_divergences=config.expected_divergences,
        )  # fmt: skip
        if hit is None:
            fresh.append(entry)
        else:
            hits.append(hit)
    return hits, fresh


def _in_progress(meta: RunMeta) -> RunMeta:
    return replace(meta, complete=False, finished_at="")


def run(
    *,
    selectors: Sequence[str],
    out_dir: Path,
    config: Config,
    snapshot_root: Path,
    entries: list[CorpusEntry],
    corpus_root: str,
    baseline: Path | None = None,
    stages: Stages | None = None,
    console: Console | None = None,
    on_kernel: Callable[[KernelResult], None] | None = None,
    jobs: int = 1,
    cache: StageCache | None = None,
    shard: Shard | None = None,
    durations: Mapping[str, float] | None = None,
    durations_from: str | None = None,
    baseline_record: tuple[str, RunResults] | None = None,
) -> RunOutcome:
    """`jobs` > 1 runs kernels in that many spawned processes (real stages only). `cache`: the stage
    cache (`ttmigrate.run.cache`); unchanged kernels are taken from it without being run."""
    if jobs > 1 and stages is not None:
        raise ValueError("custom stages cannot cross processes; use jobs=1")
    stages = stages or Stages()
    console = console or Console(stderr=True)
    baseline_results = load_results(baseline) if baseline is not None else None  # fail before running
    baseline_name = str(baseline) if baseline is not None else None
    if baseline_record is not None:  # `--baseline last`: (label, results) from the run history
        baseline_name, baseline_results = baseline_record
    if not entries:
        raise SelectionError(
            f"the corpus at {corpus_root} has no kernels (expected <family>/<name>.py files)"
        )
    candidates = [Candidate(e.info.name, e.info.family, tuple(e.info.tags)) for e in entries]
    chosen = {c.qualified for c in select(selectors, candidates)}
    todo = [e for e in entries if f"{e.info.family}/{e.info.name}" in chosen]
    selection_complete = len(todo) == len(entries)
    plan: list[list[str]] = []
    if shard is not None:  # every shard computes the same plan; this one runs its part
        plan = plan_shards([_qualified(e) for e in todo], total=shard.total, durations=durations)
        mine = set(plan[shard.index - 1])
        todo = [e for e in todo if _qualified(e) in mine]
    commit, dirty = metadata.git_state(Path(corpus_root) if Path(corpus_root).is_dir() else Path.cwd())
    meta = RunMeta(
        tool_version=metadata.tool_version(),
        dependencies=metadata.dependency_versions(),
        python=metadata.python_version(),
        platform=metadata.platform_name(),
        git_commit=commit,
        git_dirty=dirty,
        corpus_root=corpus_root,
        corpus_hash=metadata.corpus_hash(
            (f"{e.info.family}/{e.info.name}", e.info.source_hash) for e in entries
        ),
        selection=list(selectors),
        complete=len(todo) == len(entries),
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    start = time.perf_counter()
    cache = cache if cache is not None and stages == Stages() else StageCache.disabled()
    cached, todo_fresh = _split_cached(
        todo, cache=cache, stages=stages, snapshot_root=snapshot_root, config=config
    )
    kernels: list[KernelResult] = []
    interrupted = False
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[kernel]}"),
        console=console,
        disable=not console.is_terminal,
        transient=False,
    )
    order = {f"{e.info.family}/{e.info.name}": i for i, e in enumerate(todo)}
    with progress:
        task = progress.add_task("parity", total=len(todo), kernel="")
        try:
            for result in itertools.chain(cached, _results(
                todo_fresh, jobs=jobs, stages=stages, snapshot_root=snapshot_root, config=config,
                on_start=lambda name: progress.update(task, kernel=name),
            )):  # fmt: skip
                cache.store(result)
                kernels.append(result)
                # Checkpoint after every kernel: a run killed at any moment leaves a valid results.json
                # (marked incomplete, so the gate refuses it) holding every finished kernel.
                write_text(
                    out_dir / RESULTS_NAME, RunResults(meta=_in_progress(meta), kernels=kernels).to_json()
                )
                if on_kernel is not None:
                    on_kernel(result)
                progress.update(task, advance=1, kernel=f"{result.family}/{result.name} {result.category}")
        except KeyboardInterrupt:
            interrupted = True
            meta.complete = False
    kernels.sort(key=lambda k: order.get(f"{k.family}/{k.name}", len(order)))
    meta.finished_at = datetime.now(UTC).isoformat(timespec="seconds")
    meta.duration_s = round(time.perf_counter() - start, 3)
    results = RunResults(meta=meta, kernels=kernels)
    diff = None
    retry_path = None
    if baseline_results is not None and baseline_name is not None:
        diff = mark_changes(results, baseline_results, baseline_path=baseline_name)
        retry_path = out_dir / RETRY_NAME
        write_text(retry_path, retry_list_text(diff))
    results_path = out_dir / RESULTS_NAME
    write_text(results_path, results.to_json())
    shard_path = None
    if shard is not None:
        stamp = ShardStamp(
            index=shard.index, total=shard.total, corpus_hash=meta.corpus_hash, tool_version=meta.tool_version,
            plan=plan, corpus_kernels=[_qualified(e) for e in entries], selection=list(selectors),
            selection_complete=selection_complete, durations_from=durations_from,
        )  # fmt: skip
        shard_path = out_dir / shard_file_name(index=shard.index, total=shard.total)
        write_shard(shard_path, ShardResults(stamp=stamp, results=results))
    return RunOutcome(results, results_path, diff, retry_path, interrupted, shard_path)


def _qualified(entry: CorpusEntry) -> str:
    return f"{entry.info.family}/{entry.info.name}"
