"""Output comparison: per-dtype tolerances, error figures and the Pearson correlation (PCC)."""

from __future__ import annotations

import numpy as np

from ttmigrate.emulate.model import TensorComparison, Tolerance
from ttmigrate.emulate.tensors import storage_dtype

# bfloat16 keeps 8 significant bits: rounding alone moves a value by up to 2**-9 relative, so
# rtol = 2**-7 leaves a factor of 2 for float32 accumulation order and one extra rounding.
DEFAULT_TOLERANCES: dict[str, Tolerance] = {
    "bfloat16": Tolerance(atol=1e-2, rtol=2.0**-7, min_pcc=0.999),
    "float32": Tolerance(atol=1e-5, rtol=1e-5, min_pcc=0.99999),
    # float16 keeps 11 significant bits: rounding moves a value by up to 2**-11 relative.
    "float16": Tolerance(atol=1e-3, rtol=2.0**-9, min_pcc=0.9999),
}


def default_tolerance(dtype: str) -> Tolerance:
    """The tolerance for an output declared as `dtype`, judged at its device storage dtype."""
    return DEFAULT_TOLERANCES[storage_dtype(dtype)]


# float32's unit roundoff: one rounding of a 32-bit DST accumulation step.
_FP32_UNIT = 2.0**-24
_MODELLED_FIDELITY = "HiFi4"


def judging_tolerance(
    *, dtype: str, fp32_dest_acc_en: bool, accumulation_tiles: int, math_fidelity: str = "HiFi4"
) -> Tolerance:
    """The tolerance an output declared as `dtype` is judged at, from what the configured DST and
    formats can deliver (docs/EMULATOR_CONFIG_STATE.md, "Numeric state"):

    - the output's storage rounding (``DEFAULT_TOLERANCES`` of its device dtype);
    - with a 32-bit DST, the rounding of a K-long accumulation: up to ``32 * accumulation_tiles``
      float32 additions of 2**-24 each, relative; it matters only for float32 outputs;
    - a 16-bit DST adds nothing: it cannot deliver more than its own precision, and the judge never
      grants a kernel the error of a worse configuration (a bf16 GEMM accumulating over a long K in
      16-bit DST is honestly ``wrong``; the emitter must choose fp32_dest_acc_en);
    - math fidelity: the emulator models HiFi4 only (it faults on any other), so no term; another
      fidelity raises ValueError rather than be judged as if exact.
    """
    if math_fidelity != _MODELLED_FIDELITY:
        raise ValueError(f"math_fidelity {math_fidelity} is not modelled (HiFi4 only)")
    base = default_tolerance(dtype)
    if not fp32_dest_acc_en or accumulation_tiles <= 0:
        return base
    accumulation = 32 * accumulation_tiles * _FP32_UNIT
    return Tolerance(atol=base.atol, rtol=base.rtol + accumulation, min_pcc=base.min_pcc)


def pcc(actual: np.ndarray, expected: np.ndarray) -> float:
    """Pearson correlation of the flattened arrays; 1.0 for two identical constant arrays, 0.0
    when only one is constant or any value is not finite."""
    a = np.asarray(actual, dtype=np.float64).ravel()
    e = np.asarray(expected, dtype=np.float64).ravel()
    if a.size == 0:
        return 1.0
    if not (np.isfinite(a).all() and np.isfinite(e).all()):
        return 0.0
    a_centered = a - a.mean()
    e_centered = e - e.mean()
    denominator = float(np.sqrt((a_centered**2).sum() * (e_centered**2).sum()))
    if denominator == 0.0:
        return 1.0 if np.array_equal(a, e) else 0.0
    return float((a_centered * e_centered).sum() / denominator)


def compare_tensor(
    *, name: str, actual: np.ndarray, expected: np.ndarray, tolerance: Tolerance
) -> TensorComparison:
    a = np.asarray(actual, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    if a.shape != e.shape:
        return TensorComparison(
            name=name,
            passed=False,
            max_abs_err=float("inf"),
            max_rel_err=float("inf"),
            pcc=0.0,
            mismatches=int(max(a.size, e.size)),
            first_mismatch=f"{name}: shape {a.shape} differs from the reference's {e.shape}",
            tolerance=tolerance,
        )
    with np.errstate(invalid="ignore", over="ignore"):
        error = np.abs(a - e)
        bad = ~(error <= tolerance.atol + tolerance.rtol * np.abs(e))
    both_nan = np.isnan(a) & np.isnan(e)
    bad &= ~both_nan
    error = np.where(both_nan, 0.0, np.where(np.isnan(error), np.inf, error))
    significant = np.abs(e) > tolerance.atol
    max_rel = float((error[significant] / np.abs(e[significant])).max()) if significant.any() else 0.0
    correlation = pcc(a, e)
    mismatches = int(bad.sum())
    first = ""
    if mismatches:
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        first = f"{name}{list(index)}: got {a[index]:.6g}, expected {e[index]:.6g}"
    return TensorComparison(
        name=name,
        passed=mismatches == 0 and correlation >= tolerance.min_pcc,
        max_abs_err=float(error.max()) if error.size else 0.0,
        max_rel_err=max_rel,
        pcc=correlation,
        mismatches=mismatches,
        first_mismatch=first,
        tolerance=tolerance,
    )
