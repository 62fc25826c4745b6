"""Stage 1: the kernel corpus (TileLang kernels written with ``ttmigrate.frontend.T``).

The names are resolved on first use (PEP 562): loading a kernel needs TVM, seconds to import,
while finding and hashing kernel files does not, and `ttmigrate run`'s parent process only does
the latter (each kernel is loaded in its isolated worker).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ttmigrate.lazy import lazy_exports

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


__getattr__ = lazy_exports(__name__, _HOMES)
