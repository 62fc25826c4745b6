"""Expression half of the kernel-model walker: one method per expression node kind
(``_expr_<kind>``), the scope chain that resolves names, and helper functions inlined at their calls."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping

import tree_sitter

from ttmigrate.compare import expr as E
from ttmigrate.compare.api_facts import INTEGER_TYPES, SIZEOF, cb_id_of, cb_operands, constant_of
from ttmigrate.compare.expr import Expr
from ttmigrate.compare.model import Event
from ttmigrate.compare.parse import Source, line_of, named_children, node_text, parse_cpp

from .state import CallHook, WalkState
from .syntax import declarator_name, mutated_names, parameters, squash
from .values import cast_type, cb_method, integer_cast

_PASSTHROUGH = {"parenthesized_expression", "expression_statement", "condition_clause"}


class ExpressionWalker(ABC):
    """Expressions of a kernel or host body -> model expressions, with the scopes that resolve names
    and the helpers of the same file inlined at their calls (whose bodies are statements: walked by
    the subclass, statements.KernelExtractor)."""

    def __init__(
        self,
        source: Source,
        *,
        call_hook: CallHook | None = None,
        inline_calls: bool = True,
        compile_args: Mapping[int, Expr] | None = None,
    ) -> None:
        self.source = source
        self.call_hook = call_hook
        # Kernel locals initialised by calls (get_write_ptr, get_tile_size) are inlined at their use;
        # host locals initialised by calls (CreateDevice, CreateProgram) are handles, not values.
        self.inline_calls = inline_calls
        # get_compile_time_arg_val(i) -> the constant the host passes in the kernel's compile_args
        self.compile_args = dict(compile_args or {})
        self.state = WalkState()
        self.helpers: dict[str, tree_sitter.Node] = {}
        self._macro_depth = 0

    # ---- scopes ------------------------------------------------------------------------------
    def _lookup(self, name: str) -> Expr | None:
        for scope in reversed(self.state.scopes):
            if name in scope:
                return scope[name]
        return None

    def _bind(self, name: str, value: Expr) -> None:
        self.state.scopes[-1][name] = value

    def _emit(self, kind: str, name: str, args: tuple[Expr, ...], node: tree_sitter.Node) -> None:
        self.state.events.append(
            Event(
                kind=kind,
                name=name,
                args=tuple(E.render(a) for a in args),
                scope=tuple(self.state.scope_ids),
                line=line_of(node),
                exprs=args,
            )
        )

    def _next_child_id(self, prefix: str) -> str:
        counts = self.state.child_counts[-1]
        index = counts.get(prefix, 0)
        counts[prefix] = index + 1
        own = f"{prefix}{index}"
        return f"{self.state.scope_ids[-1]}.{own}" if self.state.scope_ids else own

    @abstractmethod
    def _statement(self, node: tree_sitter.Node) -> None:
        """Walk one statement (an inlined helper's body is one)."""

    # ---- expressions -------------------------------------------------------------------------
    def _hooked(self, value: Expr, node: tree_sitter.Node) -> Expr:
        if self.call_hook is not None and isinstance(value, E.Call):
            replaced = self.call_hook(value, line_of(node), tuple(self.state.frames))
            if replaced is not None:
                return replaced
        return value

    def _expr(self, node: tree_sitter.Node) -> Expr:
        kind = node.type
        if kind in _PASSTHROUGH:
            inner = named_children(node)
            return self._expr(inner[0]) if inner else E.Lit("")
        handler = getattr(self, f"_expr_{kind}", None)
        if handler is not None:
            result: Expr = handler(node)
            return result
        return E.Lit(squash(node_text(node)))

    def _expr_number_literal(self, node: tree_sitter.Node) -> Expr:
        text = node_text(node).replace("'", "")
        digits = text.rstrip("uUlLzZ")
        try:
            return E.num(int(digits, 0))
        except ValueError:
            return E.Lit(text)

    def _expr_identifier(self, node: tree_sitter.Node) -> Expr:
        name = node_text(node)
        bound = self._lookup(name)
        if bound is not None:
            return bound
        macro = self._macro(name)
        if macro is not None:
            return macro
        constant = constant_of(name)  # `using namespace tt::constants;` then TILE_HW
        return E.num(constant) if constant is not None and name.isupper() else E.Name(name)

    def _macro(self, name: str) -> Expr | None:
        """An object-like #define (file or host `defines`) read as the expression it stands for."""
        body = self.source.macros.get(name)
        if body is None or not body.strip() or self._macro_depth > 8:
            return None
        self._macro_depth += 1
        try:
            return self._expr_of_text(body)
        finally:
            self._macro_depth -= 1

    def _expr_of_text(self, text: str) -> Expr:
        """The expression a piece of source text (a macro body, a constructor argument) stands for."""
        try:
            # a fragment, not the artifact: named apart (its errors are swallowed just below), so
            # that parse.PARSES counts the artifacts' parses
            wrapper = parse_cpp(artifact=f"{self.source.artifact}#fragment", text=f"auto __value = ({text});")
        except ValueError:
            return E.Name(text.strip())
        declarator = wrapper.root.named_children[0].child_by_field_name("declarator")
        value = declarator.child_by_field_name("value") if declarator is not None else None
        return self._expr(value) if value is not None else E.Name(text.strip())

    def _expr_qualified_identifier(self, node: tree_sitter.Node) -> Expr:
        text = squash(node_text(node)).replace(" ", "")
        cb = cb_id_of(text)
        if cb is not None:
            return E.Cb(cb)
        constant = constant_of(text) if "constants::" in text else None
        return E.num(constant) if constant is not None else E.Name(text)

    def _expr_sizeof_expression(self, node: tree_sitter.Node) -> Expr:
        inner = node.child_by_field_name("type") or node.child_by_field_name("value")
        text = squash(node_text(inner) if inner is not None else "").strip("() ")
        size = SIZEOF.get(text)
        return E.num(size) if size is not None else E.Lit(squash(node_text(node)))

    def _expr_concatenated_string(self, node: tree_sitter.Node) -> Expr:
        """`PREFIX "dir/file.cpp"`: the string parts joined (a macro prefix that is a string joins too)."""
        parts: list[str] = []
        for child in named_children(node):
            if child.type in ("string_literal", "raw_string_literal"):
                parts.append(node_text(child)[1:-1])
            else:
                value = self._expr(child)
                if isinstance(value, E.Lit) and value.value.startswith('"'):
                    parts.append(value.value[1:-1])
        return E.Lit('"' + "".join(parts) + '"')

    def _expr_true(self, node: tree_sitter.Node) -> Expr:
        return E.Name("true")

    def _expr_false(self, node: tree_sitter.Node) -> Expr:
        return E.Name("false")

    def _expr_binary_expression(self, node: tree_sitter.Node) -> Expr:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        op = node.child_by_field_name("operator")
        assert left is not None and right is not None and op is not None
        return E.binary(node_text(op), self._expr(left), self._expr(right))

    def _expr_unary_expression(self, node: tree_sitter.Node) -> Expr:
        op, arg = node.child_by_field_name("operator"), node.child_by_field_name("argument")
        assert op is not None and arg is not None
        return E.unary(node_text(op), self._expr(arg))

    _expr_pointer_expression = _expr_unary_expression

    def _expr_conditional_expression(self, node: tree_sitter.Node) -> Expr:
        parts = [node.child_by_field_name(n) for n in ("condition", "consequence", "alternative")]
        if any(p is None for p in parts):
            return E.Lit(squash(node_text(node)))
        cond, yes, no = (self._expr(p) for p in parts if p is not None)
        if isinstance(cond, E.Num):
            return yes if cond.value else no
        return E.Cond(cond, yes, no)

    def _expr_cast_expression(self, node: tree_sitter.Node) -> Expr:
        type_node, value = node.child_by_field_name("type"), node.child_by_field_name("value")
        assert type_node is not None and value is not None
        inner = self._expr(value)
        type_name = squash(node_text(type_node))
        if type_name in INTEGER_TYPES:
            return integer_cast(type_name, inner)
        return E.Call(E.Name(f"({type_name})"), (inner,))

    def _expr_call_expression(self, node: tree_sitter.Node) -> Expr:
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        assert function is not None
        args = tuple(self._expr(a) for a in named_children(arguments)) if arguments is not None else ()
        if function.type == "template_function":
            base = node_text(function.child_by_field_name("name") or function)
            callee: Expr = E.Name(squash(node_text(function)).replace("< ", "<").replace(" >", ">"))
        elif function.type == "primitive_type":  # a functional cast: uint32_t(x)
            base = squash(node_text(function))
            callee = E.Name(base)
        else:
            callee = self._expr(function)
            base = callee.value if isinstance(callee, E.Name) else ""
        read_index = args[0] if len(args) == 1 and isinstance(args[0], E.Num) else None
        if base == "get_arg_val" and read_index is None:
            self.state.dynamic_arg_reads = True
        if base in ("get_arg_val", "get_compile_time_arg_val") and read_index is not None:
            kind = "arg" if base == "get_arg_val" else "ctarg"
            self.state.arg_lines[kind].setdefault(read_index.value, line_of(node))
            if kind == "arg":
                return E.Arg(read_index.value)
            if read_index.value in self.compile_args:
                return self.compile_args[read_index.value]
            return E.CtArg(read_index.value)
        helper = self._helper_of(node)
        if helper is not None:
            return self._inline(helper, args, node)
        method = cb_method(callee)
        if method is not None:  # dfb.reserve_back(1) -> cb_reserve_back(c_N, 1)
            cb, name = method
            if name is None:
                return cb
            callee, args, base = E.Name(name), (cb, *args), name
        cast = cast_type(callee)
        if len(args) == 1 and cast is not None:
            return integer_cast(cast, args[0])
        positions = cb_operands(base)
        if positions:
            # an integer where the API takes a CB is that CB: cb_reserve_back(0, 1) is c_0
            args = tuple(
                E.Cb(a.value) if i in positions and isinstance(a, E.Num) and a.value >= 0 else a
                for i, a in enumerate(args)
            )
        return E.Call(callee, args)

    # ---- helper functions of the same file -----------------------------------------------------
    def _helper_of(self, node: tree_sitter.Node) -> tree_sitter.Node | None:
        function = node.child_by_field_name("function")
        if function is None or function.type not in ("identifier", "template_function"):
            return None
        name_node = function.child_by_field_name("name") if function.type == "template_function" else function
        name = node_text(name_node) if name_node is not None else ""
        if name in self.state.inlining or self._lookup(name) is not None:
            return None  # recursion, or a local (a lambda) of that name
        return self.helpers.get(name)

    def _inline(self, helper: tree_sitter.Node, args: tuple[Expr, ...], node: tree_sitter.Node) -> Expr:
        """Walk a helper's body in place of its call, its parameters bound to the arguments; the
        call's value is what the helper returns (its first `return`)."""
        declarator = helper.child_by_field_name("declarator")
        name = node_text(declarator_name(declarator))
        params = parameters(declarator)
        body = helper.child_by_field_name("body")
        saved_mutated = self.state.mutated
        self.state.mutated = saved_mutated | (mutated_names(body) if body is not None else set())
        self.state.inlining.append(name)
        self.state.returns.append(None)
        self.state.scopes.append({})
        try:
            for position, (param, default) in enumerate(params):
                if position < len(args):
                    value: Expr = args[position]
                elif default is not None:
                    value = self._expr(default)
                else:
                    value = E.Name(param)
                if param in self.state.mutated:
                    local: Expr = E.Local(self.state.locals_count)
                    self.state.locals_count += 1
                    self._emit("assign", E.render(local), (value,), node)
                    value = local
                if param:
                    self._bind(param, value)
            if body is not None:
                self._statement(body)
        finally:
            self.state.scopes.pop()
            result = self.state.returns.pop()
            self.state.inlining.pop()
            self.state.mutated = saved_mutated
        return result if result is not None else E.Name("void")

    def _expr_argument_list(self, node: tree_sitter.Node) -> Expr:
        return E.Call(E.Name(""), tuple(self._expr(a) for a in named_children(node)))

    def _expr_template_function(self, node: tree_sitter.Node) -> Expr:
        return E.Name(squash(node_text(node)))

    def _expr_field_expression(self, node: tree_sitter.Node) -> Expr:
        arg, op, fld = (node.child_by_field_name(n) for n in ("argument", "operator", "field"))
        assert arg is not None and op is not None and fld is not None
        return E.Member(self._expr(arg), node_text(op), node_text(fld))

    def _expr_subscript_expression(self, node: tree_sitter.Node) -> Expr:
        arg, indices = node.child_by_field_name("argument"), node.child_by_field_name("indices")
        assert arg is not None and indices is not None
        inner = named_children(indices)
        return E.index(self._expr(arg), self._expr(inner[0]) if inner else E.Lit(""))

    def _expr_initializer_list(self, node: tree_sitter.Node) -> Expr:
        items: list[tuple[str, Expr]] = []
        for child in named_children(node):
            if child.type == "initializer_pair":
                designator = child.child_by_field_name("designator")
                value = child.child_by_field_name("value")
                assert designator is not None and value is not None
                items.append((node_text(designator).lstrip("."), self._expr(value)))
            else:
                items.append(("", self._expr(child)))
        return E.Init("", tuple(items))

    def _expr_compound_literal_expression(self, node: tree_sitter.Node) -> Expr:
        type_node, value = node.child_by_field_name("type"), node.child_by_field_name("value")
        assert type_node is not None and value is not None
        inner = self._expr(value)
        return E.Init(
            squash(node_text(type_node)), inner.fields if isinstance(inner, E.Init) else (("", inner),)
        )
