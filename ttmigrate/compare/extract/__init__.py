"""Syntax tree -> kernel model. One method per syntax node kind, in the style of codegen_c.cc:
expressions in `expressions`, statements (and the entry) in `statements`, the tables derived from a
finished walk in `tables`.

The walker keeps a chain of scopes mapping each local name to its canonical expression, so that a
use of `Kt` becomes `arg[1]`, `cb_in0` becomes `c_0` and `tile_id` becomes the inlined expression
it was initialised with. Locals that are ever reassigned cannot be inlined; they become `v<k>`
(numbered in declaration order) and each assignment is an event.
"""

from __future__ import annotations

from collections.abc import Mapping

from ttmigrate.compare.expr import Expr
from ttmigrate.compare.model import KernelModel
from ttmigrate.compare.parse import Source, node_text

from .state import UNKNOWN_TAIL, CallHook, ExtractError, LoopFrame
from .statements import KernelExtractor
from .syntax import declarator_name

__all__ = [
    "UNKNOWN_TAIL",
    "CallHook",
    "ExtractError",
    "KernelExtractor",
    "LoopFrame",
    "defines_function",
    "extract_kernel",
]


def extract_kernel(source: Source, *, compile_args: Mapping[int, Expr] | None = None) -> KernelModel:
    return KernelExtractor(source, compile_args=compile_args).run()


def defines_function(source: Source, name: str) -> bool:
    """Whether the file defines a function called `name` (the host is the file that defines main)."""
    return any(
        node.type == "function_definition"
        and node_text(declarator_name(node.child_by_field_name("declarator"))) == name
        for node in source.nodes
    )
