"""The op registry: every tile operation declared once, at the pinned release (``release.TARGET``).

An entry holds what each stage needs and nothing stage-specific:

- ``pattern``: the TIR the lowering recognises (an expression node kind, a ``tirx`` call, or a
  ``tl.tileop`` op) and ``annotation``, the ``tt.*`` attribute it becomes;
- ``startup`` / ``init`` / ``call``: the Metalium calls (``KernelFn`` signatures from
  ``kernel_api``) with their fixed template arguments, and ``headers``;
- ``dst``: whether the call reads / writes / accumulates into DST, and which call parameters
  are CBs, tile indices and the DST index;
- ``numpy``: the op's semantics on float32 arrays (tests, emulator unit tests);
- ``config``: the unpacker / math configuration the init programs and how it is undone
  (``ConfigState``), the hook for the configuration-state rules (issue 12).

Stages query it through the functions at the end of this module; none keeps its own list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

import numpy as np

from . import kernel_api as K
from .signature import KernelFn, Param

OpKind = Literal[
    "fill", "copy", "matmul", "binary", "bcast", "sfpu", "scalar", "sfpu_binary", "reduce", "unlowered"
]
ScalarSide = Literal["none", "left", "right", "either"]
Unpack = Literal["none", "A", "AB", "AB-matmul", "AB-bcast", "AB-reduce"]


@dataclass(frozen=True)
class TirPattern:
    """What the lowering recognises: exactly one of the three forms."""

    node: str | None = None  # a TIR expression node kind (``Add``, ``Max`` ...)
    call: str | None = None  # a ``tirx`` intrinsic call (``tirx.exp``)
    tile_op: str | None = None  # a ``tl.tileop.<name>`` operation (``gemm``)
    zero_operand: bool = False  # the node has a literal-zero operand (``max(x, 0)`` is relu)
    # the node has a constant operand on this side (``x * c``: right; ``c - x``: left); with
    # ``scalar_value`` only that constant matches (``1 / x`` is the reciprocal)
    scalar: ScalarSide = "none"
    scalar_value: float | None = None
    gate: str | None = None  # ``x * call(x)`` for this ``tirx`` call (``x * sigmoid(x)`` is SiLU)


@dataclass(frozen=True)
class DstUse:
    reads: bool
    writes: bool
    accumulates: bool = False  # adds into DST instead of overwriting it (matmul, reduce)


@dataclass(frozen=True)
class ConfigState:
    """The hardware state an op's init programs. Two ops can run under one init only when their
    ``key`` is equal; ``state_params`` are init arguments that are part of the state (the matmul
    transpose). ``uninit`` must follow the op before another op's init, unless the next op has the
    same ``uninit_skip_key``."""

    unpack: Unpack
    math: str
    key: tuple[str, ...]
    state_params: tuple[str, ...] = ()
    uninit: KernelFn | None = None
    uninit_skip_key: tuple[str, ...] | None = None
    # The call parameters whose CBs the op unpacks into srcA and srcB (None: that source is not
    # used). Their formats must be the ones srcA / srcB are configured for (start-up or a reconfig
    # call); the op packs with the packer's format. The v0.81.1 headers' mapping: matmul unpacks
    # in1 to srcA and in0 to srcB (matmul.h state_configure(in1, in0)); REDUCE_ROW SUM swaps the
    # scaler into srcA (reduce.h).
    srca: str | None = None
    srcb: str | None = None


@dataclass(frozen=True)
class Invocation:
    """A Metalium function with the template arguments the op fixes."""

    fn: KernelFn
    template: Mapping[str, str] = field(default_factory=dict)
    fixed: Mapping[str, str] = field(default_factory=dict)  # call arguments the op fixes

    def render(self, args: Mapping[str, object] | None = None) -> str:
        return self.fn.render({**self.fixed, **(args or {})}, template=dict(self.template))


@dataclass(frozen=True)
class OpDef:
    name: str
    kind: OpKind
    pattern: TirPattern
    annotation: str
    numpy: Callable[..., np.ndarray] | None
    dst: DstUse
    call: Invocation | None = None  # None: a TIR operator with no tile operation at this release
    init: Invocation | None = None
    startup: Invocation | None = None  # compute_kernel_hw_startup form (once, at kernel start)
    headers: tuple[str, ...] = ()
    cb_params: tuple[str, ...] = ()  # parameters of ``call`` that are CB ids
    tile_params: tuple[str, ...] = ()  # parameters of ``call`` that are tile indices in those CBs
    dst_param: str | None = None  # parameter of ``call`` that is the DST index
    config: ConfigState | None = None
    arity: int = 0  # operands in the element-wise tree (binary 2, unary 1)
    non_negative: bool = False  # defined for inputs >= 0 only (tests feed it max(x, 0))
    positive: bool = False  # defined for inputs > 0 only (tests feed it max(x, 0) + 0.5)
    # The FPU op (``add``) this SFPU op computes exactly on Float32 data: the FPU reads Float32
    # through its 19-bit source registers, the SFPU works on the 32-bit DST. The lowering never
    # picks such an op from the IR (``for_node`` skips it); the emitter swaps it in by data format.
    float32_form_of: str | None = None


_STARTUP = Invocation(K.fn("compute_kernel_hw_startup"))
_STARTUP_MATMUL = Invocation(K.fn("compute_kernel_hw_startup"), {"src_order": "SrcOrder::Reverse"})

_OPS: dict[str, OpDef] = {}


def register(op: OpDef) -> OpDef:
    if op.name in _OPS:
        raise ValueError(f"op {op.name} registered twice")
    _OPS[op.name] = op
    return op


# -- DST protocol and data movement ---------------------------------------------------------------
register(
    OpDef(
        name="fill",
        kind="fill",
        pattern=TirPattern(tile_op="fill"),
        annotation="tt.fill",
        numpy=lambda shape, value: np.full(shape, value, dtype=np.float32),
        dst=DstUse(reads=False, writes=True),
        call=Invocation(K.fn("tile_regs_acquire")),  # acquire zeroes DST: clearing is the acquire
        headers=(K.COMMON_H,),
    )
)
register(
    OpDef(
        name="copy",
        kind="copy",
        pattern=TirPattern(tile_op="copy"),
        annotation="tt.eltwise",  # a tile-buffer to tile-buffer copy is an element-wise identity
        numpy=lambda a: np.array(a, dtype=np.float32),
        dst=DstUse(reads=False, writes=True),
        call=Invocation(K.fn("copy_tile")),
        init=Invocation(K.fn("copy_init")),
        startup=_STARTUP,
        headers=(K.COPY_H,),
        cb_params=("in_cb_id",),
        tile_params=("in_tile_index",),
        dst_param="dst_tile_index",
        config=ConfigState(unpack="A", math="datacopy", key=("copy",), srca="in_cb_id"),
        arity=1,
    )
)

# -- matmul -----------------------------------------------------------------------------------------
register(
    OpDef(
        name="matmul",
        kind="matmul",
        pattern=TirPattern(tile_op="gemm"),
        annotation="tt.matmul_intrinsic",
        numpy=lambda acc, a, b, transpose_b=False: acc + a @ (b.T if transpose_b else b),
        dst=DstUse(reads=True, writes=True, accumulates=True),
        call=Invocation(K.fn("matmul_tiles")),
        init=Invocation(K.fn("matmul_init")),
        startup=_STARTUP_MATMUL,
        headers=(K.MATMUL_H,),
        cb_params=("in0_cb_id", "in1_cb_id"),
        tile_params=("in0_tile_index", "in1_tile_index"),
        dst_param="idst",
        config=ConfigState(
            unpack="AB-matmul",
            math="matmul",
            key=("matmul",),
            state_params=("transpose",),
            srca="in1_cb_id",
            srcb="in0_cb_id",
        ),
    )
)

# -- binary element-wise ------------------------------------------------------------------------------
_BINARY_NUMPY: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "add": np.add,
    "sub": np.subtract,
    "mul": np.multiply,
}
_BINARY_NODES = {"add": "Add", "sub": "Sub", "mul": "Mul"}
_ELTWISE_TYPE = {
    "add": "EltwiseBinaryType::ELWADD",
    "sub": "EltwiseBinaryType::ELWSUB",
    "mul": "EltwiseBinaryType::ELWMUL",
}
BCAST_DIMS = {"row": "rows", "col": "cols", "scalar": "scalar"}  # lowering's name -> Metalium's suffix
_BCAST_NUMPY: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "row": lambda b: np.broadcast_to(b[..., :1, :], b.shape),  # B's first row over all rows
    "col": lambda b: np.broadcast_to(b[..., :, :1], b.shape),  # B's first column over all columns
    "scalar": lambda b: np.broadcast_to(b[..., :1, :1], b.shape),  # element (0, 0)
}

for _name, _np in _BINARY_NUMPY.items():
    register(
        OpDef(
            name=_name,
            kind="binary",
            pattern=TirPattern(node=_BINARY_NODES[_name]),
            annotation="tt.eltwise",
            numpy=_np,
            dst=DstUse(reads=False, writes=True),
            call=Invocation(K.fn(f"{_name}_tiles")),
            # mul_init defaults acc_to_dest to true (Quasar accumulates into DST; WH/BH ignore it):
            # the registry's binary ops overwrite DST, so the emitters say so on every architecture.
            init=Invocation(K.fn(f"{_name}_init"), fixed={"acc_to_dest": "false"} if _name == "mul" else {}),
            startup=_STARTUP,
            headers=(K.BINARY_H,),
            cb_params=("icb0", "icb1"),
            tile_params=("itile0", "itile1"),
            dst_param="idst",
            config=ConfigState(
                unpack="AB", math=f"eltwise-binary:{_name}", key=("binary", _name), srca="icb0", srcb="icb1"
            ),
            arity=2,
        )
    )
    for _dim, _suffix in BCAST_DIMS.items():
        register(
            OpDef(
                name=f"{_name}_bcast_{_dim}",
                kind="bcast",
                pattern=TirPattern(node=_BINARY_NODES[_name]),  # with a broadcast right operand
                annotation="tt.eltwise",
                numpy=lambda a, b, _f=_np, _b=_BCAST_NUMPY[_dim]: _f(a, _b(b)),
                dst=DstUse(reads=False, writes=True),
                call=Invocation(K.fn(f"{_name}_tiles_bcast_{_suffix}")),
                init=Invocation(K.fn(f"{_name}_bcast_{_suffix}_init")),
                startup=_STARTUP,
                headers=(K.BCAST_H,),
                cb_params=("icb0", "icb1"),
                tile_params=("itile0", "itile1"),
                dst_param="idst",
                config=ConfigState(
                    unpack="AB-bcast",
                    math=f"bcast:{_name}:{_dim}",
                    key=("bcast", _name, _dim),
                    srca="icb0",
                    srcb="icb1",
                ),
                arity=2,
            )
        )

# TIR operators the lowering reads into the element-wise tree but that have no tile operation in the
# subset at this release: the emitters reject them by name (UnsupportedConstruct), never guess.
for _name, _node in (("div", "Div"),):
    register(
        OpDef(
            name=_name,
            kind="unlowered",
            pattern=TirPattern(node=_node),
            annotation="tt.eltwise",
            numpy=np.divide,
            dst=DstUse(reads=False, writes=False),
            arity=2,
        )
    )


# -- SFPU unary (in place on DST) ------------------------------------------------------------------------
def sfpu_unary(
    name: str,
    *,
    pattern: TirPattern,
    numpy: Callable[[np.ndarray], np.ndarray],
    header: str,
    init: KernelFn,
    call: KernelFn,
    non_negative: bool = False,
    positive: bool = False,
    fixed: Mapping[str, str] | None = None,
) -> OpDef:
    """Declares an SFPU unary op: its init and tile call join the kernel-function catalog."""
    return register(
        OpDef(
            name=name,
            kind="sfpu",
            pattern=pattern,
            annotation="tt.eltwise",
            numpy=numpy,
            dst=DstUse(reads=True, writes=True),
            call=Invocation(K.declare(call), fixed=dict(fixed or {})),
            init=Invocation(K.declare(init)),
            startup=_STARTUP,
            headers=(K.UNARY_H, header),
            dst_param="idst",
            config=ConfigState(unpack="none", math=f"sfpu:{name}", key=("sfpu", name)),
            arity=1,
            non_negative=non_negative,
            positive=positive,
        )
    )


_EXP_H = "api/compute/eltwise_unary/exp.h"
sfpu_unary(
    "exp",
    pattern=TirPattern(call="tirx.exp"),
    numpy=np.exp,
    header=_EXP_H,
    init=KernelFn(
        "exp_tile_init",
        _EXP_H,
        (),
        (
            Param("approx", "bool", "false"),
            Param("scale", K.U32, "0x3F800000"),
            Param("input_clamping", "InputClamping", "InputClamping::ClampToNegative"),
            K.FP32,
        ),
    ),
    call=KernelFn(
        "exp_tile",
        _EXP_H,
        (
            Param("idst", K.U32),
            Param("vector_mode", "VectorMode", "VectorMode::RC"),
            Param("scale", "uint16_t", "p_sfpu::kCONST_1_FP16B"),
        ),
        (
            Param("approx", "bool", "false"),
            Param("scale_en", "bool", "false"),
            Param("input_clamping", "InputClamping", "InputClamping::ClampToNegative"),
            Param("iterations", "int", "8"),
            K.FP32,
        ),
    ),
)
_RELU_H = "api/compute/eltwise_unary/relu.h"
sfpu_unary(
    "relu",
    pattern=TirPattern(node="Max", zero_operand=True),
    numpy=lambda a: np.maximum(a, np.float32(0)),
    header=_RELU_H,
    init=KernelFn("relu_tile_init", _RELU_H, ()),
    call=KernelFn("relu_tile", _RELU_H, (Param("idst", K.U32),)),
)

_SQRT_H = "api/compute/eltwise_unary/sqrt.h"
sfpu_unary(
    "sqrt",
    pattern=TirPattern(call="tirx.sqrt"),
    numpy=np.sqrt,
    header=_SQRT_H,
    init=KernelFn("sqrt_tile_init", _SQRT_H, ()),
    call=KernelFn(
        "sqrt_tile", _SQRT_H, (Param("idst", K.U32),), (Param("FAST_APPROX", "bool", "false"), K.FP32)
    ),
    non_negative=True,
)

# -- reduce ---------------------------------------------------------------------------------------------
_POOL = {"sum": "PoolType::SUM", "max": "PoolType::MAX"}
_REDUCE_DIM = {"row": "ReduceDim::REDUCE_ROW", "col": "ReduceDim::REDUCE_COL"}
REDUCE_DIM_OF_AXIS = {1: "row", 0: "col"}  # T.reduce_*(dim=1) reduces along a row (over columns)
_REDUCE_NUMPY = {
    ("sum", "row"): lambda a, s=1.0: (a * s).sum(axis=-1, keepdims=True),
    ("max", "row"): lambda a, s=1.0: (a * s).max(axis=-1, keepdims=True),
    ("sum", "col"): lambda a, s=1.0: (a * s).sum(axis=-2, keepdims=True),
    ("max", "col"): lambda a, s=1.0: (a * s).max(axis=-2, keepdims=True),
}
for (_pool, _dim), _np_reduce in _REDUCE_NUMPY.items():
    _template = {"reduce_type": _POOL[_pool], "reduce_dim": _REDUCE_DIM[_dim]}
    register(
        OpDef(
            name=f"reduce_{_pool}_{_dim}",
            kind="reduce",
            pattern=TirPattern(tile_op="reduce"),
            annotation="tt.reduce",
            numpy=_np_reduce,
            dst=DstUse(reads=True, writes=True, accumulates=True),
            call=Invocation(K.fn("reduce_tile"), _template),
            init=Invocation(K.fn("reduce_init"), _template),
            startup=_STARTUP,
            headers=(K.REDUCE_H,),
            cb_params=("icb", "icb_scaler"),
            tile_params=("itile", "itile_scaler"),
            dst_param="idst",
            config=ConfigState(
                unpack="AB-reduce",
                math=f"reduce:{_pool}:{_dim}",
                key=("reduce", _pool, _dim),
                uninit=K.fn("reduce_uninit"),
                uninit_skip_key=("reduce", _dim),
                # reduce.h: REDUCE_ROW with SUM/AVG runs MVMUL with the scaler in srcA
                srca="icb_scaler" if (_dim, _pool) == ("row", "sum") else "icb",
                srcb="icb" if (_dim, _pool) == ("row", "sum") else "icb_scaler",
            ),
        )
    )

# The DST register protocol, in order; every compute kernel uses it.
DST_PROTOCOL: tuple[KernelFn, ...] = tuple(
    K.fn(n)
    for n in ("tile_regs_acquire", "tile_regs_commit", "tile_regs_wait", "pack_tile", "tile_regs_release")
)
# Data-movement transfers: the call the emitters print and the deprecated spelling real code may use.
NOC_READS: tuple[KernelFn, ...] = (K.fn("noc_async_read_page"), K.fn("noc_async_read_tile"))
NOC_WRITES: tuple[KernelFn, ...] = (K.fn("noc_async_write_page"), K.fn("noc_async_write_tile"))

OPS: Mapping[str, OpDef] = MappingProxyType(_OPS)


# -- queries -------------------------------------------------------------------------------------------
def op(name: str) -> OpDef:
    """The op called ``name``; KeyError names the known ops."""
    try:
        return _OPS[name]
    except KeyError:
        raise KeyError(f"no op {name!r} in the registry (known: {', '.join(sorted(_OPS))})") from None


def for_node(
    node_kind: str, *, zero_operand: bool = False, scalar: ScalarSide = "none", value: float | None = None
) -> OpDef | None:
    """The element-wise op a TIR expression node is (``Max`` with a zero operand is relu; ``Mul``
    with a constant ``scalar`` operand on one side is ``mul_scalar``; ``1 / x`` is ``recip``)."""
    for entry in _OPS.values():
        p = entry.pattern
        side_matches = p.scalar == scalar or (p.scalar == "either" and scalar in ("left", "right"))
        if (
            p.node == node_kind
            and p.zero_operand == zero_operand
            and p.gate is None
            and side_matches
            and (p.scalar_value is None or p.scalar_value == value)
            and entry.float32_form_of is None
            and entry.kind in ("binary", "sfpu", "scalar", "sfpu_binary", "unlowered")
        ):
            return entry
    return None


def float32_form(name: str) -> OpDef | None:
    """The SFPU op that computes the FPU op ``name`` exactly on Float32 data (``add`` ->
    ``add_binary_tile``), or None when there is none."""
    return next((e for e in _OPS.values() if e.float32_form_of == name), None)


def for_gate(node_kind: str, call_name: str) -> OpDef | None:
    """The fused op ``x <node> call(x)`` is (``x * sigmoid(x)`` -> silu)."""
    return next(
        (e for e in _OPS.values() if e.pattern.node == node_kind and e.pattern.gate == call_name), None
    )


def for_call(call_name: str) -> OpDef | None:
    """The unary op a ``tirx`` intrinsic call is (``tirx.exp`` -> exp)."""
    return next((e for e in _OPS.values() if e.pattern.call == call_name), None)


def scalar_bits(op_name: str, value: float) -> str:
    """The ``param1`` a scalar op's call takes: the float32 bit pattern of the constant, as the
    release's ``binop_with_scalar.h`` documents ("fp32 value scalar encoded as uint32"). Division
    passes the reciprocal, inverted on the host in float32 as ttnn does (the SFPU only multiplies)."""
    scalar = np.float32(value)
    if op_name == "div_scalar":
        scalar = np.float32(1.0) / scalar
    return f"0x{int(scalar.view(np.uint32)):08X}u"


def bcast(name: str, dim: str) -> OpDef:
    return op(f"{name}_bcast_{dim}")


def reduce(pool: str, dim: str) -> OpDef:
    return op(f"reduce_{pool}_{dim}")


def math_calls() -> frozenset[str]:
    """Calls that write DST (the "math" step between acquire and commit); inits do not touch DST."""
    return frozenset(
        e.call.fn.name for e in _OPS.values() if e.call is not None and e.dst.writes and e.kind != "fill"
    )


def deprecated_spellings() -> Mapping[str, str]:
    """Deprecated function -> the replacement the emitters print instead."""
    return {f.name: f.deprecated for f in K.KERNEL_FUNCTIONS.values() if f.deprecated}


def printable_kernel_functions() -> tuple[KernelFn, ...]:
    """Every kernel function an emitter may print: the non-deprecated ones the emulator implements."""
    return tuple(f for f in K.KERNEL_FUNCTIONS.values() if not f.deprecated and f.emulated)


def kernel_function(name: str) -> KernelFn:
    return K.fn(name)
