"""The snapshot source of a kernel manifest: its kernel instances through the real emitters."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from ttmigrate.snapshot.source import BrokenRef, KernelRef, Listing, PipelineSource

if TYPE_CHECKING:
    from ttmigrate.corpus import CorpusLoad


class ManifestSource(PipelineSource):
    """Like the corpus source, but the kernels are a manifest's instances (sweeps expanded)."""

    def __init__(self, *, manifest: Path) -> None:
        super().__init__()
        self._manifest = manifest

    @functools.cached_property
    def corpus(self) -> CorpusLoad:
        """The manifest's instances (not the project's corpus/), loaded once per source."""
        from ttmigrate.corpus.manifest import load_manifest

        return load_manifest(self._manifest)

    def list_kernels(self) -> Listing:
        load = self.corpus
        kernels = [KernelRef(k.name, k.family, str(k.path), k.source_hash, handle=k) for k in load.kernels]
        broken = [BrokenRef(b.name, b.family, str(b.path), str(b.error)) for b in load.broken]
        return Listing(kernels=kernels, broken=broken)
