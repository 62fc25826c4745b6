"""What the lowering says when it cannot lower a kernel: structured diagnostics, never a trace."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Diagnostic:
    """One thing the backend cannot lower.

    ``kind`` is a stable kebab-case name (``copy-global-to-global``, ``data-dependent-branch``, ...);
    ``node`` the offending IR node; ``location`` the kernel's ``file:line`` when the node carries a
    span, else its path in the TVMScript (``main/For(k)/SeqStmt[2]``); ``ir_path`` is that path
    always, so a reader can find the node in ``ttmigrate lower --stage`` output too.
    """

    kind: str
    node: Any
    location: str
    message: str
    ir_path: str = ""

    def render(self) -> str:
        where = (
            self.location
            if self.location == self.ir_path or not self.ir_path
            else f"{self.location} ({self.ir_path})"
        )
        return f"{where}: [{self.kind}] {self.message}"


class LoweringError(Exception):
    """Raised by a pass with every diagnostic it found (not only the first)."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        if not diagnostics:
            raise ValueError("LoweringError needs at least one diagnostic")
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        super().__init__("\n".join(d.render() for d in self.diagnostics))

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(d.kind for d in self.diagnostics)


def span_location(node: Any) -> str | None:
    """``file:line`` of a node parsed from a kernel file, or None when it carries no span."""
    span = getattr(node, "span", None)
    if span is None or span.source_name is None:
        return None
    name = span.source_name.name
    if not name or int(span.line) <= 0:
        return None
    return f"{name}:{int(span.line)}"


def diagnostic(
    kind: str, node: Any, path: Sequence[str], message: str, *, fallback_span: Any = None
) -> Diagnostic:
    """A diagnostic located at ``node``'s span (or the nearest enclosing one), else at ``path``."""
    ir_path = "/".join(path)
    location = span_location(node) or (span_location(fallback_span) if fallback_span is not None else None)
    return Diagnostic(kind=kind, node=node, location=location or ir_path, message=message, ir_path=ir_path)


class DiagnosticSink:
    """Collects diagnostics during a walk; ``raise_if_any`` ends the pass with all of them."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def add(
        self, kind: str, node: Any, path: Sequence[str], message: str, *, fallback_span: Any = None
    ) -> None:
        self.items.append(diagnostic(kind, node, path, message, fallback_span=fallback_span))

    def raise_if_any(self) -> None:
        if self.items:
            raise LoweringError(self.items)
