"""Presentation of comparisons and findings: plain text and JSON. No analysis happens here."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ttmigrate.compare.checks import Finding
from ttmigrate.compare.compare import KernelComparison


def comparison_text(
    comparison: KernelComparison, *, kernel: str, left: str = "left", right: str = "right"
) -> str:
    lines = [f"{kernel + ': ' if kernel else ''}{left} vs {right}: {comparison.level}"]
    for name, result in comparison.artifacts.items():
        lines.append(f"  {name}: {result.level}")
        for difference in result.differences:
            where = _lines(difference.left_line, difference.right_line)
            lines.append(f"    - {difference.message}{where}")
    return "\n".join(lines) + "\n"


def comparison_json(
    comparison: KernelComparison, *, kernel: str, left: str = "left", right: str = "right"
) -> str:
    document = {"kernel": kernel, "left": left, "right": right, **comparison.to_json()}
    return json.dumps(document, indent=2, sort_keys=False, allow_nan=False) + "\n"


def findings_text(findings: Sequence[Finding], *, kernel: str, mode: str) -> str:
    if not findings:
        return f"{kernel} ({mode}): no protocol findings\n"
    lines = [f"{kernel} ({mode}): {len(findings)} protocol finding(s)"]
    lines.extend(f"  {f.place}: [{f.rule}] {f.message}" for f in findings)
    return "\n".join(lines) + "\n"


def findings_json(findings: Sequence[Finding], *, kernel: str, mode: str) -> str:
    document = {"kernel": kernel, "mode": mode, "findings": [f.to_json() for f in findings]}
    return json.dumps(document, indent=2, allow_nan=False) + "\n"


def _lines(left: int | None, right: int | None) -> str:
    if left is None and right is None:
        return ""
    return f"  [lines {left if left is not None else '-'} | {right if right is not None else '-'}]"
