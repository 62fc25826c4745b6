"""Stage 1: the kernel corpus (TileLang kernels written with ``ttmigrate.frontend.T``).

The names are resolved on first use (PEP 562): loading a kernel needs TVM, seconds to import,
while finding and hashing kernel files does not, and `ttmigrate run`'s parent process only does
the latter (each kernel is loaded in its isolated worker).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .files import default_corpus_root, kernel_files
    from .load import load_corpus, load_kernel, resolve_kernel
    from .model import BrokenKernel, CorpusLoad, Kernel, KernelLoadError, TensorParam

_HOMES = {
    "BrokenKernel": "model",
    "CorpusLoad": "model",
    "Kernel": "model",
    "KernelLoadError": "model",
    "TensorParam": "model",
    "default_corpus_root": "files",
    "kernel_files": "files",
    "load_corpus": "load",
    "load_kernel": "load",
    "resolve_kernel": "load",
}

__all__ = [
    "BrokenKernel",
    "CorpusLoad",
    "Kernel",
    "KernelLoadError",
    "TensorParam",
    "default_corpus_root",
    "kernel_files",
    "load_corpus",
    "load_kernel",
    "resolve_kernel",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value
