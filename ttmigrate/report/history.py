"""Run history: one compact record per run in an append-only JSON-lines file.

`ttmigrate run --history FILE` appends a `RunRecord` (per kernel: category, parity level of every
artifact, the verdict of each mode, seconds) after writing results.json; `ttmigrate history` lists the
runs, `ttmigrate report --history FILE` draws the trend, `ttmigrate run --baseline last` compares with
the newest record. Each append rewrites the file atomically (`ttmigrate.atomic`) under an exclusive
lock, so a reader sees every record or none of a new one and two concurrent runs both land.

A line that is not a record (edited by hand, cut short by a copy, written by another format) is
skipped and named by file and line, as a bad kernel is in a run: the other records still make the
list and the trend. Only `--baseline last` refuses when the newest line is the unreadable one, since
it would otherwise compare with an older run than the one asked for.

A record is a few hundred bytes per kernel: results.json stays the full truth of one run, the history
only what a trend or a baseline needs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ttmigrate.atomic import locked, write_bytes
from ttmigrate.report.baseline import GOOD_CATEGORIES
from ttmigrate.report.model import KernelResult, ResultsError, RunMeta, RunResults, from_data, to_data

__all__ = [
    "History",
    "HistoryError",
    "KernelRecord",
    "RunRecord",
    "TrendPoint",
    "UnreadableLine",
    "append_record",
    "baseline_from_record",
    "parity_points",
    "read_history",
    "record_of",
    "sparkline",
    "to_data",
]

HISTORY_FORMAT = 1
SPARK_BARS = "▁▂▃▄▅▆▇█"


class HistoryError(ValueError):
    """The history file cannot be read at all, or not the way it is asked for (the message names it)."""


@dataclass(frozen=True)
class KernelRecord:
    name: str
    family: str
    category: str
    levels: dict[str, str] = field(default_factory=dict)  # artifact -> L0..L4 | divergent
    verdicts: dict[str, str] = field(default_factory=dict)  # mode -> emulation status | unsupported | error
    seconds: float = 0.0


@dataclass(frozen=True)
class RunRecord:
    started_at: str
    finished_at: str
    tool_version: str
    corpus_hash: str
    git_commit: str | None
    complete: bool
    selection: list[str]
    duration_s: float
    kernels: list[KernelRecord]
    results: str = ""  # where the full results.json was written
    format: int = HISTORY_FORMAT

    @property
    def parity(self) -> int:
        """Kernels at parity or better (the good categories of `ttmigrate.report.baseline`)."""
        return sum(1 for k in self.kernels if k.category in GOOD_CATEGORIES)

    @property
    def label(self) -> str:
        commit = (self.git_commit or "")[:8]
        return f"{self.started_at}{' ' + commit if commit else ''}"


def _verdict(kernel: KernelResult, mode: str) -> str:
    result = kernel.modes.get(mode)
    if result is None:
        return "error"
    if result.unsupported is not None:
        return "unsupported"
    return result.emulation.status if result.emulation is not None else "error"


def record_of(results: RunResults, *, results_path: str = "") -> RunRecord:
    meta = results.meta
    kernels = [
        KernelRecord(
            name=k.name,
            family=k.family,
            category=k.category,
            levels={p.artifact: p.level for p in k.parity},
            verdicts={mode: _verdict(k, mode) for mode in sorted(k.modes)},
            seconds=k.timings.get("total", 0.0),
        )
        for k in results.kernels
    ]
    return RunRecord(
        started_at=meta.started_at,
        finished_at=meta.finished_at,
        tool_version=meta.tool_version,
        corpus_hash=meta.corpus_hash,
        git_commit=meta.git_commit,
        complete=meta.complete,
        selection=list(meta.selection),
        duration_s=meta.duration_s,
        kernels=kernels,
        results=results_path,
    )


def append_record(path: Path, record: RunRecord) -> None:
    """Adds one line to the history; the file is replaced atomically, never left half-written."""
    line = json.dumps(to_data(record), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    with locked(path.with_name(path.name + ".lock")):
        try:
            existing = path.read_bytes()
        except FileNotFoundError:
            existing = b""
        if existing and not existing.endswith(b"\n"):
            existing += b"\n"
        write_bytes(path, existing + line.encode("utf-8") + b"\n")


@dataclass(frozen=True)
class UnreadableLine:
    line: int
    reason: str


@dataclass(frozen=True)
class History:
    """What a history file holds: its records, oldest first, and the lines that are not records."""

    path: Path
    records: list[RunRecord] = field(default_factory=list)
    unreadable: list[UnreadableLine] = field(default_factory=list)
    last_line: int = 0  # the number of the file's last non-blank line (0: none)

    def warnings(self) -> list[str]:
        return [f"{self.path}:{u.line}: skipped, {u.reason}" for u in self.unreadable]

    def last(self) -> RunRecord | None:
        """The newest record, for `--baseline last`; None when there is none. Refused when the newest
        line is unreadable: the newest readable record is then not the last run."""
        if self.unreadable and self.unreadable[-1].line == self.last_line:
            newest = self.unreadable[-1]
            raise HistoryError(
                f"{self.path}:{newest.line}: the newest record is unreadable ({newest.reason}), so `last` "
                "would compare with an older run; mend or delete that line"
            )
        return self.records[-1] if self.records else None


def read_history(path: Path) -> History:
    """Every record, oldest first, and the lines skipped; no records when the file does not exist."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return History(path)
    except OSError as exc:
        raise HistoryError(f"{path}: cannot read the run history: {exc.strerror}") from exc
    records: list[RunRecord] = []
    unreadable: list[UnreadableLine] = []
    last_line = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        last_line = number
        try:
            records.append(_record_from_line(line))
        except HistoryError as exc:
            unreadable.append(UnreadableLine(number, str(exc)))
    return History(path, records, unreadable, last_line)


