"""Hand-written program folders (test fixtures, benchmarks): the four .cpp files of a folder plus
a case description from a `cases.json` next to the folders:

    {"gemm_256": {"tensors": [{"name": "A", "shape": [256, 256], "dtype": "bfloat16", "role": "input"}, ...],
                  "reference": "matmul", "tolerance": {"atol": 0.02}}}

`reference` names one of REFERENCES (written here once, in NumPy, per operation)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ttmigrate.emulate.compare import default_tolerance
from ttmigrate.emulate.model import TensorSpec, Tolerance

REFERENCES: dict[str, Callable[..., dict[str, np.ndarray]]] = {
    "matmul": lambda A, B: {"C": A.astype(np.float64) @ B.astype(np.float64)},
    "add": lambda A, B: {"C": A.astype(np.float64) + B.astype(np.float64)},
    "sub": lambda A, B: {"C": A.astype(np.float64) - B.astype(np.float64)},
    "mul": lambda A, B: {"C": A.astype(np.float64) * B.astype(np.float64)},
}


@dataclass(frozen=True, kw_only=True)
class ProgramCase:
    name: str
    folder: Path
    artifacts: dict[str, str]
    tensors: tuple[TensorSpec, ...]
    reference: Callable[..., Mapping[str, np.ndarray]]
    tolerance: Tolerance | None


def load_cases(cases_file: Path) -> dict[str, ProgramCase]:
    """Every case of `cases_file`; raises ValueError naming the case and key that is wrong."""
    raw = json.loads(cases_file.read_text(encoding="utf-8"))
    return {name: _case(cases_file.parent, name, entry) for name, entry in raw.items()}


def _case(root: Path, name: str, entry: Mapping[str, object]) -> ProgramCase:
    where = f"{root / 'cases.json'}: case {name!r}"
    folder = root / name
    artifacts = {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.cpp"))}
    if "main.cpp" not in artifacts:
        raise ValueError(f"{where}: {folder} has no main.cpp")
    reference_name = entry.get("reference")
    if not isinstance(reference_name, str) or reference_name not in REFERENCES:
        raise ValueError(f"{where}: reference {reference_name!r} is not one of {sorted(REFERENCES)}")
    raw_tensors = entry.get("tensors")
    if not isinstance(raw_tensors, list):
        raise ValueError(f"{where}: 'tensors' must be a list")
    tensors = tuple(
        TensorSpec(name=t["name"], shape=tuple(t["shape"]), dtype=t["dtype"], role=t["role"])
        for t in raw_tensors
    )
    override = entry.get("tolerance")
    tolerance = None
    if isinstance(override, dict):
        output = next(t for t in tensors if t.role == "output")
        tolerance = Tolerance.from_mapping(override, base=default_tolerance(output.dtype))
    return ProgramCase(
        name=name,
        folder=folder,
        artifacts=artifacts,
        tensors=tensors,
        reference=REFERENCES[reference_name],
        tolerance=tolerance,
    )
