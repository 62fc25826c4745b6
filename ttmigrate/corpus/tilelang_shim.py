"""Import TileLang kernel files without TileLang: ``tilelang.*`` (and a missing ``torch``) served
by stand-ins while a manifest kernel file is imported.

Real tilelang can never share an environment with apache-tvm, so a kernel file written the way
TileLang's examples are (``import tilelang``, ``import tilelang.language as T``,
``from tilelang.autotuner import autotune``, ``from tilelang.carver.arch import CUDA``, ...) is
imported with these modules in place:

- ``tilelang.language`` is ttmigrate's frontend (``ttmigrate.frontend.language``);
- ``tilelang.jit`` / ``tilelang.compile`` / ``tilelang.autotune`` (and ``tilelang.autotuner``'s)
  pass the PrimFunc or factory through, recording ``out_idx`` and the autotune configs on it, which
  the manifest turns into the kernel's outputs and a sweep;
- every other ``tilelang.*`` module and name imports lazily: using it raises
  ``TileLangUnavailable`` naming it, so a file that merely imports it still loads;
- ``torch``, only when it is not installed, is a stand-in whose use raises ``TorchUnavailable``
  (a torch reference then makes the kernel ``no-reference``; a kernel never needs torch).

The hook is installed only for the duration of one import (``installed()``), and the modules it
served are removed from ``sys.modules`` afterwards, so nothing leaks into the rest of the process.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import threading
import types
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ttmigrate.frontend import language

OUT_IDX_ATTR = "__ttmigrate_out_idx__"
AUTOTUNE_ATTR = "__ttmigrate_autotune_configs__"
_TORCH_MISSING = importlib.util.find_spec("torch") is None


class TileLangUnavailable(ImportError):
    """A kernel file used a part of TileLang that has no meaning without a GPU (or in ttmigrate)."""

    def __init__(self, name: str, what: str = "is not available in ttmigrate") -> None:
        self.construct = name
        super().__init__(
            f"{name} {what} (ttmigrate loads TileLang kernels without tilelang; only tilelang.language, "
            "tilelang.jit, tilelang.compile and the autotuner decorators are provided)"
        )


class TorchUnavailable(ImportError):
    """The file's torch code ran, but torch is not installed (``pip install torch==2.13.0``)."""

    def __init__(self, name: str) -> None:
        self.construct = name
        super().__init__(f"{name} needs torch, which is not installed (pip install 'ttmigrate[torch]')")


class _Missing:
    """A name from a module that is not available; any use raises ``error(dotted name)``."""

    def __init__(self, name: str, error: Callable[[str], Exception]) -> None:
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_error", error)

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return _Missing(f"{self._name}.{attr}", self._error)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise self._error(f"{self._name}()")

    def __setattr__(self, attr: str, value: Any) -> None:
        raise self._error(self._name)

    def __getitem__(self, key: Any) -> Any:
        raise self._error(f"{self._name}[...]")

    def __iter__(self) -> Iterator[Any]:
        raise self._error(self._name)

    def __bool__(self) -> bool:
        raise self._error(self._name)

    def __repr__(self) -> str:
        return f"<unavailable {self._name}>"

    def __mro_entries__(self, bases: tuple[Any, ...]) -> tuple[type, ...]:
        raise self._error(f"class deriving from {self._name}")


class _LazyModule(types.ModuleType):
    """A module every attribute of which is a ``_Missing`` (so ``from m import X`` succeeds)."""

    def __init__(self, name: str, error: Callable[[str], Exception]) -> None:
        super().__init__(name)
        self.__path__: list[str] = []  # a package: its submodules import too
        self._error = error

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return _Missing(f"{self.__name__}.{attr}", self._error)


# --- what tilelang's decorators do here ------------------------------------------------------


def _passthrough(kind: str, record: dict[str, Any]) -> Callable[..., Any]:
    def decorate(target: Any) -> Any:
        if callable(target) and type(target).__name__ != "PrimFunc":

            @functools.wraps(target)
            def factory(*args: Any, **kwargs: Any) -> Any:
                return target(*args, **kwargs)

            for attr, value in record.items():
                setattr(factory, attr, value)
            # Keep what an inner decorator recorded (e.g. @autotune over @jit).
            for attr in (OUT_IDX_ATTR, AUTOTUNE_ATTR):
                if not hasattr(factory, attr) and hasattr(target, attr):
                    setattr(factory, attr, getattr(target, attr))
            factory.__ttmigrate_decorator__ = kind  # type: ignore[attr-defined]
            return factory
        return target

    return decorate


def jit(func: Any = None, *, out_idx: int | Sequence[int] | None = None, **_options: Any) -> Any:
    """``@tilelang.jit`` / ``@tilelang.jit(out_idx=[-1], target=...)``: the function, unchanged."""
    record = {OUT_IDX_ATTR: out_idx} if out_idx is not None else {}
    decorate = _passthrough("jit", record)
    return decorate(func) if func is not None else decorate


