"""Task 1: ``TTCodegenVisitor``, the base of the reader, compute and writer visitors.

Like TVM's ``codegen_c.cc``: one ``visit_<NodeKind>`` method per TIR node kind, ``emit_expr`` for
expressions, and emission helpers. Subclasses decide what each ``tt.*`` annotation means for
their kernel (``visit_tt_copy`` ...). Anything without a handler raises ``UnsupportedConstruct``
naming the node kind and where it sits; nothing is ever printed as a placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ttmigrate.tt import contract

from ...frontend import ops
from ..cpp import CppWriter
from ..errors import UnsupportedConstruct
from ..program import CircularBufferSpec
from .expr import ExprPrinter
from .naming import NameTable
from .tiles import strip_parens


class TTCodegenVisitor:
    kernel_kind = ""  # "reader" | "compute" | "writer"

    def __init__(self, func: Any, circular_buffers: tuple[CircularBufferSpec, ...]) -> None:
        self.func = func
        self.out = CppWriter()
        self.names = NameTable()
        self._cbs = {cb.name: cb for cb in circular_buffers}
        self.used_cbs: dict[int, str] = {}  # cb id -> C++ symbol, for the declarations
        self._path: list[str] = ["main"]
        self._exprs = ExprPrinter(self)

    # --- emission helpers -------------------------------------------------------------------

    def emit_line(self, text: str = "") -> None:
        self.out.emit_line(text)

    def emit(self, *lines: str) -> None:
        self.out.emit(*lines)

    @contextmanager
    def captured(self, nested: bool = False) -> Iterator[CppWriter]:
        """Emit into a fresh writer instead of the kernel's (one level deeper when ``nested``)."""
        outer = self.out
        inner = outer.nested(deeper=nested)
        self.out = inner
        try:
            yield inner
        finally:
            self.out = outer

    def splice(self, lines: list[str]) -> None:
        self.out.extend(lines)

    # --- naming ---------------------------------------------------------------------------------

    def var_name(self, var: Any) -> str:
        return self.names.get(var, str(var.name))

    def is_circular_buffer(self, buffer: Any) -> bool:
        return str(buffer.name) in self._cbs

    def cb_spec(self, buffer_or_name: Any) -> CircularBufferSpec:
        name = buffer_or_name if isinstance(buffer_or_name, str) else str(buffer_or_name.name)
        if name not in self._cbs:
            raise self.unsupported("Buffer", f"buffer {name} is not a circular buffer")
        return self._cbs[name]

    def cb_id(self, buffer: Any) -> int:
        return self.cb_spec(buffer).cb_id

    def cb_symbol(self, cb: CircularBufferSpec) -> str:
        symbol = self.used_cbs.get(cb.cb_id)
        if symbol is None:
            symbol = self.names.get(("cb", cb.cb_id), f"cb_{cb.name}")
            self.used_cbs[cb.cb_id] = symbol
        return symbol

    def emit_expr(self, expr: Any) -> str:
        return self._exprs.print(expr)

    # --- locations and errors -------------------------------------------------------------------

    @contextmanager
    def at(self, step: str) -> Iterator[None]:
        self._path.append(step)
        try:
            yield
        finally:
            self._path.pop()

    @property
    def location(self) -> str:
        return "/".join(self._path)

    def unsupported(self, node_kind: str, construct: str) -> UnsupportedConstruct:
        return UnsupportedConstruct(
            node_kind=node_kind, construct=f"{construct} ({self.kernel_kind} kernel)", location=self.location
        )

    # --- dispatch -------------------------------------------------------------------------------

    def visit(self, node: Any) -> None:
        kind = type(node).__name__
        method = getattr(self, f"visit_{kind}", None)
        if method is None:
            raise self.unsupported(kind, "statement kind the TT backend does not lower")
        method(node)

    def visit_SeqStmt(self, node: Any) -> None:
        """Children in order. Bind statements are held back and printed only if the code that
        follows them in this kernel uses the bound name (a reader needs block indices, compute
        usually does not)."""
        pending: list[tuple[str, str, str]] = []  # (name, value text, uses)
        with self.captured() as body:
            for index, child in enumerate(node.seq):
                with self.at(f"SeqStmt[{index}]"):
                    if type(child).__name__ == "Bind":
                        name = self.var_name(child.var)
                        value = self.emit_expr(child.value)
                        pending.append((name, value, value))
                    else:
                        self.visit(child)
                        self.after_statement(
                            child, node.seq[index + 1] if index + 1 < len(node.seq) else None
                        )
        used_text = "\n".join(body.lines)
        needed: list[tuple[str, str]] = []
        for name, value, _ in reversed(pending):
            if re.search(rf"\b{re.escape(name)}\b", used_text):
                needed.insert(0, (name, value))
                used_text += "\n" + value
        for name, value in needed:
            self.emit_line(f"uint32_t {name} = {strip_parens(value)};")
        self.splice(body.lines)

    def after_statement(self, stmt: Any, next_stmt: Any | None) -> None:
        """Hook run after each statement of a sequence (the reader batches its NOC barriers here)."""

    def visit_For(self, node: Any) -> None:
        var = self.var_name(node.loop_var)
        with self.at(f"For({node.loop_var.name})"), self.captured(nested=True) as body:
            self.visit(node.body)
            self.before_loop_end(node)
        if not body.lines:
            return  # this loop drives nothing in this kernel
        start = strip_parens(self.emit_expr(node.min))
        extent = self.emit_expr(node.extent)
        bound = extent if start == "0" else f"{start} + {extent}"
        self.emit_line(f"for (uint32_t {var} = {start}; {var} < {bound}; ++{var}) {{")
        self.splice(body.lines)
        self.emit_line("}")

    def before_loop_end(self, node: Any) -> None:
        """Hook at the end of a loop body (the reader flushes its pending pushes here)."""

    def visit_AttrStmt(self, node: Any) -> None:
        key = str(node.attr_key)
        if not key.startswith("tt."):
            with self.at(f"AttrStmt({key})"):
                self.visit(node.body)
            return
        handler = getattr(self, "visit_" + key.replace(".", "_"), None)
        if handler is None:
            raise self.unsupported("AttrStmt", f"annotation {key}")
        with self.at(f"AttrStmt({key})"):
            handler(contract.decode(key, node.node), node)

    def visit_AllocBuffer(self, node: Any) -> None:
        buffer = node.buffer
        if self.is_circular_buffer(buffer):
            return  # a CB: declared by the host, named by its id in the kernel
        raise self.unsupported(
            "AllocBuffer", f"buffer {buffer.name} in scope {buffer.scope()} that is not a circular buffer"
        )

    def visit_DeclBuffer(self, node: Any) -> None:
        if not self.is_circular_buffer(node.buffer):
            raise self.unsupported("DeclBuffer", f"buffer view {node.buffer.name}")

    def visit_Bind(self, node: Any) -> None:
        self.emit_line(f"uint32_t {self.var_name(node.var)} = {self.emit_expr(node.value)};")

    def visit_LetStmt(self, node: Any) -> None:
        self.emit_line(f"uint32_t {self.var_name(node.var)} = {self.emit_expr(node.value)};")
        self.visit(node.body)

    def visit_BufferStore(self, node: Any) -> None:
        raise self.unsupported(
            "BufferStore",
            f"element store into {node.buffer.name} that lowering did not recognise as a tile operation",
        )

    def visit_Evaluate(self, node: Any) -> None:
        value = node.value
        if type(value).__name__ == "IntImm":
            return  # the body of a tt.* annotation
        if ops.is_tile_op(value):
            raise self.unsupported("Evaluate", f"tile operation {value.op.name} that lowering left in place")
        raise self.unsupported(
            "Evaluate", f"call {getattr(getattr(value, 'op', None), 'name', type(value).__name__)}"
        )

    def visit_IfThenElse(self, node: Any) -> None:
        with self.captured(nested=True) as then_body, self.at("IfThenElse.then"):
            self.visit(node.then_case)
        else_lines: list[str] = []
        if node.else_case is not None:
            with self.captured(nested=True) as else_body, self.at("IfThenElse.else"):
                self.visit(node.else_case)
            else_lines = else_body.lines
        if not then_body.lines and not else_lines:
            return
        self.emit_line(f"if ({self.emit_expr(node.condition)}) {{")
        self.splice(then_body.lines)
        if else_lines:
            self.emit_line("} else {")
            self.splice(else_lines)
        self.emit_line("}")

    def visit_While(self, node: Any) -> None:
        with self.captured(nested=True) as body, self.at("While"):
            self.visit(node.body)
        if body.lines:
            self.emit_line(f"while ({self.emit_expr(node.condition)}) {{")
            self.splice(body.lines)
            self.emit_line("}")

    def visit_TensorLoad(self, node: Any) -> str:
        """A load inside an expression. Tile buffers live in circular buffers, whose elements a
        kernel cannot address one by one; only whole-tile operations (tt.* annotations) touch them."""
        raise self.unsupported("TensorLoad", f"element load from {node.source.name} outside a tile operation")
