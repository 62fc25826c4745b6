"""The meaning of pending snapshot changes: before → after, per kernel, with the real stages.

"Before" is what the goldens hold; "after" is the goldens with every pending change of the kernel
applied (several artifacts of one kernel usually change together, and one without the others may
not even compile). Both sides go through the same stage functions a run uses — ``Stages.compare``
for the parity level between the modes, ``Stages.emulate`` (content-hash build cache) for the
emulator verdict — then the report's category rules and the flip gate. Only the modes that change
are emulated twice; the other mode's verdict is shared by both sides. Nothing here writes a golden.

``stages`` is the run's :class:`~ttmigrate.run.pipeline.Stages`, so stage caches added there are
used here as they are.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ttmigrate.report.categories import weakest_level
from ttmigrate.report.classify import classify
from ttmigrate.report.gate import evaluate_gate
from ttmigrate.report.model import (
    EMITTED,
    IR_DRIVEN,
    TEMPLATE,
    UNSUPPORTED,
    KernelResult,
    ModeResult,
    RunMeta,
    RunResults,
    Unsupported,
)
from ttmigrate.run.pipeline import Stages
from ttmigrate.snapshot.header import content_of
from ttmigrate.snapshot.impact import KernelImpact, Side
from ttmigrate.snapshot.layout import UNSUPPORTED as UNSUPPORTED_FILE
from ttmigrate.snapshot.pending import PendingChange
from ttmigrate.snapshot.store import golden_names, read_text

MODES = (TEMPLATE, IR_DRIVEN)
MISSING = "missing"

# (mode, artifacts or None, unsupported message or None)
_ModeFiles = tuple[dict[str, str] | None, str | None]


@dataclass(frozen=True)
class ImpactRequest:
    family: str
    kernel: str
    changes: tuple[PendingChange, ...]


def requests_for(changes: Iterable[PendingChange]) -> list[ImpactRequest]:
    """One request per kernel, holding all of that kernel's pending changes."""
    by_kernel: dict[tuple[str, str], list[PendingChange]] = {}
    for change in changes:
        by_kernel.setdefault((change.key.family, change.key.kernel), []).append(change)
    return [ImpactRequest(f, k, tuple(c)) for (f, k), c in sorted(by_kernel.items())]


def _golden_files(root: Path, family: str, kernel: str, mode: str) -> _ModeFiles:
    folder = root / family / kernel / mode
    names = golden_names(folder)
    if UNSUPPORTED_FILE in names:
        text = read_text(folder / UNSUPPORTED_FILE) or ""
        return None, content_of(text, name=UNSUPPORTED_FILE).strip()
    if not names:
        return None, None
    files = {}
    for name in names:
        golden = read_text(folder / name)
        if golden is not None:
            files[name] = content_of(golden, name=name)
    return files, None


def _apply(files: _ModeFiles, changes: Sequence[PendingChange]) -> _ModeFiles:
    artifacts, unsupported = files
    for change in changes:
        content = content_of(change.new, name=change.key.name)
        if change.key.name == UNSUPPORTED_FILE:
            artifacts, unsupported = None, content.strip()
        else:
            artifacts = {**(artifacts or {}), change.key.name: content}
            unsupported = None
    return artifacts, unsupported


def _unsupported(message: str) -> Unsupported:
    first = message.splitlines()[0] if message else "unsupported"
    return Unsupported(construct=first, node_kind="golden", location="UNSUPPORTED", message=message)


def _gate(kernel: KernelResult, expected_divergences: Mapping[str, str]) -> str:
    expected = {k: v for k, v in expected_divergences.items() if k == kernel.name}
    gate = evaluate_gate(RunResults(meta=RunMeta(), kernels=[kernel]), expected_divergences=expected)
    mine = [b for b in gate.blockers if b.kernel == kernel.name]
    if mine:
        return f"blocks: {mine[0].kind}"
    return "pinned" if kernel.name in gate.pins else "flips"


class _Side:
    """Evaluates one side, emulating each distinct (mode, artifacts) once."""

    def __init__(self, *, handle: Any, stages: Stages, cache: dict[tuple[str, str], Any]) -> None:
        self.handle = handle
        self.stages = stages
        self.cache = cache

    def mode_result(self, mode: str, files: _ModeFiles) -> ModeResult | None:
        artifacts, unsupported = files
        if unsupported is not None:
            return ModeResult(mode=mode, status=UNSUPPORTED, unsupported=_unsupported(unsupported))
        if artifacts is None:
            return None
        key = (mode, repr(sorted(artifacts.items())))
        if key not in self.cache:
            self.cache[key] = self.stages.emulate(self.handle, mode, artifacts)
        return ModeResult(mode=mode, status=EMITTED, artifacts=artifacts, emulation=self.cache[key])

    def evaluate(
        self, *, name: str, family: str, files: Mapping[str, _ModeFiles], expected: Mapping[str, str]
    ) -> Side:
        kernel = KernelResult(name=name, family=family)
        for mode in MODES:
            result = self.mode_result(mode, files[mode])
            if result is not None:
                kernel.modes[mode] = result
        template, ir = files[TEMPLATE][0], files[IR_DRIVEN][0]
        if template is not None and ir is not None:
            kernel.parity = self.stages.compare(template, ir)
        classify(kernel, expected_divergences=expected)
        verdicts = {}
        for mode in MODES:
            result = kernel.mode(mode)
            verdicts[mode] = (
                MISSING
                if result is None
                else "unsupported"
                if result.unsupported is not None
                else result.emulation.status
                if result.emulation is not None
                else result.status
            )
        return Side(
            parity=weakest_level(kernel.parity),
            verdicts=verdicts,
            category=kernel.category,
            gate=_gate(kernel, expected),
        )


