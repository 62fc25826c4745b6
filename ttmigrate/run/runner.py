"""`ttmigrate run`: select kernels, run each through the pipeline, write results.json atomically.

One kernel's failure never stops the run. results.json is rewritten (atomically) after every kernel,
marked incomplete until the end; Ctrl-C stops the run but still writes what was finished, so
nothing already computed is lost.
"""

from __future__ import annotations

import ast
import signal
import threading
import time
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ttmigrate.atomic import write_text
from ttmigrate.config import Config
from ttmigrate.corpus.local_files import unchanged
from ttmigrate.cpus import available_cpus
from ttmigrate.report import load_results
from ttmigrate.report.baseline import BaselineDiff, mark_changes, retry_list_text
from ttmigrate.report.model import KernelResult, RunMeta, RunResults
from ttmigrate.run import metadata
from ttmigrate.run.cache import StageCache
from ttmigrate.run.checkpoint import Checkpoint
from ttmigrate.run.pipeline import KernelInfo, Stages, broken_kernel, run_kernel
from ttmigrate.run.prebuild import run_with_host_batch
from ttmigrate.run.protocol import Job
from ttmigrate.run.selection import Candidate, SelectionError, Shard, plan_shards, select
from ttmigrate.run.shard import ShardResults, ShardStamp, shard_file_name, write_shard
from ttmigrate.run.stage_limits import StageLimits
from ttmigrate.run.worker import run_entry

RESULTS_NAME = "results.json"


def default_jobs() -> int:
    """The CPUs this process may use: its affinity mask, capped by its cgroup's CPU quota."""
    return available_cpus()


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


def _static_tags(path: Path) -> list[str]:
    """TAGS read from the source without running it (selection by tag happens in the parent, which
    never imports kernel code); the worker's import checks the real value."""
    try:
        tree = ast.parse(path.read_bytes())
    except (SyntaxError, ValueError, OSError):
        return []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "TAGS" for t in node.targets
        ):
            try:
                value = ast.literal_eval(node.value)
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                return []
            if isinstance(value, (tuple, list)) and all(isinstance(t, str) for t in value):
                return list(value)
    return []


def load_entries(corpus_root: Path | None) -> tuple[list[CorpusEntry], str]:
    """Every corpus kernel file and the corpus root actually used. Nothing is imported here: each
    kernel is loaded (and validated) inside its isolated worker."""
    from ttmigrate.corpus import default_corpus_root, kernel_files

    root = corpus_root or default_corpus_root()
    entries = [
        CorpusEntry(
            KernelInfo(p.stem, p.parent.name, str(p.resolve()), metadata.file_sha256(p), _static_tags(p))
        )
        for p in kernel_files(root)
    ]
    entries.sort(key=lambda e: (e.info.family, e.info.name))
    return entries, str(root)


def load_manifest_entries(manifest: Path) -> tuple[list[CorpusEntry], str]:
    """Every kernel instance of a manifest (listed or broken), in manifest order, and its path.

    Nothing of the kernel files runs here (`list_manifest`): each instance is built in its isolated
    worker, so a factory that crashes or hangs is that kernel's named error, not the run's end."""
    from ttmigrate.corpus.manifest import find_manifest, list_manifest

    path = find_manifest(manifest.resolve())
    entries = []
    for listed in list_manifest(path):
        hash_ = listed.source_hash or (metadata.file_sha256(listed.path) if listed.path.is_file() else "")
        entries.append(
            CorpusEntry(
                KernelInfo(listed.name, listed.family, str(listed.path), hash_, list(listed.tags)),
                broken=str(listed.error) if listed.error is not None else None,
                manifest=str(path),
            )
        )
    return entries, str(path)


def _broken(entry: CorpusEntry) -> KernelResult:
    info = entry.info
    return broken_kernel(
        name=info.name, family=info.family, path=info.path, source_hash=info.source_hash,
        message=entry.broken or "",
    )  # fmt: skip


