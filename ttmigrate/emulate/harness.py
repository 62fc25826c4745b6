"""simulate(): compile a generated program, run it on the host emulation with seeded inputs, and
judge its outputs against a NumPy reference. Faults of the program are results, never exceptions;
exceptions mean the caller's input is unusable (SimInputError) or the emulator itself is broken."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ttmigrate.corpus.local_files import kernel_code
from ttmigrate.emulate.build import BuildResult, ProgramInputError, build_program
from ttmigrate.emulate.compare import compare_tensor, judging_tolerance
from ttmigrate.emulate.faults import classify, describe, parse_warnings
from ttmigrate.emulate.model import (
    Fault,
    SimResult,
    SimStatus,
    TensorComparison,
    TensorRole,
    TensorSpec,
    Tolerance,
)
from ttmigrate.emulate.tensors import make_inputs, read_tensor, storage_dtype, write_tensor

Reference = Callable[..., Mapping[str, np.ndarray]]
DEFAULT_TIMEOUT_S = 120.0
STDERR_TAIL_CHARS = 2000


class SimInputError(ValueError):
    """The tensors, reference or artifacts given to simulate() cannot be used."""


class ParamLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def shape(self) -> tuple[int, ...]: ...
    @property
    def dtype(self) -> str: ...


class KernelLike(Protocol):
    """What simulate_kernel reads from a corpus kernel (ttmigrate.corpus.Kernel)."""

    @property
    def name(self) -> str: ...
    @property
    def reference(self) -> Callable[..., Mapping[str, Any]]: ...
    @property
    def params(self) -> Sequence[ParamLike]: ...
    @property
    def inputs(self) -> Sequence[str]: ...
    @property
    def outputs(self) -> Sequence[str]: ...
    @property
    def tolerance(self) -> Mapping[str, float] | None: ...


def specs_from_params(
    *,
    params: Iterable[ParamLike | tuple[str, Sequence[int], str]],
    inputs: Iterable[str],
    outputs: Iterable[str],
) -> list[TensorSpec]:
    """Tensor specs from a kernel's parameters ((name, shape, dtype) tuples or objects with those
    attributes) and its input/output names; other parameters are "unused"."""
    input_names, output_names = set(inputs), set(outputs)
    specs = []
    for param in params:
        name, shape, dtype = param if isinstance(param, tuple) else (param.name, param.shape, param.dtype)
        role: TensorRole = "output" if name in output_names else "input" if name in input_names else "unused"
        specs.append(TensorSpec(name=name, shape=tuple(int(d) for d in shape), dtype=dtype, role=role))
    return specs


def simulate(
    *,
    artifacts: Mapping[str, str],
    tensors: Sequence[TensorSpec],
    reference: Reference | None,
    tolerance: Tolerance | None = None,
    seed: int = 0,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    watchdog_s: float | None = None,
    cache_dir: Path | None = None,
    no_reference: str = "no reference",
) -> SimResult:
    """Runs the program in `artifacts` ("main.cpp" and the kernel .cpp files; others are ignored).

    `tolerance` applies to every output; None takes the default of each output's dtype.
    `reference` None: the program still runs (faults are still results), but a clean run is
    `no-reference`, never `correct`; `no_reference` says why there is none.
    `watchdog_s`: the emulated runtime reports a hang when no kernel makes an API call for this
    long (default: a third of `timeout_s`, at most 30 s); `timeout_s` bounds the whole run.
    """
    _check_specs(tensors)
    # The reference first: a bad one is the caller's input error, found before paying for a build.
    inputs = make_inputs(tensors, seed=seed)
    expected = _run_reference(reference, inputs, tensors) if reference is not None else None
    try:
        build = build_program(artifacts=artifacts, cache_dir=cache_dir)
    except ProgramInputError as error:
        raise SimInputError(str(error)) from error
    if build.binary is None:
        return SimResult(
            status="compile-error", detail=build.errors, cache_hit=build.cache_hit, compile_s=build.seconds
        )
    watchdog = watchdog_s if watchdog_s is not None else min(30.0, timeout_s / 3)
    with tempfile.TemporaryDirectory(prefix="ttsim-data-") as folder:
        data = Path(folder)
        for name, values in inputs.items():
            write_tensor(data, name, values)
        started = time.perf_counter()
        outcome = _run(build.binary, data, timeout_s=timeout_s, watchdog_s=watchdog)
        run_s = time.perf_counter() - started
        if isinstance(outcome, Fault):
            return _faulted("deadlock", outcome, build=build, run_s=run_s, tail="")
        returncode, stderr = outcome
        tail = stderr[-STDERR_TAIL_CHARS:]
        verdict = classify(returncode=returncode, stderr=stderr)
        if verdict is not None:
            return _faulted(verdict[0], verdict[1], build=build, run_s=run_s, tail=tail)
        try:
            actual = {spec.name: read_tensor(data, spec) for spec in tensors if spec.role == "output"}
        except ValueError as error:
            fault = Fault(kind="output-missing", message=str(error))
            return _faulted("fault", fault, build=build, run_s=run_s, tail=tail)
    if expected is None:
        return SimResult(
            status="no-reference",
            detail=f"ran to completion without a fault; outputs not judged: {no_reference}",
            warnings=parse_warnings(stderr),
            cache_hit=build.cache_hit,
            compile_s=build.seconds,
            run_s=run_s,
            stderr_tail=tail,
        )
    comparisons = tuple(
        compare_tensor(
            name=spec.name,
            actual=actual[spec.name],
            expected=expected[spec.name],
            tolerance=tolerance if tolerance is not None else output_tolerance(artifacts, spec.dtype),
        )
        for spec in tensors
        if spec.role == "output"
    )
    return _judged(comparisons, build=build, run_s=run_s, tail=tail, warnings=parse_warnings(stderr))


def simulate_kernel(
    *,
    kernel: KernelLike,
    artifacts: Mapping[str, str],
    seed: int = 0,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    cache_dir: Path | None = None,
) -> SimResult:
    """simulate() for a corpus kernel: its parameters, reference and tolerance override (a mapping
    of atol / rtol / min_pcc laid over the default of its first output's dtype)."""
    tensors = specs_from_params(params=kernel.params, inputs=kernel.inputs, outputs=kernel.outputs)
    tolerance = None
    if kernel.tolerance:
        dtype = next((spec.dtype for spec in tensors if spec.role == "output"), "bfloat16")
        try:
            tolerance = Tolerance.from_mapping(kernel.tolerance, base=output_tolerance(artifacts, dtype))
        except ValueError as error:
            raise SimInputError(f"kernel {kernel.name}: {error}") from error
    missing = getattr(kernel, "no_reference", None)
    return simulate(
        artifacts=artifacts,
        tensors=tensors,
        reference=None if missing else kernel.reference,
        tolerance=tolerance,
        seed=seed,
        timeout_s=timeout_s,
        cache_dir=cache_dir,
        no_reference=missing or "no reference",
    )


def output_tolerance(artifacts: Mapping[str, str], dtype: str) -> Tolerance:
    """judging_tolerance() of an output of `dtype` under the numeric configuration the plan
    (tt.plan.json "compute") records; without a plan, a 16-bit DST and no accumulation."""
    compute: Mapping[str, Any] = {}
    plan = artifacts.get("tt.plan.json")
    if plan:
        try:
            compute = json.loads(plan).get("compute") or {}
        except (ValueError, AttributeError) as error:
            raise SimInputError(f"tt.plan.json is not a JSON object: {error}") from error
    try:
        return judging_tolerance(
            dtype=dtype,
            fp32_dest_acc_en=bool(compute.get("fp32_dest_acc_en", False)),
            accumulation_tiles=int(compute.get("accumulation_tiles", 0)),
            math_fidelity=str(compute.get("math_fidelity", "HiFi4")),
        )
    except ValueError as error:
        raise SimInputError(f"tt.plan.json: {error}") from error


def check_reference(*, kernel: KernelLike, seed: int = 0) -> None:
    """Run the kernel's reference on the seeded inputs simulate() would give it and check what it
    returns (SimInputError, naming the reference's file and line, when it is unusable)."""
    tensors = specs_from_params(params=kernel.params, inputs=kernel.inputs, outputs=kernel.outputs)
    _check_specs(tensors)
    if kernel.reference is None or getattr(kernel, "no_reference", None):  # never judged: nothing to check
        return
    _run_reference(kernel.reference, make_inputs(tensors, seed=seed), tensors)


def _check_specs(tensors: Sequence[TensorSpec]) -> None:
    names = [spec.name for spec in tensors]
    if len(set(names)) != len(names):
        raise SimInputError(f"tensor names repeat: {names}")
    for spec in tensors:
        try:
            storage_dtype(spec.dtype)
        except ValueError as error:
            raise SimInputError(f"tensor {spec.name!r}: {error}") from error
        if not spec.shape or any(d <= 0 for d in spec.shape):
            raise SimInputError(f"tensor {spec.name!r} has shape {spec.shape}; dimensions must be positive")


def _reference_site(reference: Reference, error: BaseException | None = None) -> str:
    """`file:line` of the reference: where it raised (its deepest frame in its own file), else where
    it is defined; "" for a callable without Python code."""
    code = getattr(reference, "__code__", None)
    if code is None:
        return ""
    line = code.co_firstlineno
    if error is not None:
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == code.co_filename]
        if frames and frames[-1].lineno:
            line = frames[-1].lineno
    return f"{code.co_filename}:{line}: "


