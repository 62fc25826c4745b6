"""One kernel through both modes: emit, normalise, snapshot status, protocol checks, emulation,
then the semantic comparison of the two modes and the verdict.

Every stage runs inside its own guard: an exception becomes a `ToolError` (stage, kind, message,
traceback, raise site) on the mode or the kernel, and the stages that do not depend on the failed one
still run. Nothing here lets an exception escape except KeyboardInterrupt.
"""

from __future__ import annotations

import dataclasses
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import ttmigrate
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
    ToolError,
)
from ttmigrate.run import stages as real
from ttmigrate.run.stages import Refused

_PACKAGE_DIR = Path(ttmigrate.__file__).resolve().parent
_RUN_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Stages:
    """The stage functions a run calls; the real ones by default (tests swap one to make it fail)."""

    emit: Callable[[Any, str], dict[str, str]] = real.emit
    normalize: Callable[[Mapping[str, str]], dict[str, str]] = real.normalize
    snapshot_status: Callable[..., dict[str, str]] = real.snapshot_status
    check: Callable[[Mapping[str, str]], list[Finding]] = real.check
    reference: Callable[[Any], None] | None = real.reference  # None: not run
    emit_only: bool = False  # stop each mode after emission (the fuzzer's bulk)
    emulate: Callable[[Any, str, Mapping[str, str]], Emulation] = real.emulate
    run_emulation: bool = True  # False: the emulate stage is skipped (emulation None)
    # Compiles, in batches, the hosts of programs about to be emulated in this process (`snapshot
    # impact`); None: each host compiles with its program. A run's workers get theirs from run/prebuild.
    prebuild_hosts: Callable[[Sequence[Mapping[str, str]], int], None] | None = real.prebuild_hosts
    compare: Callable[[Mapping[str, str], Mapping[str, str]], list[ArtifactParity]] = real.compare


@dataclass
class KernelInfo:
    """What the run knows about a kernel without importing the corpus types."""

    name: str
    family: str
    path: str
    source_hash: str
    tags: list[str] = field(default_factory=list)
    handle: Any = None  # the corpus Kernel, passed to emit and emulate


