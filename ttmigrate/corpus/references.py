"""TileLang-style references as corpus references: ``reference(**inputs) -> {output: array}``.

A TileLang user's reference is ``ref_program(A, B)`` returning the output(s) named by ``out_idx``
(as ``tilelang.compile(..., out_idx=...)`` / ``profiler.assert_allclose(ref_program)`` call it),
or ``ref_program(A, B, C)`` filling its output tensors in place (``C += A @ B.T``). It takes torch
tensors or NumPy arrays. ``TileLangReference`` adapts one to the contract the emulator judges
against: the harness's float32 NumPy inputs go in (as torch tensors for a torch reference), the
outputs come out as NumPy arrays keyed by parameter name.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

Framework = Literal["numpy", "torch"]
FRAMEWORKS: tuple[Framework, ...] = ("numpy", "torch")


def _is_torch(value: Any) -> bool:
    if isinstance(value, types.ModuleType):
        return value.__name__ == "torch" or value.__name__.startswith("torch.")
    module = getattr(type(value), "__module__", "") or ""
    if module.startswith("ttmigrate.corpus.tilelang_shim"):  # the stand-in of a missing torch
        name = str(getattr(value, "_name", "") or "")
        return name == "torch" or name.startswith("torch.")
    owner = getattr(value, "__module__", None)
    return isinstance(owner, str) and (owner == "torch" or owner.startswith("torch."))


def framework_of(func: Callable[..., Any]) -> Framework:
    """torch when the reference's module binds torch (``import torch`` / ``from torch import ...``):
    such a file's references are written for torch tensors; NumPy otherwise."""
    scope = getattr(func, "__globals__", {})
    return "torch" if any(_is_torch(v) for v in scope.values()) else "numpy"


@dataclass(frozen=True)
class TileLangReference:
    """Calls a TileLang-style reference the way TileLang's profiler does."""

    func: Callable[..., Any]
    framework: Framework
    params: tuple[tuple[str, tuple[int, ...]], ...]  # every buffer parameter, in order, with its shape
    outputs: tuple[str, ...]  # the parameters the kernel writes (from its IR)
    out_idx: tuple[int, ...] | None  # parameter positions returned by the reference; None: in place

    @property
    def __name__(self) -> str:  # shown in error messages
        return getattr(self.func, "__name__", "reference")

    def __call__(self, **inputs: np.ndarray) -> dict[str, np.ndarray]:
        names = [n for n, _ in self.params]
        shapes = dict(self.params)
        if self.out_idx is not None:
            returned = [names[i] for i in self.out_idx]
            args = [self._tensor(inputs.get(n), shapes[n]) for n in names if n not in returned]
            result = self.func(*args)
            return self._named(result, returned)
        tensors = {n: self._tensor(inputs.get(n), shapes[n]) for n in names}
        result = self.func(*tensors.values())
        if result is not None:
            return self._named(result, list(self.outputs))
        return {n: self._array(tensors[n]) for n in self.outputs}

    def _named(self, result: Any, names: Sequence[str]) -> dict[str, np.ndarray]:
        values = list(result) if isinstance(result, (tuple, list)) else [result]
        if len(values) != len(names):
            raise ValueError(
                f"{self.__name__} returned {len(values)} value(s), expected {len(names)} ({', '.join(names)})"
            )
        return {n: self._array(v) for n, v in zip(names, values, strict=True)}

    def _tensor(self, value: np.ndarray | None, shape: tuple[int, ...]) -> Any:
        array = np.zeros(shape, dtype=np.float32) if value is None else np.array(value, dtype=np.float32)
        if self.framework == "torch":
            import torch

            return torch.from_numpy(array)
        return array

    def _array(self, value: Any) -> np.ndarray:
        if self.framework == "torch" and hasattr(value, "detach"):
            return np.asarray(value.detach().cpu().double().numpy())
        return np.asarray(value, dtype=np.float64)


def normalise_out_idx(out_idx: Any, *, count: int) -> tuple[int, ...] | None:
    """``-1`` / ``[-1]`` / ``[2, 3]`` as non-negative positions among ``count`` parameters."""
    if out_idx is None:
        return None
    values = [out_idx] if isinstance(out_idx, int) else list(out_idx)
    out: list[int] = []
    for value in values:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"out_idx entries must be integers, got {value!r}")
        position = value + count if value < 0 else value
        if not 0 <= position < count:
            raise ValueError(f"out_idx {value} is out of range for {count} tensor parameters")
        out.append(position)
    return tuple(out)


def check_outputs(out_idx: tuple[int, ...] | None, params: Sequence[str], written: Mapping[str, Any]) -> None:
    """out_idx must name exactly the parameters the kernel writes."""
    if out_idx is None:
        return
    named = {params[i] for i in out_idx}
    if named != set(written):
        raise ValueError(f"out_idx names {sorted(named)} but the kernel writes {sorted(written)}")
