"""Parse a kernel function into a PrimFunc, keeping the kernel file's own line numbers.

TileLang kernels are block-structured (a root block holds the allocations), which apache-tvm
calls an ``s_tir`` PrimFunc. Users write a bare ``@T.prim_func``; we parse the function's own
source with the decorator read as ``@T.prim_func(s_tir=True)`` (same line count, so every error
still points at the right line of the right file).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import tvm
from tvm.ir import IRModule
from tvm.script.ir_builder import IRBuilder
from tvm.script.parser.core import utils
from tvm.script.parser.core.diagnostics import Source
from tvm.script.parser.core.error import ParserError
from tvm.script.parser.core.parser import Parser

_DECORATOR = re.compile(r"^(\s*@\s*[\w.]*prim_func)\s*(\(\s*\))?\s*$", re.MULTILINE)


def _as_s_tir(source: str) -> str:
    return _DECORATOR.sub(r"\1(s_tir=True)", source)


def parse_prim_func(func: Callable[..., Any], *, check_well_formed: bool = True) -> tvm.tirx.PrimFunc:
    source = Source(func)
    source.source = _as_s_tir(source.source)
    extra_vars = utils.inspect_function_capture(func)
    parser = Parser(source, {func.__name__: func.__annotations__})
    with IRBuilder() as builder:
        try:
            parser.parse(extra_vars=extra_vars)
        except ParserError as err:
            parser.report_error(err.node, err.args[0])
    prim_func = builder.get()
    if check_well_formed:
        try:
            tvm.s_tir.analysis.verify_well_formed(IRModule.from_expr(prim_func))
        except Exception as err:  # TVM raises its own error types; report them at the function
            parser.report_error(source.as_ast(), err=f"kernel is not well formed: {err}")
    prim_func.__name__ = func.__name__  # type: ignore[attr-defined]
    return prim_func


def parse_script(text: str) -> tvm.tirx.PrimFunc:
    """Parse printed TVMScript (``func.script()``) back, with the TileLang ``T`` namespace."""
    from . import language  # late: language imports this module

    return tvm.script.from_source(text, extra_vars={"T": language})