def _run_reference(
    reference: Reference, inputs: Mapping[str, np.ndarray], tensors: Sequence[TensorSpec]
) -> dict[str, np.ndarray]:
    """The reference's outputs, checked: a mapping with exactly the output names, each a finite
    numeric array of the output's shape. Anything else is one SimInputError at the reference."""
    try:
        roles = {spec.name: spec.role for spec in tensors}
        with kernel_code():  # the files it reads are the kernel's (ttmigrate.corpus.local_files)
            produced = reference(
                **{name: values.copy() for name, values in inputs.items() if roles[name] == "input"}
            )
    except SystemExit as error:  # kernel code must not end the tool
        raise SimInputError(
            f"{_reference_site(reference, error)}the reference called exit({error.code!r})"
        ) from error
    except Exception as error:
        raise SimInputError(
            f"{_reference_site(reference, error)}the reference raised {type(error).__name__}: {error}"
        ) from error
    site = _reference_site(reference)
    if not isinstance(produced, Mapping):
        raise SimInputError(
            f"{site}the reference returned {type(produced).__name__}; it must return a dict "
            "{output name: array}"
        )
    outputs = [spec for spec in tensors if spec.role == "output"]
    extra = sorted(str(k) for k in produced if k not in {spec.name for spec in outputs})
    if extra:
        raise SimInputError(
            f"{site}the reference returned {extra}, which are not outputs of the kernel "
            f"(outputs: {[spec.name for spec in outputs]})"
        )
    expected: dict[str, np.ndarray] = {}
    for spec in outputs:
        if spec.name not in produced:
            raise SimInputError(
                f"{site}the reference returned no {spec.name!r} (got {sorted(map(str, produced))})"
            )
        try:
            raw = np.asarray(produced[spec.name])
        except Exception as error:  # e.g. ragged nested lists
            raise SimInputError(f"{site}the reference's {spec.name!r} is not an array: {error}") from error
        if raw.dtype.kind not in "biuf":
            raise SimInputError(
                f"{site}the reference's {spec.name!r} has dtype {raw.dtype}; expected numbers"
            )
        value = raw.astype(np.float64)
        if value.shape != spec.shape:
            raise SimInputError(
                f"{site}the reference's {spec.name!r} has shape {value.shape}, expected {spec.shape}"
            )
        if not np.isfinite(value).all():
            bad = int(np.size(value) - np.count_nonzero(np.isfinite(value)))
            raise SimInputError(
                f"{site}the reference's {spec.name!r} has {bad} non-finite values (NaN or inf)"
            )
        expected[spec.name] = value
    return expected


