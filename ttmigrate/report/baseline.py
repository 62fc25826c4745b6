"""What changed since a baseline run.

A kernel is *good* when its category is `parity` or `improved` (ir_driven correct and either
equivalent to template or better). Against a baseline, each kernel of the current run gets:
- `newly-regressed`: good in the baseline, not good now;
- `newly-fixed`: not good in the baseline, good now;
- `changed`: category changed without crossing the good line (e.g. both-wrong -> regressed);
- `new`: absent from the baseline; None when unchanged.
The retry list holds exactly the kernels marked newly-regressed, newly-fixed or changed, one name per
line, so `ttmigrate run @retry-list.txt` re-runs them. Kernels only in the baseline are reported as
removed and cannot be retried.
"""

from __future__ import annotations

from dataclasses import dataclass

from ttmigrate.report.model import (
    CHANGED,
    IMPROVED,
    NEW,
    NEWLY_FIXED,
    NEWLY_REGRESSED,
    PARITY,
    RunResults,
)

GOOD_CATEGORIES: tuple[str, ...] = (PARITY, IMPROVED)
RETRY_CHANGES: tuple[str, ...] = (NEWLY_REGRESSED, NEWLY_FIXED, CHANGED)


@dataclass(frozen=True)
class Change:
    kernel: str
    change: str
    before: str | None
    after: str


@dataclass(frozen=True)
class BaselineDiff:
    changes: tuple[Change, ...]  # sorted by kernel name
    removed: tuple[str, ...]

    def of(self, change: str) -> list[str]:
        return [c.kernel for c in self.changes if c.change == change]

    def retry_list(self) -> list[str]:
        return [c.kernel for c in self.changes if c.change in RETRY_CHANGES]


def classify_change(before: str | None, after: str) -> str | None:
    if before is None:
        return NEW
    if before == after:
        return None
    was_good, is_good = before in GOOD_CATEGORIES, after in GOOD_CATEGORIES
    if was_good and not is_good:
        return NEWLY_REGRESSED
    if is_good and not was_good:
        return NEWLY_FIXED
    return CHANGED


def diff_against(current: RunResults, baseline: RunResults) -> BaselineDiff:
    before = {k.name: k.category for k in baseline.kernels}
    changes = []
    for kernel in sorted(current.kernels, key=lambda k: k.name):
        change = classify_change(before.get(kernel.name), kernel.category)
        if change is not None:
            changes.append(Change(kernel.name, change, before.get(kernel.name), kernel.category))
    names = {k.name for k in current.kernels}
    removed = tuple(sorted(name for name in before if name not in names))
    return BaselineDiff(changes=tuple(changes), removed=removed)


def mark_changes(current: RunResults, baseline: RunResults, *, baseline_path: str) -> BaselineDiff:
    """Record baseline_category and change on each kernel of `current`; return the diff."""
    diff = diff_against(current, baseline)
    before = {k.name: k.category for k in baseline.kernels}
    by_kernel = {c.kernel: c.change for c in diff.changes}
    for kernel in current.kernels:
        kernel.baseline_category = before.get(kernel.name)
        kernel.change = by_kernel.get(kernel.name)
    current.meta.baseline = baseline_path
    return diff


def retry_list_text(diff: BaselineDiff) -> str:
    lines = [
        "# kernels whose category changed since the baseline; re-run with: ttmigrate run @retry-list.txt"
    ]
    lines.extend(diff.retry_list())
    return "\n".join(lines) + "\n"