def _record_from_line(line: str) -> RunRecord:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise HistoryError(f"not JSON: {exc.msg}") from exc
    if not isinstance(data, dict) or data.get("format") != HISTORY_FORMAT:
        raise HistoryError(f"not a run record of format {HISTORY_FORMAT}")
    try:
        return from_data(RunRecord, data, where="record")
    except ResultsError as exc:
        raise HistoryError(f"not a run record ({exc})") from exc


def baseline_from_record(record: RunRecord) -> RunResults:
    """The record as a results object good for `--baseline` (categories are what a baseline compares)."""
    meta = RunMeta(
        tool_version=record.tool_version,
        corpus_hash=record.corpus_hash,
        git_commit=record.git_commit,
        complete=record.complete,
        selection=list(record.selection),
        started_at=record.started_at,
        finished_at=record.finished_at,
        duration_s=record.duration_s,
    )
    kernels = [KernelResult(name=k.name, family=k.family, category=k.category) for k in record.kernels]
    return RunResults(meta=meta, kernels=kernels)


@dataclass(frozen=True)
class TrendPoint:
    """One run on the parity trend (the sparkline and the HTML chart, whose `ParityPoint` it is):
    `parity` kernels of `total` at parity or better, i.e. in GOOD_CATEGORIES (parity, improved)."""

    label: str
    parity: int
    total: int


def parity_points(records: Sequence[RunRecord]) -> list[TrendPoint]:
    """The history as trend points, oldest first, for the HTML chart and the sparkline."""
    return [TrendPoint(label=r.label, parity=r.parity, total=len(r.kernels)) for r in records]


def sparkline(points: Sequence[TrendPoint]) -> str:
    """One bar per run, its height the parity fraction of that run (full bar = every kernel)."""
    bars = []
    for point in points:
        share = point.parity / point.total if point.total else 0.0
        bars.append(SPARK_BARS[min(len(SPARK_BARS) - 1, int(share * (len(SPARK_BARS) - 1) + 0.5))])
    return "".join(bars)
