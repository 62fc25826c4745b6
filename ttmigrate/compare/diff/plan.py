"""The edits between two plans: the plan compares as data, one edit per deepdiff change."""

from __future__ import annotations

from typing import Any, Literal

from deepdiff import DeepDiff

from ttmigrate.compare.diff.edits import Edit, PlanChanged


def plan_edits(*, left: Any, right: Any) -> list[Edit]:
    out: list[Edit] = []
    tree = DeepDiff(left, right, verbose_level=2).tree
    for report_type in sorted(tree):
        change = _change(report_type)
        for level in tree[report_type]:
            out.append(
                PlanChanged(
                    path=tuple(level.path(output_format="list")),
                    change=change,
                    left=None if change == "added" else level.t1,
                    right=None if change == "removed" else level.t2,
                )
            )
    return out


def _change(report_type: str) -> Literal["added", "removed", "changed"]:
    """deepdiff's report types: `dictionary_item_added`, `iterable_item_removed`, `values_changed`, ..."""
    if report_type.endswith("_added"):
        return "added"
    if report_type.endswith("_removed"):
        return "removed"
    return "changed"
