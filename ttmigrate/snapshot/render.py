"""Current goldens for one kernel and mode: emit, normalise, add the provenance header."""

from __future__ import annotations

from dataclasses import dataclass

import ttmigrate
from ttmigrate.normalize import clang_format_version, normalize_artifacts, style_hash
from ttmigrate.normalize.cleanup import clean_text
from ttmigrate.ops import TARGET
from ttmigrate.snapshot.header import Provenance, join_golden
from ttmigrate.snapshot.layout import UNSUPPORTED, GoldenKey
from ttmigrate.snapshot.source import Emitted, KernelRef, SnapshotSource

EMITTED = "emitted"
UNSUPPORTED_OUTCOME = "unsupported"


@dataclass(frozen=True)
class Rendering:
    family: str
    kernel: str
    mode: str
    outcome: str  # EMITTED or UNSUPPORTED_OUTCOME
    files: dict[str, str]  # golden name -> full golden text (header + content)

    def key(self, name: str) -> GoldenKey:
        return GoldenKey(self.family, self.kernel, self.mode, name)


def provenance_for(*, kernel: KernelRef, mode: str) -> Provenance:
    return Provenance(
        source_path=kernel.source_path,
        source_sha256=kernel.source_sha256,
        mode=mode,
        generator_version=ttmigrate.__version__,
        clang_format_version=clang_format_version(),
        style_hash=style_hash(),
        target=TARGET.name,
    )


def render(*, source: SnapshotSource, kernel: KernelRef, mode: str) -> Rendering:
    """Raises whatever the emitter raises, except ``UnsupportedConstruct`` (an ``UNSUPPORTED`` golden)."""
    result = source.emit(kernel=kernel, mode=mode)
    if isinstance(result, Emitted):
        expected = set(source.artifacts)
        if set(result.artifacts) != expected:
            raise ValueError(
                f"{kernel.family}/{kernel.name} ({mode}): emitter produced {sorted(result.artifacts)}, "
                f"expected {sorted(expected)}"
            )
        normalised = normalize_artifacts(artifacts=result.artifacts)
        return rendering_of(
            kernel=kernel, mode=mode, normalized={name: normalised[name] for name in source.artifacts}
        )
    return rendering_of(kernel=kernel, mode=mode, unsupported=result.message)


def rendering_of(
    *,
    kernel: KernelRef,
    mode: str,
    normalized: dict[str, str] | None = None,
    unsupported: str | None = None,
    raw_bad_plan: bool = False,
) -> Rendering:
    """The goldens of artifacts already normalised, or of an UNSUPPORTED message: what `render` makes
    after emitting, for a caller (`ttmigrate run`) that has emitted and normalised already.

    A plan that is not a JSON object cannot carry a header: ValueError, or with `raw_bad_plan` its
    golden is its raw text (so it differs from the golden, as a run reports it)."""
    provenance = provenance_for(kernel=kernel, mode=mode)
    if unsupported is not None:
        body = clean_text(unsupported)
        files = {UNSUPPORTED: join_golden(provenance=provenance, body=body, name=UNSUPPORTED)}
        return Rendering(kernel.family, kernel.name, mode, UNSUPPORTED_OUTCOME, files)
    files = {}
    for name, text in (normalized or {}).items():
        try:
            files[name] = join_golden(provenance=provenance, body=text, name=name)
        except ValueError:
            if not raw_bad_plan:
                raise
            files[name] = text
    return Rendering(kernel.family, kernel.name, mode, EMITTED, files)