def compile(func: Any, out_idx: int | Sequence[int] | None = None, **_options: Any) -> Any:
    """``tilelang.compile(prim_func, out_idx=..., target=...)``: the PrimFunc itself."""
    return func


def autotune(func: Any = None, *, configs: Any = None, **_options: Any) -> Any:
    """``@autotune(configs=[{...}, ...])``: the function, with the configs kept for a sweep."""
    decorate = _passthrough("autotune", {AUTOTUNE_ATTR: configs} if configs is not None else {})
    return decorate(func) if func is not None else decorate


class AutoTuner:
    """``AutoTuner.from_kernel(...)...run()``: building one is fine; running it needs a GPU."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.configs = kwargs.get("configs")

    @classmethod
    def from_kernel(cls, kernel: Any = None, configs: Any = None, **_kwargs: Any) -> AutoTuner:
        tuner = cls(configs=configs)
        return tuner

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("set_"):
            return lambda *a, **k: self
        raise TileLangUnavailable(f"tilelang.autotuner.AutoTuner.{attr}", "needs a GPU to benchmark")

    def run(self, *args: Any, **kwargs: Any) -> Any:
        raise TileLangUnavailable("tilelang.autotuner.AutoTuner.run", "needs a GPU to benchmark")


def _tilelang_error(name: str) -> Exception:
    return TileLangUnavailable(name)


def _torch_error(name: str) -> Exception:
    return TorchUnavailable(name)


def _build_tilelang() -> types.ModuleType:
    import tvm

    package = _LazyModule("tilelang", _tilelang_error)
    package.__version__ = "0.1.15+ttmigrate"  # type: ignore[attr-defined]
    package.language = language  # type: ignore[attr-defined]
    package.jit = jit  # type: ignore[attr-defined]
    package.compile = compile  # type: ignore[attr-defined]
    package.autotune = autotune  # type: ignore[attr-defined]
    package.tvm = tvm  # type: ignore[attr-defined]  # `from tilelang import tvm as tvm`
    package.disable_cache = lambda *a, **k: None  # type: ignore[attr-defined]
    package.set_log_level = lambda *a, **k: None  # type: ignore[attr-defined]
    return package


def _build_autotuner() -> types.ModuleType:
    module = _LazyModule("tilelang.autotuner", _tilelang_error)
    module.autotune = autotune  # type: ignore[attr-defined]
    module.AutoTuner = AutoTuner  # type: ignore[attr-defined]
    return module


_BUILDERS: dict[str, Callable[[], types.ModuleType]] = {
    "tilelang": _build_tilelang,
    "tilelang.autotuner": _build_autotuner,
}


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def __init__(self) -> None:
        self.served: set[str] = set()

    def _serves(self, fullname: str) -> bool:
        if fullname == "tilelang" or fullname.startswith("tilelang."):
            return True
        return _TORCH_MISSING and (fullname == "torch" or fullname.startswith("torch."))

    def find_spec(
        self, fullname: str, path: Any = None, target: Any = None
    ) -> importlib.machinery.ModuleSpec | None:
        if not self._serves(fullname):
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        name = spec.name
        self.served.add(name)
        if name == "tilelang.language":
            return language  # the frontend module itself
        if name in _BUILDERS:
            return _BUILDERS[name]()
        error = _torch_error if name.split(".")[0] == "torch" else _tilelang_error
        return _LazyModule(name, error)

    def exec_module(self, module: types.ModuleType) -> None:
        if module is language:
            return
        # `import tilelang.x.y` binds x on its parent, as a real package import would.
        parent, _, child = module.__name__.rpartition(".")
        if parent and parent in sys.modules:
            with contextlib.suppress(AttributeError, TypeError):
                object.__setattr__(sys.modules[parent], child, module)


_LOCK = threading.RLock()


class installed:  # noqa: N801  (used as a function: `with installed():`)
    """The hook in place for one kernel-file import; the stand-ins are forgotten afterwards.

    A class, not a generator context manager: the frozen KernelLoadError passes through untouched."""

    def __enter__(self) -> None:
        _LOCK.acquire()
        self._finder = _Finder()
        self._saved = {n: m for n, m in sys.modules.items() if self._finder._serves(n)}
        for name in self._saved:
            del sys.modules[name]
        sys.meta_path.insert(0, self._finder)

    def __exit__(self, *exc: object) -> None:
        try:
            sys.meta_path.remove(self._finder)
            for name in [n for n in sys.modules if self._finder._serves(n)]:
                if name not in self._saved:
                    del sys.modules[name]
            sys.modules.update(self._saved)
        finally:
            _LOCK.release()


def torch_available() -> bool:
    return not _TORCH_MISSING
