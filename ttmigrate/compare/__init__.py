"""Stage: semantic comparison of two emitter outputs and Metalium protocol checks.

Public API (keyword-only):
- compare_artifacts(*, left, right) -> KernelComparison (parity level and differences per artifact)
- check_artifacts(*, artifacts) -> list[Finding] (protocol rules on one emitter output)
"""

from __future__ import annotations

from ttmigrate.compare.checks import Finding, check_artifacts
from ttmigrate.compare.compare import ArtifactComparison, KernelComparison, compare_artifacts
from ttmigrate.compare.diff import Difference
from ttmigrate.compare.levels import LEVELS

__all__ = [
    "LEVELS",
    "ArtifactComparison",
    "Difference",
    "Finding",
    "KernelComparison",
    "check_artifacts",
    "compare_artifacts",
]
