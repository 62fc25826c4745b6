"""``T``: a TileLang-compatible kernel language on apache-tvm's TIR.

A kernel written for TileLang runs unchanged with ``from ttmigrate.frontend import T`` in place of
``import tilelang.language as T``. The IR built is the IR TileLang's frontend builds: blockIdx
``thread_binding`` loops, a root block ``tilelang_root`` holding the tile allocations, and tile
operations as calls to ``tl.tileop.*`` ops with ``tl.tileop.region`` operands.

Names that are not TileLang surface (``T.sblock``, ``T.reads``, ``T.thread_binding``, dtype
constructors, ...) fall through to apache-tvm's TVMScript namespace, so the TVMScript that
``func.script()`` prints parses back with this same ``T``.
"""

from __future__ import annotations

import builtins
import contextlib
from collections.abc import Callable, Sequence
from typing import Any

import tvm
from tvm import tirx
from tvm.script import tirx as _tvm_T
from tvm.tirx.script.builder import ir as _builder

from . import ops
from .buffer_annotations import FragmentBuffer, LocalBuffer, SharedBuffer
from .gemm_policy import GemmWarpPolicy, policy_value
from .parse import parse_prim_func
from .parser_ext import ParallelSpec
from .reductions import reduce_absmax, reduce_abssum, reduce_max, reduce_min, reduce_sum
from .regions import Region, as_region, copy_call
from .scalars import infinity

tl = ops.tl

# ---------------------------------------------------------------------------------------------
# Functions and parameters
# ---------------------------------------------------------------------------------------------


def prim_func(func: Callable[..., Any] | None = None, **options: Any) -> Any:
    """``@T.prim_func``: parse a Python function into an (s_tir) PrimFunc.

    ``options`` (``s_tir``, ``private``, ``check_well_formed``) are accepted for compatibility
    with printed TVMScript; TileLang kernels are always block-structured (s_tir).
    """

    def decorate(f: Callable[..., Any]) -> Any:
        return parse_prim_func(f, check_well_formed=options.get("check_well_formed", True))

    decorate.dispatch_token = "tirx"  # type: ignore[attr-defined]  # read by the TVMScript parser
    return decorate(func) if func is not None else decorate


prim_func.dispatch_token = "tirx"  # type: ignore[attr-defined]

# TileLang spells some dtypes the C way ("float" is float32, "half" float16); TVM does not know them.
DTYPE_ALIASES = {"float": "float32", "half": "float16", "double": "float64", "int": "int32", "bool": "bool"}


def canonical_dtype(dtype: Any) -> Any:
    """A dtype string: TileLang's aliases resolved, and ``T.float16`` (a dtype constructor, as
    TileLang's newer examples write dtypes) read as its name."""
    if not isinstance(dtype, str) and isinstance(getattr(dtype, "_dtype_str", None), str):
        dtype = dtype._dtype_str
    return DTYPE_ALIASES.get(dtype, dtype) if isinstance(dtype, str) else dtype


class _TensorAnnotation:
    """``T.Tensor(shape, dtype)`` / ``T.Buffer(...)`` (TileLang spells both) with TileLang's dtype
    aliases; otherwise apache-tvm's ``T.Buffer``."""

    def __call__(self, shape: Any, dtype: Any = "float32", *args: Any, **kwargs: Any) -> Any:
        return _tvm_T.Buffer(shape, canonical_dtype(dtype), *args, **kwargs)

    def __getitem__(self, keys: Any) -> Any:
        if isinstance(keys, tuple) and len(keys) >= 2:
            keys = (keys[0], canonical_dtype(keys[1]), *keys[2:])
        return _tvm_T.Buffer[keys]


Tensor = _TensorAnnotation()
Buffer = Tensor

# ---------------------------------------------------------------------------------------------
# Kernel launch
# ---------------------------------------------------------------------------------------------

