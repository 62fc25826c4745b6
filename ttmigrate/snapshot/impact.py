"""What pending changes mean: typed impact records and their one-line wording.

The records are computed by :func:`ttmigrate.run.impact.compute_impact` (which calls the real
stages: compare, emulate, the category rules and the flip gate); this module only holds the data
and words it, so the snapshot stage imports nothing from the later stages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ARROW = "→"


@dataclass(frozen=True)
class Side:
    """One kernel as its goldens say (before) or as they would say with the pending changes (after)."""

    parity: str | None  # weakest level template vs ir_driven ("L0".."L4", "divergent"); None: not comparable
    verdicts: dict[str, str]  # mode -> emulator verdict ("correct", "wrong", ..., "unsupported", "missing")
    category: str  # the report's category (parity, diverged, regressed, ...)
    gate: str  # "flips" | "pinned" | "blocks: <blocker kind>"

    @property
    def blocks(self) -> bool:
        return self.gate.startswith("blocks")


@dataclass(frozen=True)
class KernelImpact:
    family: str
    kernel: str
    changed_modes: tuple[str, ...]  # modes with a pending change
    changes: int  # pending files of this kernel taken into account
    before: Side | None = None
    after: Side | None = None
    error: str | None = None  # a stage failed; the impact is unknown (never fatal)
    seconds: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        return f"{self.family}/{self.kernel}"

    @property
    def gate_change(self) -> str:
        """ "blocks the flip" / "unblocks the flip" / "" (no change to the gate)."""
        if self.before is None or self.after is None:
            return ""
        if self.after.blocks and not self.before.blocks:
            return "blocks the flip"
        if self.before.blocks and not self.after.blocks:
            return "unblocks the flip"
        if self.before.gate != self.after.gate:
            return f"gate: {_gate_words(self.before.gate)} {ARROW} {_gate_words(self.after.gate)}"
        return ""

    def headline(self) -> str:
        """E.g. "parity → diverged: blocks the flip" or "parity (unchanged)"."""
        if self.error is not None or self.before is None or self.after is None:
            return f"impact unknown: {self.error}"
        before, after = self.before.category, self.after.category
        text = f"{before} {ARROW} {after}" if before != after else f"{after} (unchanged)"
        gate = self.gate_change
        if gate:
            text += f": {gate}"
        elif self.after.blocks:
            text += f" (still {_gate_words(self.after.gate)})"
        return text

    def details(self) -> list[str]:
        """Parity level and each changed mode's verdict, before → after."""
        if self.before is None or self.after is None:
            return []
        lines = [f"parity vs the other mode: {_pair(self.before.parity or '—', self.after.parity or '—')}"]
        for mode in self.changed_modes:
            lines.append(
                f"{mode} emulator: {_pair(self.before.verdicts.get(mode, '—'), self.after.verdicts.get(mode, '—'))}"
            )
        return lines

    def as_json(self) -> dict[str, object]:
        def side(s: Side | None) -> dict[str, object] | None:
            if s is None:
                return None
            return {"parity": s.parity, "verdicts": s.verdicts, "category": s.category, "gate": s.gate}

        return {
            "family": self.family,
            "kernel": self.kernel,
            "changed_modes": list(self.changed_modes),
            "changes": self.changes,
            "before": side(self.before),
            "after": side(self.after),
            "headline": self.headline(),
            "gate_change": self.gate_change,
            "error": self.error,
            "seconds": round(self.seconds, 3),
            "notes": list(self.notes),
        }


def _pair(before: str, after: str) -> str:
    return f"{before} {ARROW} {after}" if before != after else f"{after} (unchanged)"


def _gate_words(gate: str) -> str:
    if gate == "flips":
        return "flips to ir_driven"
    if gate == "pinned":
        return "pinned to template"
    return gate.replace("blocks: ", "blocks the flip: ")


def totals(impacts: list[KernelImpact]) -> dict[str, int]:
    """Counts for a closing line: kernels whose category changes, that start or stop blocking."""
    return {
        "kernels": len(impacts),
        "category-changes": sum(
            1 for i in impacts if i.before and i.after and i.before.category != i.after.category
        ),
        "newly-blocking": sum(1 for i in impacts if i.gate_change == "blocks the flip"),
        "unblocked": sum(1 for i in impacts if i.gate_change == "unblocks the flip"),
        "unknown": sum(1 for i in impacts if i.error is not None),
    }
