"""`ttmigrate merge`: N shard results into one results.json, equal to an unsharded run's but for timings.

Refused, naming the files: shards of different corpus hashes, tool versions or plans; two files
claiming one shard or one kernel (overlap); a shard of the plan with no file, or a file lacking
results for kernels of its shard (missing). Snapshots are judged unused (orphans) only here, on the
union of all shards' outcomes and the whole corpus's kernel list: one shard's view would call every
other shard's goldens unused, the known failure of syrupy under pytest-split.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ttmigrate.report.model import EMITTED, UNSUPPORTED, RunMeta, RunResults
from ttmigrate.run.shard import ShardResults, read_shard
from ttmigrate.snapshot.store import Orphan


class MergeError(ValueError):
    """The shard files cannot be merged into one run (the message names the files)."""


@dataclass(frozen=True)
class MergeOutcome:
    results: RunResults
    orphans: list[Orphan]


def _same(shards: Sequence[tuple[Path, ShardResults]], *, key: str, what: str) -> None:
    values = {path: getattr(shard.stamp, key) for path, shard in shards}
    first_path, first = next(iter(values.items()))
    odd = [path for path, value in values.items() if value != first]
    if odd:
        shown = (lambda v: v) if key in ("corpus_hash", "tool_version", "total") else (lambda v: "differs")
        listed = "; ".join(f"{path}: {shown(values[path])}" for path in [first_path, *odd])
        raise MergeError(f"shards of different {what} cannot be merged ({listed})")


def check_shards(shards: Sequence[tuple[Path, ShardResults]]) -> None:
    """Raises MergeError for mismatched, overlapping or missing shards."""
    if not shards:
        raise MergeError("no shard results given")
    for key, what in (
        ("corpus_hash", "corpus hashes"),
        ("tool_version", "tool versions"),
        ("total", "shard counts"),
        ("plan", "plans (different selections or durations)"),
        ("corpus_kernels", "corpus kernel lists"),
    ):
        _same(shards, key=key, what=what)
    by_index: dict[int, Path] = {}
    for path, shard in shards:
        if shard.stamp.index in by_index:
            raise MergeError(
                f"overlapping shards: {by_index[shard.stamp.index]} and {path} are both shard {shard.stamp.label}"
            )
        by_index[shard.stamp.index] = path
    owner: dict[str, Path] = {}
    for path, shard in shards:
        for kernel in shard.results.kernels:
            name = f"{kernel.family}/{kernel.name}"
            if name in owner:
                raise MergeError(f"overlapping shards: {owner[name]} and {path} both hold {name}")
            owner[name] = path
            if name not in shard.stamp.kernels:
                raise MergeError(f"{path}: {name} is not in shard {shard.stamp.label} of the plan")
    total = shards[0][1].stamp.total
    absent = [f"{i}/{total}" for i in range(1, total + 1) if i not in by_index]
    if absent:
        have = ", ".join(f"{path} = {shard.stamp.label}" for path, shard in shards)
        raise MergeError(f"missing shards: {', '.join(absent)} (given: {have})")
    for path, shard in shards:
        lacking = [name for name in shard.stamp.kernels if name not in owner]
        if lacking:
            raise MergeError(
                f"{path}: shard {shard.stamp.label} lacks results for {len(lacking)} of its kernels "
                f"({', '.join(lacking[:5])}{', ...' if len(lacking) > 5 else ''}); was it interrupted?"
            )


def _merged_meta(shards: Sequence[ShardResults]) -> RunMeta:
    first = shards[0]
    metas = [s.results.meta for s in shards]
    return replace(
        first.results.meta,
        selection=list(first.stamp.selection),
        complete=first.stamp.selection_complete and all(m.finished_at for m in metas),
        started_at=min(m.started_at for m in metas),
        finished_at=max(m.finished_at for m in metas),
        duration_s=max(m.duration_s for m in metas),  # wall time of the slowest shard
        baseline=None,
    )


def union_orphans(*, results: RunResults, corpus_kernels: Sequence[str], snapshot_root: Path) -> list[Orphan]:
    """Goldens no kernel of the corpus produces, judged on every kernel's outcome in `results`."""
    from ttmigrate.emit import ARTIFACTS, MODES
    from ttmigrate.snapshot.render import EMITTED as RENDERED
    from ttmigrate.snapshot.render import UNSUPPORTED_OUTCOME
    from ttmigrate.snapshot.store import find_orphans

    outcome_of = {EMITTED: RENDERED, UNSUPPORTED: UNSUPPORTED_OUTCOME}
    outcomes = {
        f"{k.family}/{k.name}/{mode}": outcome_of[m.status]
        for k in results.kernels
        for mode, m in k.modes.items()
        if m.status in outcome_of
    }
    kernels = [tuple(name.split("/", 1)) for name in corpus_kernels]
    return find_orphans(
        root=snapshot_root,
        kernels=[(family, name) for family, name in kernels],
        modes=MODES,
        artifacts=ARTIFACTS,
        outcomes=outcomes,
    )


def merge_shards(*, paths: Sequence[Path], snapshot_root: Path) -> MergeOutcome:
    """Reads, checks and merges shard files; kernels in corpus order, as an unsharded run has them."""
    shards = [(path, read_shard(path)) for path in paths]
    check_shards(shards)
    ordered = sorted((s for _, s in shards), key=lambda s: s.stamp.index)
    position = {name: i for i, name in enumerate(ordered[0].stamp.corpus_kernels)}  # an unsharded run's order
    kernels = sorted(
        (k for s in ordered for k in s.results.kernels),
        key=lambda k: position.get(f"{k.family}/{k.name}", -1),
    )
    results = RunResults(meta=_merged_meta(ordered), kernels=kernels)
    orphans = union_orphans(
        results=results, corpus_kernels=ordered[0].stamp.corpus_kernels, snapshot_root=snapshot_root
    )
    return MergeOutcome(results=results, orphans=orphans)


def merge_junit(*, paths: Sequence[Path], out: Path) -> int:
    """JUnit XML files (e.g. one per pytest-split group) merged with junitparser into `out`; the
    number of test cases written."""
    from junitparser import JUnitXml

    from ttmigrate.atomic import write_bytes

    merged = JUnitXml()
    for path in paths:
        try:
            merged += JUnitXml.fromfile(str(path))
        except Exception as exc:  # junitparser raises lxml/ElementTree and its own errors
            raise MergeError(f"{path}: not a JUnit XML file: {exc}") from exc
    merged.update_statistics()
    # Rendered in memory and written atomically by write_bytes, which also makes `out`'s folder: in
    # CI the merge writes into a reports/ folder nothing has made yet.
    rendered = io.BytesIO()
    merged.write(rendered, pretty=True)
    write_bytes(out, rendered.getvalue())
    return sum(len(list(suite)) for suite in merged)
