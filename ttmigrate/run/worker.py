"""The per-kernel job for `ttmigrate run --jobs N`: runs in a spawned process, loads its kernel from
the file (TVM objects do not cross processes) and returns a picklable KernelResult."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ttmigrate.report.model import KernelResult
from ttmigrate.run.pipeline import KernelInfo, Stages, broken_kernel, run_kernel


def run_entry(
    *,
    path: str,
    family: str,
    source_hash: str,
    snapshot_root: str,
    expected_divergences: Mapping[str, str],
    manifest: str | None = None,
    name: str | None = None,
) -> KernelResult:
    """`manifest` and `name`: a manifest kernel instance, loaded again from its manifest."""
    from ttmigrate.corpus import KernelLoadError, load_kernel
    from ttmigrate.corpus.manifest import resolve_manifest_kernel

    try:
        if manifest is not None and name is not None:
            kernel = resolve_manifest_kernel(manifest, name)
        else:
            kernel = load_kernel(Path(path), family=family)
    except KernelLoadError as exc:
        return broken_kernel(
            name=name or Path(path).stem, family=family, path=path, source_hash=source_hash, message=str(exc)
        )
    info = KernelInfo(
        kernel.name, kernel.family, str(kernel.path), kernel.source_hash, list(kernel.tags), kernel
    )
    return run_kernel(
        info,
        stages=Stages(),
        snapshot_root=Path(snapshot_root),
        expected_divergences=dict(expected_divergences),
    )
