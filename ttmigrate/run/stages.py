"""Adapters from the earlier stages' APIs to the report model: one function per stage.

Each function calls one stage and converts its answer into `ttmigrate.report.model` types; this is
the only module that knows those stages' signatures. Imports are lazy so that a stage that fails to
import shows up as a tool error on the kernels (with its traceback), not as a crash of the run.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ttmigrate.report.model import ArtifactParity, Emulation, Finding, Unsupported


class Refused(Exception):
    """An emitter (or the lowering it needs) refused the kernel loudly; carries the model record."""

    def __init__(self, unsupported: Unsupported) -> None:
        self.unsupported = unsupported
        super().__init__(unsupported.message)


def emit(kernel: Any, mode: str) -> dict[str, str]:
    """Raw artifacts; `Refused` for UnsupportedConstruct or LoweringError."""
    from ttmigrate.emit import UnsupportedConstruct, emit_kernel
    from ttmigrate.emit.errors import lowering_refusal
    from ttmigrate.tt.diagnostics import LoweringError

    try:
        return dict(emit_kernel(kernel, mode=mode))
    except UnsupportedConstruct as exc:
        raise Refused(exc.record) from exc
    except LoweringError as exc:
        raise Refused(lowering_refusal(exc)) from exc


def modes() -> tuple[str, ...]:
    from ttmigrate.emit import MODES

    return tuple(MODES)


def normalize(raw: Mapping[str, str]) -> dict[str, str]:
    from ttmigrate.normalize import normalize_artifacts

    return dict(normalize_artifacts(artifacts=raw))


def snapshot_status(
    *,
    root: Path,
    family: str,
    kernel: str,
    mode: str,
    normalized: Mapping[str, str] | None,
    unsupported: str | None,
) -> dict[str, str]:
    """artifact (or UNSUPPORTED) -> "match" | "changed" | "new" | "missing" against the goldens:
    `ttmigrate snapshot status`'s judgement (`artifact_states`) on the artifacts this run already
    normalised. The header only decides header drift, which a run does not report."""
    from ttmigrate.snapshot.render import rendering_of
    from ttmigrate.snapshot.source import KernelRef
    from ttmigrate.snapshot.status import artifact_states

    rendering = rendering_of(
        kernel=KernelRef(kernel, family, "", ""), mode=mode,
        normalized=dict(normalized or {}), unsupported=unsupported, raw_bad_plan=True,
    )  # fmt: skip
    return artifact_states(rendering=rendering, root=root)


def compare(template: Mapping[str, str], ir_driven: Mapping[str, str]) -> list[ArtifactParity]:
    from ttmigrate.compare import compare_artifacts

    # The models of the normalised texts: those the check stage built (parsed once per kernel x mode),
    # with the lines of the artifacts the report shows.
    comparison = compare_artifacts(left=template, right=ir_driven, model_normalized=True)
    out = []
    for name, artifact in comparison.artifacts.items():
        # the first difference's typed-edit key: its kind and subject, none of its numbers
        first_event = artifact.differences[0].key if artifact.differences else None
        out.append(
            ArtifactParity(
                artifact=name,
                level=artifact.level,
                differences=[d.message for d in artifact.differences],
                edit_script=[
                    f"{d.edit} L{d.left_line if d.left_line is not None else '-'}"
                    f"/R{d.right_line if d.right_line is not None else '-'}: {d.message}"
                    for d in artifact.edit_script
                ],
                first_event=first_event,
            )
        )
    return out


def check(artifacts: Mapping[str, str]) -> list[Finding]:
    from ttmigrate.compare import check_artifacts

    return check_artifacts(artifacts=artifacts)


def reference(kernel: Any) -> None:
    """The kernel's reference runs and returns usable outputs (once per kernel, before emulation)."""
    from ttmigrate.emulate.harness import check_reference

    check_reference(kernel=kernel)


def prebuild_hosts(programs: Sequence[Mapping[str, str]], jobs: int) -> None:
    """The hosts of `programs` compiled now, in batches of many hosts per g++ (emulate.host_batch);
    the programs' own builds then find them in the object cache."""
    from ttmigrate.emulate.host_batch import prebuild_hosts as compile_in_batches

    if programs:
        compile_in_batches(programs, jobs=jobs)


def _finite(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def emulate(kernel: Any, mode: str, raw: Mapping[str, str]) -> Emulation:
    """Run the mode's program on the host emulation against the kernel's NumPy reference."""
    from ttmigrate.emulate import simulate_kernel

    result = simulate_kernel(kernel=kernel, artifacts=raw)
    figures = {"max_abs_err": result.max_abs_err, "max_rel_err": result.max_rel_err, "pcc": result.pcc}
    detail = result.detail
    if result.fault is not None:
        detail = f"[{result.fault.kind}] {detail}"
    odd = [
        f"{name}={value}" for name, value in figures.items() if value is not None and _finite(value) is None
    ]
    if odd:  # JSON has no inf/nan: keep the figure in words
        detail = f"{detail} ({', '.join(odd)})".strip()
    return Emulation(
        status=str(result.status),
        max_abs_err=_finite(figures["max_abs_err"]),
        max_rel_err=_finite(figures["max_rel_err"]),
        pcc=_finite(figures["pcc"]),
        detail=detail,
    )
