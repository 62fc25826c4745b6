"""Fill in a KernelResult's verdict fields (category, reason, notes, root cause) from its facts.

`ttmigrate run` calls this once per kernel before writing results.json, so every consumer reads the
same category; the rules live in `categories` and `root_causes`.
"""

from __future__ import annotations

from collections.abc import Mapping

from ttmigrate.report.categories import categorize
from ttmigrate.report.model import KernelResult
from ttmigrate.report.root_causes import root_cause


def classify(kernel: KernelResult, *, expected_divergences: Mapping[str, str] | None = None) -> KernelResult:
    # The expected divergence first: the root cause of a diverged kernel depends on it.
    if expected_divergences is not None:
        kernel.expected_divergence = expected_divergences.get(kernel.name)
    verdict = categorize(kernel)
    kernel.category = verdict.category
    kernel.reason = verdict.reason
    kernel.notes = list(verdict.notes)
    cause = root_cause(kernel)
    kernel.root_cause = cause[0] if cause else None
    return kernel
