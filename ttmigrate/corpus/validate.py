"""Front-door checks of a loaded kernel module: metadata types, tensor dtypes, ranks and extents.

Everything a later stage assumes about a kernel is checked here, where the file and line are still
known, so bad input becomes one `KernelLoadError` instead of a KeyError in the emitter, an
IndexError on a 0-d tensor, a raw TVM overflow or a negative `.size` in the generated main.cpp.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import tvm_ffi
from tvm import tirx

from .model import KernelLoadError

# Tensor element types both emitters and the emulator implement (emit/program.py DATA_FORMATS).
PARAM_DTYPES = frozenset({"bfloat16", "float32"})
# On-chip tiles may also hold float32 accumulators; the same set today.
ALLOC_DTYPES = PARAM_DTYPES
TOLERANCE_KEYS = frozenset({"atol", "rtol", "min_pcc", "pcc"})
# Host sizes and tile counts are 32-bit in Metalium (uint32_t page ids, int32 loop bounds).
INT32_LIMIT = 2**31
ELEMENT_BYTES = {"bfloat16": 2, "float32": 4}


def _lines(path: Path) -> dict[str, int]:
    """Top-level names -> the line that binds them; function parameters as `main.<param>`;
    `X = T.alloc_*(...)` targets inside functions as `alloc.<X>`."""
    found: dict[str, int] = {}
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (SyntaxError, ValueError, OSError):
        return found
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.setdefault(node.name, node.lineno)
            if isinstance(node, ast.FunctionDef):
                for arg in node.args.args:
                    found.setdefault(f"{node.name}.{arg.arg}", arg.lineno)
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        for target in targets:
            if isinstance(target, ast.Name):
                found.setdefault(target.id, node.lineno)
    for inner in ast.walk(tree):
        if (
            isinstance(inner, ast.Assign)
            and len(inner.targets) == 1
            and isinstance(inner.targets[0], ast.Name)
        ):
            found.setdefault(f"alloc.{inner.targets[0].id}", inner.lineno)
        if isinstance(inner, ast.With):
            found.setdefault("with", inner.lineno)
    return found


class _Checker:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines = _lines(path)

    def fail(self, key: str, message: str) -> KernelLoadError:
        return KernelLoadError(self.path, self.lines.get(key) or self.lines.get("main"), message)


def check_tags(path: Path, tags: Any) -> tuple[str, ...]:
    checker = _Checker(path)
    if tags is None:
        raise checker.fail("TAGS", 'TAGS is None; give a tuple of strings, e.g. TAGS = ("gemm",)')
    if isinstance(tags, str) or not isinstance(tags, (tuple, list)):
        raise checker.fail("TAGS", f"TAGS must be a tuple of strings, got {type(tags).__name__}")
    bad = [t for t in tags if not isinstance(t, str) or not t]
    if bad:
        raise checker.fail("TAGS", f"TAGS must hold non-empty strings, got {bad[0]!r}")
    return tuple(tags)


def check_tolerance(path: Path, tolerance: Any) -> dict[str, float] | None:
    if tolerance is None:
        return None
    checker = _Checker(path)
    if not isinstance(tolerance, Mapping):
        raise checker.fail(
            "TOLERANCE", f'TOLERANCE must be a dict such as {{"atol": 0.01}}, got {type(tolerance).__name__}'
        )
    out: dict[str, float] = {}
    for key, value in tolerance.items():
        if key not in TOLERANCE_KEYS:
            raise checker.fail(
                "TOLERANCE", f"TOLERANCE has unknown key {key!r} (expected atol, rtol, min_pcc)"
            )
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise checker.fail(
                "TOLERANCE", f"TOLERANCE[{key!r}] must be a number, got {type(value).__name__}"
            )
        if not math.isfinite(value) or value < 0:
            raise checker.fail("TOLERANCE", f"TOLERANCE[{key!r}] must be finite and >= 0, got {value!r}")
        out[key] = float(value)
    if "pcc" in out and "min_pcc" in out:
        raise checker.fail("TOLERANCE", "TOLERANCE gives both pcc and min_pcc")
    if not _has_reason(path, checker.lines.get("TOLERANCE")):
        raise checker.fail(
            "TOLERANCE",
            "TOLERANCE needs its one-line reason as a trailing comment (why the judging tolerance the "
            "output dtype and DST mode give, ttmigrate.emulate.judging_tolerance, is not right here)",
        )
    return out


_REASON = re.compile(r"#\s*\S.{10,}")


def _has_reason(path: Path, line: int | None) -> bool:
    """The TOLERANCE assignment's line ends with a comment of at least a few words."""
    if line is None:
        return False
    try:
        text = path.read_text(encoding="utf-8").splitlines()[line - 1]
    except (OSError, IndexError, UnicodeDecodeError):
        return False
    return _REASON.search(text) is not None