def _run(binary: Path, data: Path, *, timeout_s: float, watchdog_s: float) -> tuple[int, str] | Fault:
    env = dict(os.environ, TTSIM_WATCHDOG_S=f"{watchdog_s:g}")
    try:
        done = subprocess.run(
            [str(binary), str(data)],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout_s,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Fault(
            kind="timeout", message=f"the program did not finish within {timeout_s:g} s and was killed"
        )
    return done.returncode, done.stderr


def _faulted(status: SimStatus, fault: Fault, *, build: BuildResult, run_s: float, tail: str) -> SimResult:
    return SimResult(
        status=status,
        detail=describe(fault),
        fault=fault,
        cache_hit=build.cache_hit,
        compile_s=build.seconds,
        run_s=run_s,
        stderr_tail=tail,
    )


def _judged(
    comparisons: tuple[TensorComparison, ...],
    *,
    build: BuildResult,
    run_s: float,
    tail: str,
    warnings: tuple[str, ...],
) -> SimResult:
    note = f" (warnings: {'; '.join(warnings)})" if warnings else ""
    if not comparisons:
        return SimResult(
            status="correct",
            detail="ran to completion without a fault; the kernel has no outputs" + note,
            warnings=warnings,
            cache_hit=build.cache_hit,
            compile_s=build.seconds,
            run_s=run_s,
            stderr_tail=tail,
        )
    failed = [c for c in comparisons if not c.passed]
    figures = "; ".join(
        f"{c.name}: max abs err {c.max_abs_err:.4g}, max rel err {c.max_rel_err:.4g}, PCC {c.pcc:.6f}"
        for c in comparisons
    )
    if failed:
        reasons = []
        for c in failed:
            tol = c.tolerance
            reasons.append(
                f"{c.name}: {c.mismatches} elements outside atol={tol.atol:g} rtol={tol.rtol:g}"
                + (f" (first {c.first_mismatch})" if c.first_mismatch else "")
                + (f", PCC {c.pcc:.6f} < {tol.min_pcc:g}" if c.pcc < tol.min_pcc else "")
            )
        detail = "outputs differ from the reference: " + "; ".join(reasons) + f" [{figures}]"
    else:
        detail = f"all outputs match the reference [{figures}]"
    return SimResult(
        status="wrong" if failed else "correct",
        detail=detail + note,
        warnings=warnings,
        max_abs_err=max(c.max_abs_err for c in comparisons),
        max_rel_err=max(c.max_rel_err for c in comparisons),
        pcc=min(c.pcc for c in comparisons),
        tensors=comparisons,
        cache_hit=build.cache_hit,
        compile_s=build.seconds,
        run_s=run_s,
        stderr_tail=tail,
    )
