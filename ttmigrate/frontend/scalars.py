"""Scalar constructs TileLang 0.1.15 builds differently from apache-tvm's TVMScript namespace.

``T.infinity(dtype)``: apache-tvm folds it into a ``FloatImm`` (``T.float32("inf")``); TileLang
keeps it a call to its pure op ``tl.infinity`` (the dtype as a string argument), lowered to the
constant only at code generation. ``-T.infinity("float32")`` is then ``PrimExpr.__neg__``: the call
times ``T.float32(-1.0)``, a ``Mul``, not a folded ``-inf``. We register the same op, with the same
TVMScript printer name, so the printed ``T.infinity("float32")`` parses back to the same call.
"""

from __future__ import annotations

from typing import Any

import tvm
from tvm import tirx

INFINITY = "tl.infinity"

tvm.ir.register_op_attr(INFINITY, "TCallEffectKind", tirx.CallEffectKind.Pure.value)
tvm.ir.register_op_attr(INFINITY, "TScriptPrinterName", "infinity")


def infinity(dtype: Any, span: Any = None) -> tirx.Call:
    """``T.infinity(dtype)``: ``tl.infinity("<dtype>")`` of that dtype, as TileLang builds it."""
    name = str(dtype)
    return tirx.call_intrin(name, INFINITY, tvm.ir.StringImm(name), span=span)


def is_infinity(node: object) -> bool:
    """True for a ``tl.infinity`` call (for the stages that lower it to a constant)."""
    return type(node).__name__ == "Call" and getattr(getattr(node, "op", None), "name", "") == INFINITY