def raise_site(exc: BaseException) -> str:
    """`module.path:function` of the deepest frame inside ttmigrate but outside this orchestration
    stage (where it is raised, not where run caught it); else the deepest frame outside run."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""
    outside = [f for f in frames if not Path(f.filename).resolve().is_relative_to(_RUN_DIR)]
    ours = [f for f in outside if Path(f.filename).resolve().is_relative_to(_PACKAGE_DIR)]
    frame = (ours or outside or frames)[-1]
    path = Path(frame.filename).resolve()
    module = (
        ".".join(path.relative_to(_PACKAGE_DIR.parent).with_suffix("").parts)
        if path.is_relative_to(_PACKAGE_DIR.parent)
        else path.name
    )
    return f"{module}:{frame.name}"


def kernel_code_site(exc: BaseException) -> str:
    """`file:line` of the deepest traceback frame outside ttmigrate (kernel code), or ""."""
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__)
        if not Path(f.filename).resolve().is_relative_to(_PACKAGE_DIR)
    ]  # fmt: skip
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""


def tool_error(stage: str, exc: BaseException) -> ToolError:
    log = "".join(traceback.format_exception(exc))
    diagnostics = getattr(exc, "diagnostics", None)
    if diagnostics:
        log += "\n" + "\n".join(str(getattr(d, "render", lambda d=d: d)()) for d in diagnostics)
    return ToolError(stage=stage, kind=type(exc).__name__, message=str(exc), log=log, site=raise_site(exc))


# Set by the isolated worker, which ignores SIGINT: there a KeyboardInterrupt can only have been raised
# by kernel code (a reference, an import) and is that kernel's error, not the user's Ctrl-C.
INTERRUPTS_ARE_KERNEL_CODE = False

# Called as each stage starts (stage, mode): the isolated worker reports it to the parent, which
# holds that stage's wall-clock limit.
OnStage = Callable[[str, str | None], None]


class _Guard:
    """Times stages and turns their exceptions into ToolErrors on a list."""

    def __init__(
        self,
        errors: list[ToolError],
        timings: dict[str, float],
        *,
        on_stage: OnStage | None = None,
        mode: str | None = None,
    ) -> None:
        self.errors = errors
        self.timings = timings
        self.on_stage = on_stage
        self.mode = mode

    @contextmanager
    def stage(self, name: str, *, leaf: bool = True) -> Iterator[None]:
        if leaf and self.on_stage is not None:
            self.on_stage(name, self.mode)
        start = time.perf_counter()
        try:
            yield
        except KeyboardInterrupt as exc:
            if not INTERRUPTS_ARE_KERNEL_CODE:
                raise
            error = tool_error(name, exc)
            where = kernel_code_site(exc)
            message = f"kernel code raised KeyboardInterrupt{f' at {where}' if where else ''}"
            self.errors.append(dataclasses.replace(error, message=message))
        except (Exception, SystemExit) as exc:  # one stage's failure is recorded, never fatal to the run
            self.errors.append(tool_error(name, exc))
        finally:
            self.timings[name] = round(time.perf_counter() - start, 4)


def run_mode(
    info: KernelInfo, mode: str, *, stages: Stages, snapshot_root: Path, on_stage: OnStage | None = None
) -> tuple[ModeResult, dict[str, str] | None]:
    """The mode's result and its raw artifacts (None when it emitted nothing)."""
    result = ModeResult(mode=mode, status=FAILED)
    guard = _Guard(result.errors, result.timings, on_stage=on_stage, mode=mode)
    raw: dict[str, str] | None = None
    with guard.stage("emit"):
        try:
            raw = stages.emit(info.handle, mode)
        except Refused as refused:
            result.status = UNSUPPORTED
            result.unsupported = refused.unsupported
    if result.unsupported is not None:
        with guard.stage("snapshot"):
            result.snapshot = stages.snapshot_status(
                root=snapshot_root, family=info.family, kernel=info.name, mode=mode,
                normalized=None, unsupported=result.unsupported.message,
            )  # fmt: skip
        return result, None
    if raw is None:
        return result, None
    result.status = EMITTED
    if stages.emit_only:
        result.artifacts = dict(raw)
        return result, None
    normalized: dict[str, str] | None = None
    with guard.stage("normalize"):
        normalized = stages.normalize(raw)
    result.artifacts = normalized if normalized is not None else dict(raw)
    if normalized is not None:
        with guard.stage("snapshot"):
            result.snapshot = stages.snapshot_status(
                root=snapshot_root, family=info.family, kernel=info.name, mode=mode,
                normalized=normalized, unsupported=None,
            )  # fmt: skip
    with guard.stage("check"):
        result.findings = stages.check(result.artifacts)
    if stages.run_emulation:
        with guard.stage("emulate"):
            result.emulation = stages.emulate(info.handle, mode, raw)
    return result, raw


def run_kernel(
    info: KernelInfo,
    *,
    stages: Stages,
    snapshot_root: Path,
    expected_divergences: Mapping[str, str],
    on_stage: OnStage | None = None,
) -> KernelResult:
    kernel = KernelResult(
        name=info.name, family=info.family, path=info.path, source_hash=info.source_hash, tags=list(info.tags)
    )
    start = time.perf_counter()
    guard = _Guard(kernel.errors, kernel.timings, on_stage=on_stage)
    raws: dict[str, dict[str, str] | None] = {}
    if stages.reference is not None:
        failed = len(kernel.errors)
        with guard.stage("reference"):
            stages.reference(info.handle)
        if len(kernel.errors) > failed:  # a bad reference is one kernel error, not one per mode
            stages = replace(stages, run_emulation=False)
    for mode in (TEMPLATE, IR_DRIVEN):
        with guard.stage(mode, leaf=False):
            kernel.modes[mode], raws[mode] = run_mode(
                info, mode, stages=stages, snapshot_root=snapshot_root, on_stage=on_stage
            )
    template_raw, ir_raw = raws.get(TEMPLATE), raws.get(IR_DRIVEN)
    if template_raw is not None and ir_raw is not None:
        with guard.stage("compare"):
            kernel.parity = stages.compare(template_raw, ir_raw)
    kernel.timings["total"] = round(time.perf_counter() - start, 4)
    return classify(kernel, expected_divergences=expected_divergences)


def broken_kernel(*, name: str, family: str, path: str, source_hash: str, message: str) -> KernelResult:
    """A corpus entry that does not load: category error, stage corpus."""
    error = ToolError(
        stage="corpus", kind="KernelLoadError", message=message, log=message, site="ttmigrate.corpus"
    )
    kernel = KernelResult(name=name, family=family, path=path, source_hash=source_hash, errors=[error])
    return classify(kernel)
