"""SFPU ops beyond the first three (exp, relu, sqrt in ``registry``): the transcendental unaries, the
reciprocal, SiLU, and the scalar operands of ``binop_with_scalar.h``. Each is one registry entry,
declared with the release's exact signatures (v0.81.1; ``scripts/check_metalium.py`` checks them).

The scalar ops take the constant as ``param1``, its float32 bit pattern (``registry.scalar_bits``);
all five share one init, ``binop_with_scalar_tile_init``, so they share one configuration key.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import kernel_api as K
from .registry import (
    _STARTUP,
    ConfigState,
    DstUse,
    Invocation,
    OpDef,
    ScalarSide,
    TirPattern,
    register,
    sfpu_unary,
)
from .signature import KernelFn, Param

COMPUTE_KERNEL_API_H = "api/compute/compute_kernel_api.h"  # sigmoid, tanh, log, exp2, silu live here
_RSQRT_H = "api/compute/eltwise_unary/rsqrt.h"
_RECIP_H = "api/compute/eltwise_unary/recip.h"
_SCALAR_H = "api/compute/eltwise_unary/binop_with_scalar.h"

_IDST = (Param("idst", K.U32),)
_FAST = Param("fast_and_approx", "bool", "false")


def _f32(f: Callable[[np.ndarray], np.ndarray]) -> Callable[[np.ndarray], np.ndarray]:
    return lambda a: f(np.asarray(a, dtype=np.float32)).astype(np.float32)


def _f32_binary(f: Callable[..., np.ndarray]) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    return lambda a, b: f(np.asarray(a, np.float32), np.asarray(b, np.float32)).astype(np.float32)


sfpu_unary(
    "exp2",
    pattern=TirPattern(call="tirx.exp2"),
    numpy=_f32(np.exp2),
    header=COMPUTE_KERNEL_API_H,
    init=KernelFn("exp2_tile_init", COMPUTE_KERNEL_API_H, (), (K.FP32,)),
    call=KernelFn("exp2_tile", COMPUTE_KERNEL_API_H, _IDST, (K.FP32,)),
)
sfpu_unary(
    "log",
    pattern=TirPattern(call="tirx.log"),
    numpy=_f32(np.log),
    header=COMPUTE_KERNEL_API_H,
    init=KernelFn("log_tile_init", COMPUTE_KERNEL_API_H, (), (_FAST, K.FP32)),
    call=KernelFn("log_tile", COMPUTE_KERNEL_API_H, _IDST, (_FAST, K.FP32)),
    positive=True,
)
_LOG2_SCALE = "0x3FB8AA3Bu"  # base_scale: the float32 bits of 1 / ln(2), as the header documents for log2
sfpu_unary(
    "log2",
    pattern=TirPattern(call="prim.log2"),  # TileLang's T.log2 is the prim.log2 intrinsic
    numpy=_f32(np.log2),
    header=COMPUTE_KERNEL_API_H,
    init=KernelFn("log_with_base_tile_init", COMPUTE_KERNEL_API_H, (), (_FAST, K.FP32)),
    call=KernelFn(
        "log_with_base_tile",
        COMPUTE_KERNEL_API_H,
        (Param("idst", K.U32), Param("base_scale", K.U32)),
        (_FAST, Param("base_is_two", "bool", "false"), K.FP32),
    ),
    fixed={"base_scale": _LOG2_SCALE},
    positive=True,
)
sfpu_unary(
    "sigmoid",
    pattern=TirPattern(call="tirx.sigmoid"),
    numpy=_f32(lambda a: 1.0 / (1.0 + np.exp(-a))),
    header=COMPUTE_KERNEL_API_H,
    init=KernelFn("sigmoid_tile_init", COMPUTE_KERNEL_API_H, (), (_FAST,)),
    call=KernelFn(
        "sigmoid_tile",
        COMPUTE_KERNEL_API_H,
        _IDST,
        (Param("vec_mode", "VectorMode", "VectorMode::RC"), _FAST, K.FP32),
    ),
)
sfpu_unary(
    "tanh",
    pattern=TirPattern(call="tirx.tanh"),
    numpy=_f32(np.tanh),
    header=COMPUTE_KERNEL_API_H,
    init=KernelFn("tanh_tile_init", COMPUTE_KERNEL_API_H, (), (_FAST, K.FP32)),
    call=KernelFn("tanh_tile", COMPUTE_KERNEL_API_H, _IDST, (_FAST, K.FP32)),
)
sfpu_unary(
    "rsqrt",
    pattern=TirPattern(call="tirx.rsqrt"),
    numpy=_f32(lambda a: 1.0 / np.sqrt(a)),
    header=_RSQRT_H,
    init=KernelFn("rsqrt_tile_init", _RSQRT_H, ()),
    call=KernelFn("rsqrt_tile", _RSQRT_H, _IDST, (Param("mode", "RsqrtMode", "RsqrtMode::Default"), K.FP32)),
    positive=True,
)
_RECIP_TEMPLATE = (
    Param(
        "dest_acc",
        "ReciprocalDestAcc",
        "DST_ACCUM_MODE ? ReciprocalDestAcc::FP32 : ReciprocalDestAcc::BF16",
    ),
    Param("approximation", "ReciprocalApproxMode", "ReciprocalApproxMode::Default"),
)
sfpu_unary(
    "recip",
    pattern=TirPattern(node="Div", scalar="left", scalar_value=1.0),  # 1 / x
    numpy=_f32(lambda a: 1.0 / a),
    header=_RECIP_H,
    init=KernelFn("recip_tile_init", _RECIP_H, (), _RECIP_TEMPLATE),
    call=KernelFn(
        "recip_tile",
        _RECIP_H,
        (Param("idst", K.U32), Param("vector_mode", "VectorMode", "VectorMode::RC")),
        _RECIP_TEMPLATE,
    ),
    positive=True,
)
sfpu_unary(
    "silu",
    pattern=TirPattern(node="Mul", gate="tirx.sigmoid"),  # x * sigmoid(x), as TileLang users write SiLU
    numpy=_f32(lambda a: a / (1.0 + np.exp(-a))),
    header=COMPUTE_KERNEL_API_H,
    init=KernelFn("silu_tile_init", COMPUTE_KERNEL_API_H, ()),
    call=KernelFn("silu_tile", COMPUTE_KERNEL_API_H, _IDST, (K.FP32,)),
)

# -- scalar operands (binop_with_scalar.h) -------------------------------------------------------------
SCALAR_INIT = KernelFn("binop_with_scalar_tile_init", _SCALAR_H, ())
_SCALAR_CONFIG = ConfigState(unpack="none", math="sfpu:binop_with_scalar", key=("sfpu", "binop_with_scalar"))


def _scalar(c: float) -> np.float32:
    return np.float32(c)


_SCALAR_OPS: dict[str, tuple[str, str, ScalarSide, Callable[[np.ndarray, float], np.ndarray]]] = {
    # name: (node, call, constant side, float32 semantics of DST op param1's value)
    "add_scalar": ("Add", "add_unary_tile", "either", lambda a, c: a + _scalar(c)),
    "sub_scalar": ("Sub", "sub_unary_tile", "right", lambda a, c: a - _scalar(c)),
    "mul_scalar": ("Mul", "mul_unary_tile", "either", lambda a, c: a * _scalar(c)),
    # x / c: the SFPU multiplies by the reciprocal the host computed in float32
    "div_scalar": ("Div", "div_unary_tile", "right", lambda a, c: a * (np.float32(1.0) / _scalar(c))),
    "rsub_scalar": ("Sub", "rsub_unary_tile", "left", lambda a, c: _scalar(c) - a),
}
for _name, (_node, _call, _side, _np) in _SCALAR_OPS.items():
    register(
        OpDef(
            name=_name,
            kind="scalar",
            pattern=TirPattern(node=_node, scalar=_side),
            annotation="tt.eltwise",
            numpy=lambda a, c, _f=_np: _f(np.asarray(a, dtype=np.float32), c).astype(np.float32),
            dst=DstUse(reads=True, writes=True),
            call=Invocation(
                K.declare(
                    KernelFn(_call, _SCALAR_H, (Param("idst", K.U32), Param("param1", K.U32)), (K.FP32,))
                )
            ),
            init=Invocation(K.declare(SCALAR_INIT)),
            startup=_STARTUP,
            headers=(K.UNARY_H, _SCALAR_H),
            dst_param="idst",
            config=_SCALAR_CONFIG,
            arity=2,  # (operand, Const)
        )
    )


def _sfpu_binary(
    *,
    name: str,
    node: str,
    numpy: Callable[[np.ndarray, np.ndarray], np.ndarray],
    call: KernelFn,
    header: str,
    float32_form_of: str | None = None,
) -> None:
    """One SFPU op on two DST tiles (idst0, idst1 -> odst): its init is ``<call>_init`` with no
    arguments, and the op is its own configuration key, named as the call without ``_tile`` (each of
    these inits programs the SFPU for that op alone)."""
    configured = call.name.removesuffix("_tile")
    register(
        OpDef(
            name=name,
            kind="sfpu_binary",
            pattern=TirPattern(node=node),
            annotation="tt.eltwise",
            numpy=numpy,
            dst=DstUse(reads=True, writes=True),
            call=Invocation(K.declare(call)),
            init=Invocation(K.declare(KernelFn(f"{call.name}_init", header, ()))),
            startup=_STARTUP,
            headers=(K.UNARY_H, header),
            dst_param="odst",
            config=ConfigState(unpack="none", math=f"sfpu:{configured}", key=("sfpu", configured)),
            arity=2,
            float32_form_of=float32_form_of,
        )
    )


_DST3 = (Param("idst0", K.U32), Param("idst1", K.U32), Param("odst", K.U32))

# -- element-wise max / min of two tensors (binary_max_min.h): SFPU ops on two DST tiles -------------
_MAX_MIN_H = "api/compute/binary_max_min.h"
for _name, _node, _np2 in (("max", "Max", np.maximum), ("min", "Min", np.minimum)):
    _sfpu_binary(
        name=_name,
        node=_node,
        numpy=_np2,
        call=KernelFn(
            f"binary_{_name}_tile", _MAX_MIN_H, (*_DST3, Param("vector_mode", "VectorMode", "VectorMode::RC"))
        ),
        header=_MAX_MIN_H,
    )


# -- exact float32 add / sub / mul of two DST tiles (eltwise_binary_sfpu.h) ----------------------------
# The FPU's binary ops read Float32 CBs through srcA/srcB, which hold Tf32 (10 mantissa bits) at
# best; tt-metal computes float32 element-wise exactly by copying both operands into the 32-bit DST
# (copy_tile under UnpackToDestFp32) and running the SFPU binary on them. The SFPU computes in
# float32 (ckernel_sfpu_binary.h: in0 + in1, in0 - in1, in0 * in1); with a 16-bit DST the release
# narrows add/sub by truncation (DstRoundingMode::Default) and mul to nearest even.
_BINARY_SFPU_H = "api/compute/eltwise_binary_sfpu.h"
_ROUNDING = Param("dst_rounding_mode", "ckernel::DstRoundingMode", "ckernel::DstRoundingMode::Default")
for _name, _node, _np3 in (("add", "Add", np.add), ("sub", "Sub", np.subtract), ("mul", "Mul", np.multiply)):
    _sfpu_binary(
        name=f"{_name}_binary",
        node=_node,
        numpy=_f32_binary(_np3),
        call=KernelFn(
            f"{_name}_binary_tile",
            _BINARY_SFPU_H,
            _DST3,
            (K.FP32,) if _name == "mul" else (_ROUNDING, K.FP32),
        ),
        header=_BINARY_SFPU_H,
        float32_form_of=_name,
    )
