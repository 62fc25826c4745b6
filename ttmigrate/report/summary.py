"""Everything a renderer shows, computed once: totals, per-family table, root causes, gate, changes.

Renderers format a `Summary`; they decide nothing themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from ttmigrate.report.categories import FAILURE_CATEGORIES
from ttmigrate.report.gate import GateResult, evaluate_gate
from ttmigrate.report.model import (
    CATEGORIES,
    CHANGED,
    NEW,
    NEWLY_FIXED,
    NEWLY_REGRESSED,
    KernelResult,
    RunResults,
)
from ttmigrate.report.root_causes import RootCauseSummary, group_root_causes


@dataclass(frozen=True)
class FamilyRow:
    family: str
    counts: dict[str, int]  # category -> count (every category present, possibly 0)
    total: int


@dataclass(frozen=True)
class Summary:
    results: RunResults
    totals: dict[str, int]  # category -> count, every category, in CATEGORIES order
    families: tuple[FamilyRow, ...]
    root_causes: RootCauseSummary
    gate: GateResult
    changes: dict[str, list[str]]  # change kind -> kernels, when the run had a baseline

    @property
    def kernel_count(self) -> int:
        return len(self.results.kernels)

    @property
    def default_mode(self) -> str:
        """The default codegen mode the run was made under, and since when (the flip's date)."""
        meta = self.results.meta
        if meta.default_mode == "ir_driven":
            since = f" since {meta.flipped_on}" if meta.flipped_on else ""
            return f"Default mode: ir_driven{since} (flipped; template stays available with --mode template)"
        return "Default mode: template (not flipped yet)"

    @property
    def failing(self) -> list[KernelResult]:
        return [k for k in self.results.kernels if k.category in FAILURE_CATEGORIES]


def summarize(results: RunResults, *, expected_divergences: Mapping[str, str] | None = None) -> Summary:
    """`expected_divergences` defaults to what the run recorded on each kernel."""
    if expected_divergences is None:
        expected_divergences = {
            k.name: k.expected_divergence for k in results.kernels if k.expected_divergence is not None
        }
    counts = Counter(k.category for k in results.kernels)
    totals = {category: counts.get(category, 0) for category in CATEGORIES}
    by_family: dict[str, Counter[str]] = {}
    for kernel in results.kernels:
        by_family.setdefault(kernel.family, Counter())[kernel.category] += 1
    families = tuple(
        FamilyRow(
            family=family,
            counts={category: counter.get(category, 0) for category in CATEGORIES},
            total=sum(counter.values()),
        )
        for family, counter in sorted(by_family.items())
    )
    changes: dict[str, list[str]] = {}
    for kind in (NEWLY_REGRESSED, NEWLY_FIXED, CHANGED, NEW):
        names = sorted(k.name for k in results.kernels if k.change == kind)
        if names:
            changes[kind] = names
    return Summary(
        results=results,
        totals=totals,
        families=families,
        root_causes=group_root_causes(results.kernels),
        gate=evaluate_gate(results, expected_divergences=expected_divergences),
        changes=changes,
    )
