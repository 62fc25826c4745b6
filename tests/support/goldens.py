"""A corpus kernel's committed IR-driven golden, as the artifacts the emulator takes."""

from __future__ import annotations

from pathlib import Path

SNAPSHOTS = Path(__file__).resolve().parents[2] / "snapshots"


def ir_driven_golden(family: str, name: str) -> dict[str, str]:
    """Every artifact of snapshots/<family>/<name>/ir_driven by file name: the C++ files and
    tt.plan.json, whose numeric configuration sets the emulator's judging tolerance."""
    folder = SNAPSHOTS / family / name / "ir_driven"
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()) if p.is_file()}