_BLOCK_AXES = ("blockIdx.x", "blockIdx.y", "blockIdx.z")
ROOT_BLOCK = "tilelang_root"
THREADS_ATTR = "tl.launch_threads"
_THREAD_VARS = ("tx", "ty", "tz")


class Kernel:
    """``with T.Kernel(gx[, gy[, gz]], threads=...) as (bx, by):``

    Opens one blockIdx ``thread_binding`` loop per grid dimension and the root block that holds
    the kernel's allocations. The thread count has no meaning on Tenstorrent (a Tensix core runs
    reader, compute and writer, not a thread block); it is kept as a block annotation.
    """

    def __init__(self, *grid: Any, threads: int | Sequence[int] = 128, **_compat: Any) -> None:
        if not 1 <= len(grid) <= 3:
            raise ValueError(f"T.Kernel takes 1 to 3 grid extents, got {len(grid)}")
        self.grid = grid
        self.threads = threads
        self._stack: contextlib.ExitStack | None = None

    def __enter__(self) -> Any:
        stack = contextlib.ExitStack()
        block_vars = [
            stack.enter_context(_builder.thread_binding(extent, thread=axis))
            for extent, axis in zip(self.grid, _BLOCK_AXES, strict=False)
        ]
        # TileLang 0.1.15 binds the thread indices right inside the blockIdx loops.
        for axis, name in enumerate(_THREAD_VARS):
            _builder.Bind(ops.launch_thread_idx(axis), var=tirx.Var(name, "int32"))
        stack.enter_context(_builder.sblock(ROOT_BLOCK))
        # Declared empty, as TileLang's T.Kernel does; left undeclared, apache-tvm's builder infers
        # them from the tile-op operands' origins alone (e.g. A[by * 32, 0:97]), which is wrong.
        _builder.reads()
        _builder.writes()
        threads = list(self.threads) if isinstance(self.threads, (list, tuple)) else [self.threads]
        _builder.sblock_attr({THREADS_ATTR: [*threads, *[1] * (3 - len(threads))]})
        self._stack = stack
        return block_vars[0] if len(block_vars) == 1 else tuple(block_vars)

    def __exit__(self, *exc: Any) -> bool | None:
        assert self._stack is not None
        return self._stack.__exit__(*exc)


# ---------------------------------------------------------------------------------------------
# Allocations
# ---------------------------------------------------------------------------------------------


def _alloc(shape: Sequence[Any], dtype: str, scope: str) -> Any:
    # apache-tvm segfaults on a None extent here (and overflows on a huge one), taking the whole
    # process down; refuse such shapes first so the parser reports them at the allocation's line.
    extents = tuple(shape) if isinstance(shape, (list, tuple)) else (shape,)
    for extent in extents:
        if isinstance(extent, bool) or not isinstance(extent, (int, tvm.ir.expr.Expr)):
            raise ValueError(f"allocation extent {extent!r} in shape {extents!r} is not an integer")
        if isinstance(extent, int) and not 0 < extent < 2**31:
            raise ValueError(f"allocation extent {extent} in shape {extents!r} must be in 1 .. 2**31 - 1")
    return _builder.sblock_alloc_buffer(extents, canonical_dtype(dtype), scope=scope)


def alloc_shared(shape: Sequence[Any], dtype: str, scope: str = "shared.dyn") -> Any:
    return _alloc(shape, dtype, scope)


def alloc_fragment(shape: Sequence[Any], dtype: str, scope: str = "local.fragment") -> Any:
    return _alloc(shape, dtype, scope)


def alloc_local(shape: Sequence[Any], dtype: str, scope: str = "local") -> Any:
    return _alloc(shape, dtype, scope)


# ---------------------------------------------------------------------------------------------
# Tile operations
# ---------------------------------------------------------------------------------------------


def copy(src: Any, dst: Any, **_compat: Any) -> tirx.Call:
    """``T.copy(src, dst)``: a Buffer, a tile origin such as ``A[by * 32, k * 32]``, or a slice."""
    return copy_call(src, dst)


