"""Typed records of the emulation stage: what goes in (tensor specs, tolerances) and what comes out
(the verdict of one simulated run)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

# "no-reference": ran to completion without a fault, but there is nothing to judge its outputs by.
SimStatus = Literal["correct", "wrong", "compile-error", "deadlock", "fault", "no-reference"]
SIM_STATUSES: tuple[SimStatus, ...] = (
    "correct",
    "wrong",
    "compile-error",
    "deadlock",
    "fault",
    "no-reference",
)
# "unused": a parameter the kernel neither reads nor writes; it still gets a data file (the host
# program may upload it) but is not given to the reference.
TensorRole = Literal["input", "output", "unused"]


@dataclass(frozen=True, kw_only=True)
class TensorSpec:
    """One kernel parameter: `<name>.bin` in the data folder, logical shape, declared dtype."""

    name: str
    shape: tuple[int, ...]
    dtype: str  # "bfloat16", "float16" or "float32" (float32 is stored as float32, the others as bfloat16)
    role: TensorRole


@dataclass(frozen=True, kw_only=True)
class Tolerance:
    """An output element passes when |actual - expected| <= atol + rtol * |expected|; the output
    passes when every element does and the PCC is at least min_pcc."""

    atol: float
    rtol: float
    min_pcc: float

    @classmethod
    def from_mapping(cls, values: Mapping[str, float], *, base: Tolerance) -> Tolerance:
        """A per-kernel override such as {"atol": 0.05}; keys not given keep `base`'s value.
        "pcc" is accepted as another spelling of "min_pcc" (the corpus's)."""
        unknown = set(values) - {"atol", "rtol", "min_pcc", "pcc"}
        if unknown:
            raise ValueError(f"unknown tolerance keys {sorted(unknown)} (expected atol, rtol, min_pcc)")
        if "pcc" in values and "min_pcc" in values:
            raise ValueError("tolerance gives both pcc and min_pcc")
        return cls(
            atol=float(values.get("atol", base.atol)),
            rtol=float(values.get("rtol", base.rtol)),
            min_pcc=float(values.get("min_pcc", values.get("pcc", base.min_pcc))),
        )


@dataclass(frozen=True, kw_only=True)
class TensorComparison:
    name: str
    passed: bool
    max_abs_err: float
    max_rel_err: float  # over elements with |expected| > atol (relative error near 0 means little)
    pcc: float
    mismatches: int  # elements outside the tolerance (NaN mismatches included)
    first_mismatch: str  # "" or e.g. "C[3, 17]: got 1.5, expected -0.25"
    tolerance: Tolerance


@dataclass(frozen=True, kw_only=True)
class Fault:
    """A fault line of the emulated runtime (`TTSIM-FAULT {json}` on stderr)."""

    kind: str  # e.g. "deadlock", "noc-out-of-bounds", "runtime-arg-unset", "crash"
    message: str
    kernel: str | None = None  # kernel file name, "main.cpp" for the host
    core: tuple[int, int] | None = None
    cb: int | None = None
    fields: Mapping[str, object] = field(default_factory=dict)  # the whole parsed line


@dataclass(frozen=True, kw_only=True)
class SimResult:
    status: SimStatus
    detail: str  # one human-readable paragraph: why this status
    max_abs_err: float | None = None  # worst over outputs (None unless outputs were compared)
    max_rel_err: float | None = None
    pcc: float | None = None  # lowest over outputs
    tensors: tuple[TensorComparison, ...] = ()
    fault: Fault | None = None
    warnings: tuple[str, ...] = ()  # e.g. "cb-unbalanced: ..." (the hardware would not stop)
    cache_hit: bool = False
    compile_s: float = 0.0
    run_s: float = 0.0
    stderr_tail: str = ""
