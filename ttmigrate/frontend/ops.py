"""The TileLang tile operators, registered by name in apache-tvm.

TileLang 0.1.15 represents tile operations as calls to ops named ``tl.tileop.*`` whose operands
are ``tl.tileop.region(load, access_mask, *extents)`` calls. We register the same names, with a
TVMScript printer name, so ``func.script()`` prints ``T.tl.tileop.copy(...)`` and that text parses
back (through the ``tl`` namespace exported by :mod:`ttmigrate.frontend.language`).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import tvm
from tvm import tirx

TILE_OPS = ("copy", "gemm", "fill", "reduce", "region")

# access_mask values carried by tl.tileop.region, as in TileLang.
ACCESS_READ = 1
ACCESS_WRITE = 2
ACCESS_READ_WRITE = 3


def op_name(short: str) -> str:
    return f"tl.tileop.{short}"


def _register() -> None:
    opaque = tirx.CallEffectKind.Opaque.value
    for short in TILE_OPS:
        name = op_name(short)
        tvm.ir.register_op_attr(name, "TCallEffectKind", opaque)
        tvm.ir.register_op_attr(name, "TScriptPrinterName", name)


_register()

# T.launch_thread_idx(i): TileLang 0.1.15 binds tx / ty / tz to it inside the blockIdx loops.
LAUNCH_THREAD_IDX = "tl.launch_thread_idx"
tvm.ir.register_op_attr(LAUNCH_THREAD_IDX, "TCallEffectKind", tirx.CallEffectKind.Opaque.value)
tvm.ir.register_op_attr(LAUNCH_THREAD_IDX, "TScriptPrinterName", "launch_thread_idx")


def launch_thread_idx(axis: Any) -> tirx.Call:
    return tirx.call_intrin("int32", LAUNCH_THREAD_IDX, axis)


def _convert(arg: Any) -> Any:
    if isinstance(arg, str):
        return tvm.ir.StringImm(arg)
    if isinstance(arg, bool):
        return tirx.const(arg, "bool")
    return arg


def call(short: str, *args: Any) -> tirx.Call:
    return tirx.call_intrin("handle", op_name(short), *[_convert(a) for a in args])


def is_tile_op(node: object, short: str | None = None) -> bool:
    """True when ``node`` is a call to ``tl.tileop.<short>`` (any tile op when short is None)."""
    if type(node).__name__ != "Call":
        return False
    name = getattr(getattr(node, "op", None), "name", "")
    return name == op_name(short) if short else name.startswith("tl.tileop.")


def _printed_op(short: str) -> Any:
    return lambda *args: call(short, *args)


# The printed form: T.tl.tileop.<op>(...). Arguments arrive already as IR (parsed back).
tl = SimpleNamespace(tileop=SimpleNamespace(**{short: _printed_op(short) for short in TILE_OPS}))
