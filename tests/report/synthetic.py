"""Synthetic KernelResults for the analysis and renderer tests: the facts a run would record, with
the verdict computed by the real `classify` (never written by hand)."""

from __future__ import annotations

from ttmigrate.report.classify import classify
from ttmigrate.report.model import (
    EMITTED,
    FAILED,
    IR_DRIVEN,
    TEMPLATE,
    UNSUPPORTED,
    ArtifactParity,
    Emulation,
    Finding,
    KernelResult,
    ModeResult,
    RunMeta,
    RunResults,
    ToolError,
    Unsupported,
)

ARTIFACTS = ("reader.cpp", "compute.cpp", "writer.cpp", "main.cpp", "tt.plan.json")


def emitted(
    mode: str, status: str | None = "correct", *, findings: list[Finding] | None = None, text: str = ""
) -> ModeResult:
    emulation = (
        None
        if status is None
        else Emulation(
            status=status,
            max_abs_err=0.0 if status == "correct" else 3.5,
            max_rel_err=0.01,
            pcc=0.9999,
            detail="",
        )
    )
    return ModeResult(
        mode=mode,
        status=EMITTED,
        artifacts={a: f"// {mode} {a}\n{text}" for a in ARTIFACTS},
        snapshot={a: "match" for a in ARTIFACTS},
        findings=findings or [],
        emulation=emulation,
        timings={"emit": 0.01, "emulate": 0.2},
    )


def unsupported_mode(construct: str = "T.Parallel", node_kind: str = "For") -> ModeResult:
    return ModeResult(
        mode=IR_DRIVEN,
        status=UNSUPPORTED,
        unsupported=Unsupported(
            construct=construct,
            node_kind=node_kind,
            location="kernel.py:12",
            message=f"cannot emit {construct}",
        ),
    )


def failed_mode(
    mode: str,
    *,
    stage: str = "emit",
    kind: str = "KeyError",
    site: str = "ttmigrate.emit.x:visit",
    message: str = "'k'",
) -> ModeResult:
    return ModeResult(
        mode=mode,
        status=FAILED,
        errors=[
            ToolError(
                stage=stage, kind=kind, message=message, log=f"Traceback...\n{kind}: {message}", site=site
            )
        ],
    )


def levels(default: str = "L2", **per_artifact: str) -> list[ArtifactParity]:
    out = []
    for artifact in ARTIFACTS:
        level = per_artifact.get(artifact.replace(".", "_"), default)
        diffs = [] if level != "divergent" else [f"{artifact}: loop L0 trip count 8 vs 4"]
        out.append(
            ArtifactParity(
                artifact=artifact,
                level=level,
                differences=diffs,
                edit_script=[f"- {artifact}"] if diffs else [],
            )
        )
    return out


def kernel(
    name: str,
    *,
    family: str = "gemm",
    template: ModeResult | None = None,
    ir: ModeResult | None = None,
    parity: list[ArtifactParity] | None = None,
    errors: list[ToolError] | None = None,
    expected: dict[str, str] | None = None,
) -> KernelResult:
    template = template if template is not None else emitted(TEMPLATE)
    ir = ir if ir is not None else emitted(IR_DRIVEN)
    if parity is None:
        parity = levels() if template.status == EMITTED and ir.status == EMITTED else []
    result = KernelResult(
        name=name,
        family=family,
        path=f"corpus/{family}/{name}.py",
        source_hash="0" * 64,
        tags=[family],
        modes={TEMPLATE: template, IR_DRIVEN: ir},
        parity=parity,
        errors=errors or [],
        timings={"total": 0.5},
    )
    return classify(result, expected_divergences=expected or {})


def results(
    kernels: list[KernelResult], *, complete: bool = True, selection: list[str] | None = None
) -> RunResults:
    meta = RunMeta(
        tool_version="0.1.0",
        dependencies={"numpy": "2.4.6"},
        python="3.11",
        platform="linux",
        git_commit="abc123",
        corpus_root="corpus",
        corpus_hash="f" * 64,
        selection=selection or [],
        complete=complete,
        started_at="2026-01-01T00:00:00+00:00",
        finished_at="2026-01-01T00:01:00+00:00",
        duration_s=60.0,
    )
    return RunResults(meta=meta, kernels=kernels)


def one_of_each() -> RunResults:
    """A run with every category once, plus a second regression sharing a root cause."""
    return results(
        [
            kernel("gemm_parity"),
            kernel(
                "eltwise_improved",
                family="eltwise",
                template=emitted(TEMPLATE, "wrong"),
                parity=levels(compute_cpp="divergent"),
            ),
            kernel("eltwise_diverged", family="eltwise", parity=levels(compute_cpp="divergent")),
            kernel("gemm_regressed", ir=emitted(IR_DRIVEN, "wrong"), parity=levels(reader_cpp="divergent")),
            kernel(
                "gemm_regressed2", ir=emitted(IR_DRIVEN, "deadlock"), parity=levels(reader_cpp="divergent")
            ),
            kernel(
                "reduce_both_wrong",
                family="reduce",
                template=emitted(TEMPLATE, "wrong"),
                ir=emitted(IR_DRIVEN, "wrong"),
            ),
            kernel("reduce_unsupported", family="reduce", ir=unsupported_mode()),
            kernel("softmax_error", family="softmax", ir=failed_mode(IR_DRIVEN)),
        ]
    )
