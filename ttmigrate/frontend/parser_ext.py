"""One extension to apache-tvm's TVMScript parser: ``for i, j in T.Parallel(32, 32)``.

TileLang's ``T.Parallel`` takes several extents and opens one parallel loop per extent. apache-tvm
has only single-loop parallel frames, so we wrap the tirx ``For`` handler: a ``ParallelSpec``
iterator opens nested ``T.parallel`` frames; every other loop goes to the original handler. The
printed form (nested ``T.parallel`` loops) is plain TVMScript.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from tvm.script.parser.core import dispatch, doc
from tvm.tirx.script.builder import ir as _builder
from tvm.tirx.script.parser.parser import bind_for_value


@dataclass(frozen=True)
class ParallelSpec:
    extents: tuple[Any, ...]


_original_visit_for = dispatch.get(token="tirx", type_name="For")


def _visit_for(self: Any, node: doc.For) -> None:
    spec = None
    if isinstance(node.iter, doc.Call):
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