@dataclass(frozen=True)
class _Sides:
    """One request's files per mode: as the goldens hold them, and with its pending changes applied."""

    before: dict[str, _ModeFiles]
    after: dict[str, _ModeFiles]

    def programs(self) -> Iterator[dict[str, str]]:
        """Each program the request will emulate (a side's mode that has artifacts)."""
        for side in (self.before, self.after):
            for artifacts, unsupported in side.values():
                if artifacts is not None and unsupported is None:
                    yield artifacts


def _sides(request: ImpactRequest, root: Path) -> _Sides:
    before = {m: _golden_files(root, request.family, request.kernel, m) for m in MODES}
    after = {m: _apply(before[m], [c for c in request.changes if c.key.mode == m]) for m in MODES}
    return _Sides(before=before, after=after)


def compute_impact(
    *,
    requests: Sequence[ImpactRequest],
    root: Path,
    handles: Callable[[str, str], Any],
    stages: Stages | None = None,
    expected_divergences: Mapping[str, str] | None = None,
    on_done: Callable[[KernelImpact], None] | None = None,
    jobs: int = 1,
) -> list[KernelImpact]:
    """One :class:`KernelImpact` per request; a stage failure is that kernel's ``error``.

    ``handles(family, kernel)`` returns what ``Stages.emulate`` needs (the corpus kernel). The hosts
    of every program to emulate are compiled first, in batches (``Stages.prebuild_hosts``), as a cold
    run compiles them: one by one they would be most of the time a review waits."""
    stages = stages or Stages()
    expected = dict(expected_divergences or {})
    sides: list[_Sides | Exception] = []
    for request in requests:
        try:
            sides.append(_sides(request, root))
        except Exception as exc:  # an unreadable golden is that kernel's error, reported below
            sides.append(exc)
    if stages.run_emulation and stages.prebuild_hosts is not None:
        programs = [program for side in sides if isinstance(side, _Sides) for program in side.programs()]
        # Only a head start, as in a run (run/prebuild): if it fails (the emulator runtime does not
        # build, say), each program's own build meets the failure and reports it as that kernel's.
        with contextlib.suppress(Exception):
            stages.prebuild_hosts(programs, jobs)

    def one(index: int) -> KernelImpact:
        start = time.perf_counter()
        request, files = requests[index], sides[index]
        changed = tuple(m for m in MODES if any(c.key.mode == m for c in request.changes))
        try:
            if isinstance(files, Exception):
                raise files
            handle = handles(request.family, request.kernel)
            side = _Side(handle=handle, stages=stages, cache={})
            return KernelImpact(
                family=request.family,
                kernel=request.kernel,
                changed_modes=changed,
                changes=len(request.changes),
                before=side.evaluate(
                    name=request.kernel, family=request.family, files=files.before, expected=expected
                ),
                after=side.evaluate(
                    name=request.kernel, family=request.family, files=files.after, expected=expected
                ),
                seconds=time.perf_counter() - start,
            )
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # one kernel's failure never hides the others' impact
            return KernelImpact(
                family=request.family,
                kernel=request.kernel,
                changed_modes=changed,
                changes=len(request.changes),
                error=f"{type(exc).__name__}: {exc}",
                seconds=time.perf_counter() - start,
            )

    out: list[KernelImpact] = []
    # The emulator's time is spent in g++ and the emulated program (subprocesses), so threads overlap
    # it; kernels are independent and the build cache publishes atomically.
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for impact in pool.map(one, range(len(requests))):
            out.append(impact)
            if on_done is not None:
                on_done(impact)
    return out


def corpus_handles(corpus_root: Path | None = None) -> Callable[[str, str], Any]:
    """``handles`` over the corpus, loading only the kernels asked for."""
    from ttmigrate.corpus import kernel_files, load_kernel

    cache: dict[tuple[str, str], Any] = {}
    paths = {(p.parent.name, p.stem): p for p in kernel_files(corpus_root)}

    def handle(family: str, kernel: str) -> Any:
        if (family, kernel) not in cache:
            path = paths.get((family, kernel))
            if path is None:
                raise LookupError(f"no corpus kernel {family}/{kernel}")
            cache[(family, kernel)] = load_kernel(path)
        return cache[(family, kernel)]

    return handle


def manifest_handles(manifest: Path) -> Callable[[str, str], Any]:
    """``handles`` over a kernel manifest's instances (sweeps expanded)."""
    from ttmigrate.corpus.manifest import load_manifest

    kernels = {(k.family, k.name): k for k in load_manifest(manifest).kernels}

    def handle(family: str, kernel: str) -> Any:
        found = kernels.get((family, kernel))
        if found is None:
            raise LookupError(f"no kernel {family}/{kernel} in the manifest {manifest}")
        return found

    return handle
