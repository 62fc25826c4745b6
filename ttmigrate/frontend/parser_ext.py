"""Two extensions to apache-tvm's TVMScript parser, so kernels parse as TileLang 0.1.15 parses them.

``for i, j in T.Parallel(32, 32)``: TileLang's ``T.Parallel`` takes several extents and opens one
parallel loop per extent. apache-tvm has only single-loop parallel frames, so we wrap the tirx
``For`` handler: a ``ParallelSpec`` iterator opens nested ``T.parallel`` frames; every other loop
goes to the original handler. The printed form (nested ``T.parallel`` loops) is plain TVMScript.

``x = <scalar expression>`` (e.g. ``loop_range = T.min(a, b)``): TileLang binds the name with an
immutable ``Bind`` (a let; a later ``x = ...`` binds a new one). apache-tvm 0.27 instead allocates a
mutable one-element local buffer and stores into it, which is other IR (and its printed form,
``x: T.int32 = v``, is exactly how TileLang's printer spells a let). We wrap the parser's value
binder so such an assignment emits ``T.Bind`` as TileLang does; buffers, frames, loop variables,
pointers and strings still take apache-tvm's paths. The printed form, ``x: T.let[T.int32] = v``,
parses back to the same ``Bind``.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

import tvm
from tvm.script.ir_builder import IRBuilder
from tvm.script.parser.core import dispatch, doc
from tvm.tirx import is_buffer_var
from tvm.tirx.script.builder import ir as _builder
from tvm.tirx.script.parser import parser as _tirx_parser
from tvm.tirx.script.parser.parser import bind_for_value


@dataclass(frozen=True)
class ParallelSpec:
    extents: tuple[Any, ...]


_original_visit_for = dispatch.get(token="tirx", type_name="For")


def _visit_for(self: Any, node: doc.For) -> None:
    spec = None
    # `range(...)` is apache-tvm's own AST-level case (its printer writes a serial loop with a
    # variable start that way); evaluating it here would call Python's range on IR.
    is_range = (
        isinstance(node.iter, doc.Call)
        and isinstance(node.iter.func, doc.Name)
        and node.iter.func.id == "range"
    )
    if isinstance(node.iter, doc.Call) and not is_range:
        spec = self.eval_expr(node.iter)
    if not isinstance(spec, ParallelSpec):
        _original_visit_for(self, node)
        return
    with self.var_table.with_frame(), contextlib.ExitStack() as stack:
        loop_vars = [stack.enter_context(_builder.parallel(0, extent)) for extent in spec.extents]
        iters = loop_vars[0] if len(loop_vars) == 1 else loop_vars
        self.eval_assign(target=node.target, source=iters, bind_value=bind_for_value)
        self.visit_body(node.body)


if getattr(_original_visit_for, "__name__", "") != "_visit_for":
    dispatch.register(token="tirx", type_name="For")(_visit_for)


def _is_let_value(parser: Any, value: Any) -> bool:
    """A value apache-tvm would store into a fresh local scalar buffer: TileLang binds it instead."""
    if isinstance(value, (bool, int, float)):
        return True
    if not tvm.ir.is_prim_expr(value) or is_buffer_var(value) or isinstance(value, tvm.ir.StringImm):
        return False
    if type(value).__name__ == "TensorLoad":  # reading a scalar buffer: apache-tvm's own path
        return False
    if isinstance(value, tvm.ir.Var) and not parser.var_table.exist(value):
        return False  # a fresh Var (e.g. from T.int32()) is named, not bound
    return type(getattr(value, "ty", None)).__name__ != "PointerType"


_original_bind_assign_value = _tirx_parser.bind_assign_value


def _bind_assign_value(self: Any, node: Any, var_name: str, value: Any, *args: Any, **kwargs: Any) -> Any:
    if not _is_let_value(self, value):
        return _original_bind_assign_value(self, node, var_name, value, *args, **kwargs)
    var = _builder.Bind(tvm.runtime.convert(value))
    IRBuilder.name(var_name, var)
    table = self.var_table
    if var_name in table.frames[-1].vars:
        # `n = n + 1` after `n = ...`: TileLang binds a new let that shadows the old one. apache-tvm's
        # table refuses a second definition in one scope, but skips re-adding the value it already
        # holds, so the new var is put in place here and the parser's own add() is then a no-op.
        table.name2value[var_name][-1] = var
    return var


# visit_assign / visit_aug_assign look the binder up in their module at call time.
if getattr(_original_bind_assign_value, "__name__", "") != "_bind_assign_value":
    _tirx_parser.bind_assign_value = _bind_assign_value
