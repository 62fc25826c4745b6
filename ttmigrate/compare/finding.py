"""A protocol finding: which rule, where, and what is wrong; the record results.json keeps too."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Finding:
    artifact: str
    line: int | None  # None: about the artifact as a whole (a missing host, a parse error without one)
    rule: str  # stable kebab-case rule id, e.g. "cb-balance"
    message: str

    @property
    def place(self) -> str:
        """`reader.cpp:14`, or `main.cpp` for a finding without a line."""
        return self.artifact if self.line is None else f"{self.artifact}:{self.line}"

    def sort_key(self) -> tuple[str, int, str, str]:
        return self.artifact, self.line or 0, self.rule, self.message

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
