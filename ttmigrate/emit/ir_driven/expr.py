"""``emit_expr``: C++ text for every TIR expression that can reach a TT kernel.

Index arithmetic in the kernels is unsigned 32-bit (tile ids, loop counters, block indices), so
floor division and modulo print as ``/`` and ``%``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .visitor import TTCodegenVisitor

_BINARY = {
    "Add": "+",
    "Sub": "-",
    "Mul": "*",
    "FloorDiv": "/",
    "Div": "/",
    "FloorMod": "%",
    "Mod": "%",
    "EQ": "==",
    "NE": "!=",
    "LT": "<",
    "LE": "<=",
    "GT": ">",
    "GE": ">=",
    "And": "&&",
    "Or": "||",
}
_C_TYPES = {"int32": "int32_t", "uint32": "uint32_t", "int64": "int64_t", "float32": "float", "bool": "bool"}


class ExprPrinter:
    def __init__(self, visitor: TTCodegenVisitor) -> None:
        self._visitor = visitor

    def print(self, expr: Any) -> str:
        if isinstance(expr, bool):
            return "true" if expr else "false"
        if isinstance(expr, int):
            return str(expr)
        kind = type(expr).__name__
        if kind in _BINARY:
            return f"({self.print(expr.a)} {_BINARY[kind]} {self.print(expr.b)})"
        method = getattr(self, f"_{kind}", None)
        if method is None:
            raise self._visitor.unsupported(kind, "expression kind")
        return str(method(expr))

    def _IntImm(self, e: Any) -> str:
        if str(e.ty) == "bool":
            return "true" if e.value else "false"
        return str(int(e.value))

    def _FloatImm(self, e: Any) -> str:
        return f"{float(e.value)!r}f"

    def _Var(self, e: Any) -> str:
        return self._visitor.var_name(e)

    def _Not(self, e: Any) -> str:
        return f"(!{self.print(e.a)})"

    def _Min(self, e: Any) -> str:
        a, b = self.print(e.a), self.print(e.b)
        return f"({a} < {b} ? {a} : {b})"

    def _Max(self, e: Any) -> str:
        a, b = self.print(e.a), self.print(e.b)
        return f"({a} > {b} ? {a} : {b})"

    def _Select(self, e: Any) -> str:
        return f"({self.print(e.condition)} ? {self.print(e.true_value)} : {self.print(e.false_value)})"

    def _Cast(self, e: Any) -> str:
        ctype = _C_TYPES.get(str(e.ty))
        if ctype is None:
            raise self._visitor.unsupported("Cast", f"cast to {e.ty}")
        return f"static_cast<{ctype}>({self.print(e.value)})"

    def _TensorLoad(self, e: Any) -> str:
        return self._visitor.visit_TensorLoad(e)

    def _Call(self, e: Any) -> str:
        name = str(getattr(e.op, "name", ""))
        if name in ("tirx.ceildiv", "tir.ceildiv"):
            a, b = (self.print(x) for x in e.args)
            return f"(({a} + {b} - 1) / {b})"
        if name in ("tirx.if_then_else", "tir.if_then_else"):
            c, t, f = (self.print(x) for x in e.args)
            return f"({c} ? {t} : {f})"
        raise self._visitor.unsupported("Call", f"call to {name or e.op}")