def _job(entry: CorpusEntry, *, snapshot_root: Path, config: Config) -> Job:
    info = entry.info
    return Job(
        path=info.path, name=info.name, family=info.family, source_hash=info.source_hash,
        snapshot_root=str(snapshot_root), expected_divergences=dict(config.expected_divergences),
        manifest=entry.manifest,
    )  # fmt: skip


def _in_process(
    todo: list[CorpusEntry], *, stages: Stages | None, snapshot_root: Path, config: Config,
    on_start: Callable[[str], None],
) -> Generator[KernelResult, None, None]:  # fmt: skip
    """Kernels in this process: custom stages (tests, whose entries carry their own handles), or
    real stages without isolation (`run --in-process`, for a debugger)."""
    for entry in todo:
        on_start(f"{entry.info.family}/{entry.info.name}")
        if entry.broken is not None:
            yield _broken(entry)
        elif stages is None:
            yield run_entry(_job(entry, snapshot_root=snapshot_root, config=config))
        else:
            yield run_kernel(
                entry.info, stages=stages, snapshot_root=snapshot_root,
                expected_divergences=config.expected_divergences,
            )  # fmt: skip


def _isolated(
    todo: list[CorpusEntry], *, jobs: int, snapshot_root: Path, config: Config, limits: StageLimits | None
) -> Generator[KernelResult, None, None]:
    work = []
    for entry in todo:
        if entry.broken is not None:
            yield _broken(entry)
            continue
        work.append(_job(entry, snapshot_root=snapshot_root, config=config))
    results = run_with_host_batch(work, jobs=jobs, limits=limits)
    try:
        yield from results
    finally:
        results.close()  # kills every worker, also on KeyboardInterrupt


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


class ResumeError(ValueError):
    """`--resume DIR` cannot continue that run (no results there, or another selection)."""


def _reusable(previous: RunResults | None, todo: list[CorpusEntry]) -> dict[str, KernelResult]:
    """Kernels of the interrupted run whose source, and the project files its code imported or read,
    have not changed since, by family/name."""
    if previous is None:
        return {}
    hashes = {f"{e.info.family}/{e.info.name}": e.info.source_hash for e in todo}
    return {
        f"{k.family}/{k.name}": k
        for k in previous.kernels
        if hashes.get(f"{k.family}/{k.name}") == k.source_hash and unchanged(k.local_files)
    }


