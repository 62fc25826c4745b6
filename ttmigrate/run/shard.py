"""Shard results: what `ttmigrate run --shard K/N` writes and `ttmigrate merge` reads.

A shard file is the shard's `RunResults` plus a stamp: the corpus hash and tool version it ran
with, its id (K of N), the whole plan (every shard's kernels, computed identically by every shard
from the same selection and durations), and the corpus's kernel list (so that snapshots can be
judged unused on the union of all shards, never on one shard's view). Written atomically next to
results.json as `shard-K-of-N.json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ttmigrate.atomic import write_text
from ttmigrate.report.model import ResultsError, RunResults, from_data, to_data

SHARD_FORMAT = 1


def shard_file_name(*, index: int, total: int) -> str:
    return f"shard-{index}-of-{total}.json"


@dataclass(frozen=True)
class ShardStamp:
    index: int
    total: int
    corpus_hash: str
    tool_version: str
    plan: list[list[str]]  # qualified kernel names of shard 1..N (this shard's is plan[index - 1])
    corpus_kernels: list[str]  # every corpus entry's family/name, loadable or not
    selection: list[str] = field(default_factory=list)  # the selectors before sharding
    selection_complete: bool = True  # the selection (before sharding) was the whole corpus
    durations_from: str | None = None  # the results file that balanced the plan, if any

    @property
    def kernels(self) -> list[str]:
        return self.plan[self.index - 1]

    @property
    def label(self) -> str:
        return f"{self.index}/{self.total}"


@dataclass(frozen=True)
class ShardResults:
    stamp: ShardStamp
    results: RunResults
    format: int = SHARD_FORMAT

    def to_json(self) -> str:
        data = {"format": self.format, "stamp": to_data(self.stamp), "results": to_data(self.results)}
        return json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def write_shard(path: Path, shard: ShardResults) -> None:
    write_text(path, shard.to_json())


def read_shard(path: Path) -> ShardResults:
    """A shard file; ResultsError naming the file when it is unreadable or not a shard file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ResultsError(f"{path}: cannot read shard results: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise ResultsError(f"{path}:{exc.lineno}: not JSON: {exc.msg}") from exc
    if not isinstance(data, dict) or "stamp" not in data or "results" not in data:
        raise ResultsError(f"{path}: not a shard results file (written by `ttmigrate run --shard K/N`)")
    if data.get("format") != SHARD_FORMAT:
        raise ResultsError(
            f"{path}: shard format {data.get('format')!r}, this ttmigrate reads {SHARD_FORMAT}"
        )
    stamp = from_data(ShardStamp, data["stamp"], where=f"{path}: stamp")
    results = RunResults.from_json(json.dumps(data["results"]), source=f"{path}: results")
    return ShardResults(stamp=stamp, results=results)
