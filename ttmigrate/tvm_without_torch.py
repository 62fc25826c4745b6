"""TVM imported without torch.

apache-tvm-ffi imports torch as soon as it is itself imported, when torch is installed (a guard
against a symbol clash seen on Windows), and tvm.relax tries it again for DLPack. Every one of those
imports is optional (each is in a `try: ... except ImportError`), and ttmigrate never hands a torch
tensor to TVM; yet torch and what TVM loads only when torch is there cost about 3 CPU s (importing
the stages: 4.4 s with them, 1.25 s without) in every process that imports TVM where torch is
installed, as it is wherever the TileLang-style kernels' torch references run: a run's zygote, each
`ttmigrate emit`/`lower`/`check`/`sim`. `install()` (called once, from `ttmigrate/__init__.py`,
before any TVM import) refuses `import torch` when tvm's or tvm_ffi's own code asks for it. Anyone
else's import is untouched: a kernel's reference that imports torch gets it, in the same process.
"""

from __future__ import annotations

import importlib.machinery
import sys
from collections.abc import Sequence
from types import FrameType, ModuleType

# The packages whose own `import torch` is refused (a module of theirs, or the package itself).
_REFUSED_FOR = ("tvm", "tvm_ffi")


def _asked_by_tvm() -> bool:
    """Whether the `import torch` under way was written in tvm's or tvm_ffi's code: the first frame
    outside the import machinery (and this module) is the importing statement."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        package = module.split(".", 1)[0]
        if package != "importlib" and module != __name__:
            return package in _REFUSED_FOR
        frame = frame.f_back
    return False


class _RefuseTorchForTvm:
    """A meta path finder that only ever answers "no such module", and only for tvm's torch."""

    @staticmethod
    def find_spec(
        name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name == "torch" and _asked_by_tvm():
            raise ImportError("ttmigrate does not let TVM import torch (ttmigrate.tvm_without_torch)")
        return None


def install() -> None:
    if not any(isinstance(finder, _RefuseTorchForTvm) for finder in sys.meta_path):
        sys.meta_path.insert(0, _RefuseTorchForTvm())