def _extents(shape: Any) -> list[Any]:
    return list(shape)


def _int_extent(value: Any) -> int | None:
    if type(value).__name__ == "IntImm":
        return int(value.value)
    return None


def _check_shape(checker: _Checker, key: str, what: str, shape: Any, dtype: str) -> None:
    extents = _extents(shape)
    if not extents:
        raise checker.fail(key, f"{what} is 0-dimensional; kernels take tensors of rank >= 1")
    elements = 1
    for extent in extents:
        number = _int_extent(extent)
        if number is None:
            raise checker.fail(key, f"{what} has a non-constant extent {extent}; shapes must be integers")
        if number <= 0:
            raise checker.fail(key, f"{what} has extent {number}; every extent must be positive")
        if number >= INT32_LIMIT:
            raise checker.fail(key, f"{what} has extent {number}, more than int32 holds (2**31 - 1)")
        elements *= number
    size = elements * ELEMENT_BYTES.get(dtype, 4)
    if size >= INT32_LIMIT:
        raise checker.fail(
            key, f"{what} is {size} bytes, more than a 32-bit Metalium buffer size holds (2**31 - 1)"
        )


def check_main(path: Path, main: Any) -> None:
    """Parameters, allocations and launch grid of the PrimFunc `main`."""
    checker = _Checker(path)
    for buffer in main.params:
        if not tirx.is_buffer_var(buffer):
            continue
        key = f"main.{buffer.name}"
        dtype = str(buffer.dtype)
        if dtype not in PARAM_DTYPES:
            raise checker.fail(
                key, f"tensor {buffer.name} has dtype {dtype}; supported: {', '.join(sorted(PARAM_DTYPES))}"
            )
        _check_shape(checker, key, f"tensor {buffer.name}", buffer.shape, dtype)
    problems: list[KernelLoadError] = []

    def visit(node: Any) -> None:
        kind = type(node).__name__
        if kind == "SBlock":
            for buffer in getattr(node, "alloc_buffers", ()):
                key = f"alloc.{buffer.name}"
                dtype = str(buffer.dtype)
                if dtype not in ALLOC_DTYPES:
                    problems.append(
                        checker.fail(
                            key,
                            f"allocation {buffer.name} has dtype {dtype}; supported: "
                            f"{', '.join(sorted(ALLOC_DTYPES))}",
                        )
                    )
                    continue
                try:
                    _check_shape(checker, key, f"allocation {buffer.name}", buffer.shape, dtype)
                except KernelLoadError as error:
                    problems.append(error)
        elif kind == "For" and getattr(node, "thread_binding", None) is not None:
            extent = _int_extent(node.extent)
            if extent is None or not 0 < extent < INT32_LIMIT:
                problems.append(
                    checker.fail(
                        "with", f"launch grid extent {node.extent} must be an integer in 1 .. 2**31 - 1"
                    )
                )

    tvm_ffi.structural_walk(main.body, visit)
    if problems:
        raise problems[0]


def check_reference(path: Path, reference: Callable[..., Any]) -> None:
    if not callable(reference):
        raise _Checker(path).fail("reference", "`reference` is not a function")
