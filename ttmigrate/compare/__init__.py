"""Stage: semantic comparison of two emitter outputs and Metalium protocol checks.

Public API (keyword-only):
- compare_artifacts(*, left, right) -> KernelComparison (parity level and differences per artifact)
- check_artifacts(*, artifacts) -> list[Finding] (protocol rules on one emitter output)

The names are resolved on first use (PEP 562): the records (`Finding`) are read by the report,
which must not pay for tree-sitter and the checks it never runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ttmigrate.lazy import lazy_exports

if TYPE_CHECKING:
    from .checks import check_artifacts
    from .compare import ArtifactComparison, KernelComparison, compare_artifacts
    from .diff import Difference
    from .finding import Finding
    from .levels import LEVELS

_HOMES = {
    "LEVELS": "levels",
    "ArtifactComparison": "compare",
    "Difference": "diff",
    "Finding": "finding",
    "KernelComparison": "compare",
    "check_artifacts": "checks",
    "compare_artifacts": "compare",
}

__all__ = [
    "LEVELS",
    "ArtifactComparison",
    "Difference",
    "Finding",
    "KernelComparison",
    "check_artifacts",
    "compare_artifacts",
]


__getattr__ = lazy_exports(__name__, _HOMES)
