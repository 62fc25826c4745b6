"""Stage 1: the kernel corpus (TileLang kernels written with ``ttmigrate.frontend.T``)."""

from .load import default_corpus_root, kernel_files, load_corpus, load_kernel, resolve_kernel
from .model import BrokenKernel, CorpusLoad, Kernel, KernelLoadError, TensorParam

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