@contextmanager
def _interrupt_once() -> Iterator[None]:
    """The first Ctrl-C raises KeyboardInterrupt; later ones are ignored until the run has killed its
    workers and written its results, so a double Ctrl-C never leaves a half-cleaned run behind."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    fired = False

    def on_sigint(_signum: int, _frame: object) -> None:
        nonlocal fired
        fired = True
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        # After a Ctrl-C, SIGINT stays ignored: the caller is about to report and exit (130), and a
        # second Ctrl-C must not turn that into a traceback or a death by signal.
        if not fired:
            signal.signal(signal.SIGINT, previous)


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
    limits: StageLimits | None = None,
    resume: bool = False,
    isolate: bool = True,
    cache: StageCache | None = None,
    shard: Shard | None = None,
    durations: Mapping[str, float] | None = None,
    durations_from: str | None = None,
    baseline_record: tuple[str, RunResults] | None = None,
) -> RunOutcome:
    """Real stages run isolated in `jobs` worker processes (`isolate=False`: in this process, for a
    debugger); custom `stages` (tests) run in this process. `resume`: continue the interrupted run
    whose results.json is in `out_dir`, keeping its finished kernels whose source is unchanged and its
    selection. `cache`: the stage cache (`ttmigrate.run.cache`, real stages only); unchanged kernels
    are taken from it without being run."""
    console = console or Console(stderr=True)
    baseline_results = load_results(baseline) if baseline is not None else None  # fail before running
    baseline_name = str(baseline) if baseline is not None else None
    if baseline_record is not None:  # `--baseline last`: (label, results) from the run history
        baseline_name, baseline_results = baseline_record
    previous = _previous(out_dir, selectors) if resume else None
    if previous is not None:
        selectors = previous.meta.selection
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
        default_mode=config.default_mode,
        flipped_on=config.flipped_on,
        started_at=(
            previous.meta.started_at if previous else datetime.now(UTC).isoformat(timespec="seconds")
        ),
    )
    start = time.perf_counter()
    reused = _reusable(previous, todo)
    kernels: list[KernelResult] = [
        reused[q] for q in (f"{e.info.family}/{e.info.name}" for e in todo) if q in reused
    ]
    todo_now = [e for e in todo if f"{e.info.family}/{e.info.name}" not in reused]
    # The stage cache holds results of the real stages only; custom stages (tests) never use it.
    cache = cache if cache is not None and stages is None else StageCache.disabled()
    cached, todo_now = _split_cached(
        todo_now, cache=cache, stages=Stages(), snapshot_root=snapshot_root, config=config
    )
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
    with _interrupt_once(), progress:
        task = progress.add_task("parity", total=len(todo), completed=len(kernels), kernel="")
        if stages is not None or not isolate:
            results = _in_process(
                todo_now, stages=stages, snapshot_root=snapshot_root, config=config,
                on_start=lambda name: progress.update(task, kernel=name),
            )  # fmt: skip
        else:
            results = _isolated(
                todo_now, jobs=jobs, snapshot_root=snapshot_root, config=config, limits=limits
            )
        checkpoint = Checkpoint(path=out_dir / RESULTS_NAME, meta=meta)
        checkpoint.hold()
        for reused_result in kernels:  # the interrupted run's finished kernels
            checkpoint.add(reused_result)

        def take(result: KernelResult) -> None:
            cache.store(result)
            kernels.append(result)
            checkpoint.add(result)  # ttmigrate.run.checkpoint: a valid results.json at any moment
            if on_kernel is not None:
                on_kernel(result)
            progress.update(task, advance=1, kernel=f"{result.family}/{result.name} {result.category}")

        try:
            for hit in cached:
                take(hit)
            checkpoint.release()  # the reused kernels and every cache hit are in: one checkpoint
            for result in results:
                take(result)
        except KeyboardInterrupt:
            interrupted = True
            meta.complete = False
        finally:
            results.close()  # stops the workers before anything else happens
        kernels.sort(key=lambda k: order.get(f"{k.family}/{k.name}", len(order)))
        meta.finished_at = datetime.now(UTC).isoformat(timespec="seconds")
        meta.duration_s = round(time.perf_counter() - start, 3)
        results_all = RunResults(meta=meta, kernels=kernels)
        diff = None
        retry_path = None
        if baseline_results is not None and baseline_name is not None:
            diff = mark_changes(results_all, baseline_results, baseline_path=baseline_name)
            retry_path = out_dir / RETRY_NAME
            write_text(retry_path, retry_list_text(diff))
        results_path = out_dir / RESULTS_NAME
        write_text(results_path, results_all.to_json())
        shard_path = None
        if shard is not None:
            stamp = ShardStamp(
                index=shard.index, total=shard.total, corpus_hash=meta.corpus_hash,
                tool_version=meta.tool_version, plan=plan, corpus_kernels=[_qualified(e) for e in entries],
                selection=list(selectors), selection_complete=selection_complete,
                durations_from=durations_from,
            )  # fmt: skip
            shard_path = out_dir / shard_file_name(index=shard.index, total=shard.total)
            write_shard(shard_path, ShardResults(stamp=stamp, results=results_all))
    return RunOutcome(results_all, results_path, diff, retry_path, interrupted, shard_path)


def _qualified(entry: CorpusEntry) -> str:
    return f"{entry.info.family}/{entry.info.name}"


def _previous(out_dir: Path, selectors: Sequence[str]) -> RunResults:
    path = out_dir / RESULTS_NAME
    if not path.is_file():
        raise ResumeError(f"{path}: no results.json to resume from")
    previous = load_results(path)
    if selectors and list(selectors) != previous.meta.selection:
        raise ResumeError(
            f"{path}: the interrupted run selected {previous.meta.selection or 'the whole corpus'}; "
            "resume it without selectors (or start a new run elsewhere)"
        )
    return previous