def _gemm_dims(a: Region, b: Region, c: Region, transpose_a: bool, transpose_b: bool) -> tuple[int, int, int]:
    for name, region in (("A", a), ("B", b), ("C", c)):
        if len(region.full_extents()) != 2:
            raise ValueError(
                f"T.gemm: operand {name} ({region.buffer.name}) must be 2-D, got shape {region.full_extents()}"
            )
    (a0, a1), (b0, b1), (c0, c1) = a.full_extents(), b.full_extents(), c.full_extents()
    m, k_a = (a1, a0) if transpose_a else (a0, a1)
    k_b, n = (b1, b0) if transpose_b else (b0, b1)
    if k_a != k_b:
        raise ValueError(
            f"T.gemm: reduction extents disagree: A ({a.buffer.name}) has K={k_a}, B ({b.buffer.name}) has K={k_b}"
        )
    if (c0, c1) != (m, n):
        raise ValueError(f"T.gemm: C ({c.buffer.name}) has shape ({c0}, {c1}) but A x B is ({m}, {n})")
    return int(m), int(n), int(k_a)


def gemm(
    A: Any,
    B: Any,
    C: Any,
    transpose_A: bool = False,
    transpose_B: bool = False,
    policy: int = GemmWarpPolicy.Square,
    clear_accum: bool = False,
    k_pack: int = 1,
    wg_wait: int = 0,
) -> tirx.Call:
    """``T.gemm(A_s, B_s, C_l, transpose_A=False, transpose_B=False)``: C += op(A) @ op(B).

    With ``clear_accum=True`` C is only written (C = op(A) @ op(B)): TileLang then marks its region
    write-only instead of read-write.
    """
    a, b, c = as_region(A), as_region(B), as_region(C)
    m, n, k = _gemm_dims(a, b, c, bool(transpose_A), bool(transpose_B))
    c_access = ops.ACCESS_WRITE if bool(clear_accum) else ops.ACCESS_READ_WRITE
    return ops.call(
        "gemm",
        a.to_call(ops.ACCESS_READ),
        b.to_call(ops.ACCESS_READ),
        c.to_call(c_access),
        bool(transpose_A),
        bool(transpose_B),
        m,
        n,
        k,
        policy_value(policy),
        bool(clear_accum),
        0,  # mbar, C row, C col: TileLang 0.1.15's trailing operands (k_pack / wg_wait are not in its IR)
        0,
        0,
    )


def fill(buffer: Any, value: Any) -> tirx.Call:
    region = as_region(buffer)
    # The value goes in as given (T.clear passes the int 0), as TileLang's T.fill does.
    return ops.call("fill", region.to_call(ops.ACCESS_WRITE), value)


def clear(buffer: Any) -> tirx.Call:
    return fill(buffer, 0)


# ---------------------------------------------------------------------------------------------
# Loops
# ---------------------------------------------------------------------------------------------

NUM_STAGES_ATTR = "num_stages"


PIPELINE_ORDER_ATTR = "tl_pipeline_order"
PIPELINE_STAGE_ATTR = "tl_pipeline_stage"


def Pipelined(
    start: Any,
    stop: Any = None,
    num_stages: int = 0,
    order: Sequence[int] | None = None,
    stage: Sequence[int] | None = None,
    annotations: dict[str, Any] | None = None,
) -> Any:
    """``for k in T.Pipelined([start,] stop, num_stages=s)``: a serial loop annotated as TileLang's
    ``tl.Pipelined`` frame annotates it: ``num_stages`` only when it is > 0 (0, the default, means no
    pipelining and leaves a plain serial loop), ``tl_pipeline_order`` / ``tl_pipeline_stage`` only
    when given, next to any caller ``annotations``."""
    if stop is None:
        start, stop = 0, start
    recorded = dict(annotations or {})
    if int(num_stages) > 0:
        recorded[NUM_STAGES_ATTR] = int(num_stages)
    if order:
        recorded[PIPELINE_ORDER_ATTR] = [int(i) for i in order]
    if stage:
        recorded[PIPELINE_STAGE_ATTR] = [int(i) for i in stage]
    return _builder.serial(start, stop, annotations=recorded or None)


