"""Where current outputs come from: a :class:`SnapshotSource` (the real pipeline by default).

The snapshot stage only needs "which kernels exist" and "what does mode M emit for kernel K".
Keeping that behind a small protocol lets the review tools and their tests run on a recorded
source, and keeps the corpus/emit imports in one place (:class:`PipelineSource`).
"""

from __future__ import annotations

import functools
import importlib
import inspect
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from ttmigrate.snapshot.layout import repo_root

if TYPE_CHECKING:
    from ttmigrate.corpus import CorpusLoad

    # the record of a refusal, born in emit; imported when the emit stage is (see _emit_module)
    from ttmigrate.emit.errors import Unsupported

SOURCE_ENV = "TTMIGRATE_SNAPSHOT_SOURCE"


@dataclass(frozen=True)
class KernelRef:
    name: str
    family: str
    source_path: str  # repository-relative path of the kernel file
    source_sha256: str
    handle: Any = field(default=None, compare=False, repr=False)  # what the source needs to emit it


@dataclass(frozen=True)
class BrokenRef:
    """A kernel file that does not load: its goldens are kept, its tests fail with ``error``."""

    name: str
    family: str
    source_path: str
    error: str


@dataclass(frozen=True)
class Listing:
    kernels: list[KernelRef]
    broken: list[BrokenRef]


@dataclass(frozen=True)
class Emitted:
    artifacts: dict[str, str]  # raw emitter output, not yet normalised


class SnapshotSource(Protocol):
    @property
    def modes(self) -> tuple[str, ...]: ...

    @property
    def artifacts(self) -> tuple[str, ...]: ...

    def list_kernels(self) -> Listing: ...

    def emit(self, *, kernel: KernelRef, mode: str) -> Emitted | Unsupported:
        """Emitter output; ``Unsupported`` for a construct the mode rejects; other errors raise."""
        ...


def _repo_relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(repo_root()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


class PipelineSource:
    """The real thing: ``ttmigrate.corpus`` + ``ttmigrate.emit``."""

    def __init__(self, *, corpus_root: Path | None = None) -> None:
        self.corpus_root = corpus_root  # None: the project's corpus/

    @functools.cached_property
    def corpus(self) -> CorpusLoad:
        """The corpus, loaded once per source: a load imports every kernel file and builds its
        PrimFunc, and a process that lists the kernels and also reads them (the test suite's
        collection: the snapshot cases and the tests parametrized over the corpus) loads it once."""
        from ttmigrate.corpus import load_corpus

        return load_corpus(self.corpus_root)

    @staticmethod
    def _emit_module() -> Any:
        try:
            return importlib.import_module("ttmigrate.emit")
        except ImportError as exc:
            raise RuntimeError(f"the emit stage (ttmigrate.emit) cannot be imported: {exc}") from exc

    @property
    def modes(self) -> tuple[str, ...]:
        return tuple(self._emit_module().MODES)

    @property
    def artifacts(self) -> tuple[str, ...]:
        return tuple(self._emit_module().ARTIFACTS)

    def list_kernels(self) -> Listing:
        load = self.corpus
        kernels = [
            KernelRef(k.name, k.family, _repo_relative(k.path), k.source_hash, handle=k) for k in load.kernels
        ]
        broken = [BrokenRef(b.name, b.family, _repo_relative(b.path), str(b.error)) for b in load.broken]
        return Listing(kernels=kernels, broken=broken)

    def emit(self, *, kernel: KernelRef, mode: str) -> Emitted | Unsupported:
        emit = self._emit_module()
        try:
            return Emitted(dict(emit.emit_kernel(kernel.handle, mode=mode)))
        except emit.UnsupportedConstruct as exc:
            return cast(Unsupported, exc.record)


def load_source(spec: str | None = None) -> SnapshotSource:
    """``module:attr`` (a source object, its class, or a factory function) from ``spec`` or ``$TTMIGRATE_SNAPSHOT_SOURCE``;
    the real pipeline when neither is given."""
    spec = spec or os.environ.get(SOURCE_ENV)
    if not spec:
        return PipelineSource()
    module_name, sep, attr = spec.partition(":")
    if not sep:
        raise ValueError(f"snapshot source {spec!r}: expected 'module:attribute'")
    target: Any = getattr(importlib.import_module(module_name), attr)
    # A class or a factory function is called; anything else is the source itself.
    source: Any = target() if inspect.isclass(target) or inspect.isfunction(target) else target
    missing = [name for name in ("modes", "artifacts", "list_kernels", "emit") if not hasattr(source, name)]
    if missing:
        raise TypeError(f"snapshot source {spec!r} is not a SnapshotSource: it lacks {', '.join(missing)}")
    return cast(SnapshotSource, source)
