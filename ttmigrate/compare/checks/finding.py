"""A protocol finding: which rule, where, and what is wrong."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, order=True)
class Finding:
    artifact: str
    line: int
    rule: str  # stable kebab-case rule id, e.g. "cb-balance"
    message: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