def Parallel(*extents: Any, **_compat: Any) -> ParallelSpec:
    return ParallelSpec(tuple(extents))


def serial(*args: Any, **kwargs: Any) -> Any:
    return _builder.serial(*args, **kwargs)


def grid(*extents: Any) -> Any:
    return _builder.grid(*extents)


# ---------------------------------------------------------------------------------------------
# Arithmetic helpers
# ---------------------------------------------------------------------------------------------


def _operands(name: str, *values: Any) -> None:
    # apache-tvm segfaults when its arithmetic helpers get None (or another non-expression): refuse
    # here so the kernel gets a TypeError at its own line instead of the process dying.
    for value in values:
        if isinstance(value, bool) or not isinstance(value, (int, float, tvm.ir.expr.Expr)):
            raise TypeError(f"T.{name}: operand {value!r} is not a number or an expression")


def ceildiv(a: Any, b: Any) -> Any:
    _operands("ceildiv", a, b)
    if isinstance(a, int) and isinstance(b, int):
        if b == 0:
            raise ZeroDivisionError(f"T.ceildiv({a}, 0)")
        return -(-a // b)
    return tirx.ceildiv(a, b)


def exp(x: Any) -> Any:
    _operands("exp", x)
    return tirx.exp(x)


def max(a: Any, b: Any) -> Any:
    _operands("max", a, b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return builtins.max(a, b)
    return tirx.max(a, b)


def min(a: Any, b: Any) -> Any:
    _operands("min", a, b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return builtins.min(a, b)
    return tirx.min(a, b)


def cast(value: Any, dtype: str) -> Any:
    return tirx.Cast(canonical_dtype(dtype), value)


# ---------------------------------------------------------------------------------------------
# Scheduling hints with no meaning on Tenstorrent: recorded, never in the IR
# ---------------------------------------------------------------------------------------------

_RECORDED: list[list[str]] = []


@contextlib.contextmanager
def recording() -> Any:
    """Collects the hints (``T.use_swizzle(...)``) the kernels built inside the block asked for."""
    hints: list[str] = []
    _RECORDED.append(hints)
    try:
        yield hints
    finally:
        _RECORDED.remove(hints)


def _hint(text: str) -> None:
    for hints in _RECORDED:
        if text not in hints:
            hints.append(text)


def use_swizzle(panel_size: int = 8, order: str = "row", enable: bool = True, **_compat: Any) -> None:
    """``T.use_swizzle(panel_size, enable=...)``: a CUDA thread-block rasterisation order for L2
    reuse. A Tenstorrent core walks its tiles in the order the persistent loop gives, so the hint
    is recorded (``use-swizzle`` on the kernel) and changes nothing."""
    if enable:
        _hint("use-swizzle")


launch_thread_idx = ops.launch_thread_idx


def __getattr__(name: str) -> Any:
    """Everything else is apache-tvm's TVMScript (what ``func.script()`` prints)."""
    try:
        return getattr(_tvm_T, name)
    except AttributeError:
        raise AttributeError(f"unknown TileLang construct T.{name}") from None


__all__ = [
    "Buffer",
    "FragmentBuffer",
    "GemmWarpPolicy",
    "Kernel",
    "LocalBuffer",
    "Parallel",
    "Pipelined",
    "SharedBuffer",
    "Tensor",
    "alloc_fragment",
    "alloc_local",
    "alloc_shared",
    "canonical_dtype",
    "cast",
    "ceildiv",
    "clear",
    "copy",
    "exp",
    "fill",
    "gemm",
    "grid",
    "infinity",
    "max",
    "min",
    "prim_func",
    "reduce_absmax",
    "reduce_abssum",
    "reduce_max",
    "reduce_min",
    "reduce_sum",
    "serial",
    "tl",
    "tvm",
    "use_swizzle",
]
