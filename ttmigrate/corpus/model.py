"""What the corpus stage hands to later stages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class TensorParam:
    """A PrimFunc buffer parameter: the kernel's view of a DRAM tensor."""

    name: str
    shape: tuple[int, ...]
    dtype: str


@dataclass(frozen=True)
class Kernel:
    name: str
    family: str
    path: Path
    source_hash: str  # sha256 of the kernel file
    main: Any  # tvm.tirx.PrimFunc
    reference: Callable[..., dict[str, Any]]
    params: tuple[TensorParam, ...]
    inputs: tuple[str, ...]  # parameters the kernel reads
    outputs: tuple[str, ...]  # parameters the kernel writes
    tags: tuple[str, ...] = ()
    tolerance: dict[str, float] | None = None
    # Why the kernel's outputs cannot be judged (no reference, or a torch reference without torch):
    # it is still emitted, checked and diffed, and reported `no-reference`, never correct.
    no_reference: str | None = None
    manifest: str | None = None  # the manifest a kernel instance comes from (None: a corpus file)

    def param(self, name: str) -> TensorParam:
        return next(p for p in self.params if p.name == name)

    @property
    def shapes(self) -> str:
        return ", ".join(f"{p.name}{list(p.shape)}" for p in self.params)


@dataclass(frozen=True)
class KernelLoadError(Exception):
    """One clear error for one bad kernel file: what, and where (file and line)."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class BrokenKernel:
    name: str
    family: str
    path: Path
    error: KernelLoadError


@dataclass(frozen=True)
class CorpusLoad:
    kernels: list[Kernel] = field(default_factory=list)
    broken: list[BrokenKernel] = field(default_factory=list)


class ManifestError(ValueError):
    """The manifest itself cannot be read (TOML syntax, no kernel list): nothing can be loaded.
    Declared here, with the other load errors, so that a command can catch it without importing
    the manifest loader (and TVM with it)."""

    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        self.path, self.line = path, line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")
