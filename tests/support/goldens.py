"""A corpus kernel's committed golden, as the artifacts the emulator takes."""

from __future__ import annotations

from pathlib import Path

SNAPSHOTS = Path(__file__).resolve().parents[2] / "snapshots"


def golden(family: str, name: str, mode: str) -> dict[str, str]:
    """Every artifact of snapshots/<family>/<name>/<mode> by file name: the C++ files and
    tt.plan.json, whose numeric configuration sets the emulator's judging tolerance."""
    folder = SNAPSHOTS / family / name / mode
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()) if p.is_file()}


def ir_driven_golden(family: str, name: str) -> dict[str, str]:
    return golden(family, name, "ir_driven")
