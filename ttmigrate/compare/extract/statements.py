"""Statement half of the kernel-model walker, and its entry: one method per statement node kind
(``_stmt_<kind>``), loops and branches named by their place in the body."""

from __future__ import annotations

import tree_sitter

from ttmigrate.compare import expr as E
from ttmigrate.compare.expr import Expr
from ttmigrate.compare.model import KernelModel, Loop
from ttmigrate.compare.parse import descendants, line_of, named_children, node_text

from .expressions import ExpressionWalker
from .state import UNKNOWN_TAIL, ExtractError, LoopFrame
from .syntax import (
    case_body,
    constructor_arguments,
    declarator_name,
    entry_function,
    helper_functions,
    mutated_names,
    squash,
)
from .tables import arg_uses, cb_uses
from .values import is_value

# Statements whose body the model cannot follow; one that contains a call is an ExtractError (a
# finding naming its line), never a silent skip of the calls inside.
_UNMODELLED = {"goto_statement", "co_return_statement", "labeled_statement"}
_MAX_UNROLL = 64  # elements of a braced list a range-for is unrolled over


class KernelExtractor(ExpressionWalker):
    """Syntax tree -> kernel model: walks the entry function's body in source order."""

    def run(self) -> KernelModel:
        nodes = self.source.nodes
        includes = tuple(
            node_text(node.child_by_field_name("path") or node).strip('<>"')
            for node in nodes
            if node.type == "preproc_include"
        )
        function = entry_function(nodes)
        if function is None:
            raise ExtractError(f"{self.source.artifact}: no kernel_main, MAIN or main function")
        name = node_text(declarator_name(function.child_by_field_name("declarator")))
        self.helpers = helper_functions(nodes, function)
        self._file_constants(nodes)
        body = function.child_by_field_name("body")
        assert body is not None
        self.state.mutated = mutated_names(body)
        self._statement(body)
        runtime_args, compile_time_args = arg_uses(self.state)
        return KernelModel(
            artifact=self.source.artifact,
            entry=name,
            includes=includes,
            constants=dict(self.state.constants),
            cbs=cb_uses(self.state),
            runtime_args=runtime_args,
            runtime_args_dynamic=self.state.dynamic_arg_reads,
            compile_time_args=compile_time_args,
            loops=dict(self.state.loops),
            events=tuple(self.state.events),
        )

    def _file_constants(self, nodes: list[tree_sitter.Node]) -> None:
        """const / constexpr variables at namespace scope (`constexpr uint32_t kTiles = 12;`), in
        source order, bound in the outermost scope like constexpr locals. Their values only: a
        namespace-scope initialiser that calls a function is not a constant and is left unbound."""
        for node in nodes:
            if node.type != "declaration":
                continue
            parent = node.parent  # asked only of declarations: a Node's parent is found from the root
            if parent is None:
                continue
            if parent.type not in ("translation_unit", "declaration_list"):
                continue
            qualifiers = {node_text(c) for c in node.children if c.type == "type_qualifier"}
            if not qualifiers & {"const", "constexpr"}:
                continue
            for declarator in node.children_by_field_name("declarator"):
                value_node = (
                    declarator.child_by_field_name("value") if declarator.type == "init_declarator" else None
                )
                if value_node is None or any(
                    d.type == "call_expression" and self._helper_of(d) is not None
                    for d in descendants(value_node)
                ):
                    continue  # no value, or one computed by a helper (walking it would emit its events)
                value = self._expr(value_node)
                if is_value(value):
                    self.state.scopes[0][node_text(declarator_name(declarator))] = value

    # ---- statements --------------------------------------------------------------------------
    def _statement(self, node: tree_sitter.Node) -> None:
        handler = getattr(self, f"_stmt_{node.type}", None)
        if handler is not None:
            handler(node)
        elif node.type == "comment" or not node.is_named or node.type.startswith("preproc_"):
            return  # #define / #pragma / #include inside a body: macros are read by preprocess.py
        elif node.type in _UNMODELLED and any(d.type == "call_expression" for d in descendants(node)):
            raise ExtractError(
                f"{self.source.artifact}:{line_of(node)}: a {node.type.replace('_', ' ')} with calls "
                "inside is not modelled",
                line_of(node),
            )
        else:
            self._emit("stmt", node.type, (E.Lit(squash(node_text(node))),), node)

    def _stmt_try_statement(self, node: tree_sitter.Node) -> None:
        """The try body runs in line; each catch handler is a branch that normal execution skips."""
        body = node.child_by_field_name("body")
        if body is not None:
            self._statement(body)
        for handler in (c for c in node.named_children if c.type == "catch_clause"):
            branch_id = self._next_child_id("C")
            self._emit("else", branch_id, (), handler)
            self._enter(branch_id, handler.child_by_field_name("body"))

    def _stmt_switch_statement(self, node: tree_sitter.Node) -> None:
        """A switch on a value the model knows (a constant, an enum name) runs the matching case,
        falling through to the next `break`. Otherwise the first case is a branch the execution
        order takes and the other cases are branches it skips (like `else`)."""
        cond_node, body = node.child_by_field_name("condition"), node.child_by_field_name("body")
        if cond_node is None or body is None:
            return
        cond = self._expr(cond_node)
        cases = [c for c in named_children(body) if c.type == "case_statement"]
        labels = [self._expr(v) if (v := c.child_by_field_name("value")) is not None else None for c in cases]
        chosen = next((i for i, label in enumerate(labels) if label == cond), None)
        decidable = isinstance(cond, E.Num) and all(
            label is None or isinstance(label, E.Num) for label in labels
        )
        if chosen is None and decidable:
            chosen = next((i for i, label in enumerate(labels) if label is None), None)
            if chosen is None:
                return  # no case matches and there is no default: the switch does nothing
        if chosen is not None or decidable:
            self.state.scopes.append({})
            for case in cases[chosen:]:
                for statement in case_body(case):
                    if statement.type == "break_statement":
                        self.state.scopes.pop()
                        return
                    self._statement(statement)
            self.state.scopes.pop()
            return
        for index, (case, label) in enumerate(zip(cases, labels, strict=True)):
            branch_id = self._next_child_id("B")
            test = E.binary("==", cond, label) if label is not None else E.Name("default")
            self._emit("if" if index == 0 else "else", branch_id, (test,) if index == 0 else (), case)
            self.state.scope_ids.append(branch_id)
            self.state.child_counts.append({})
            self.state.scopes.append({})
            for statement in case_body(case):
                if statement.type != "break_statement":
                    self._statement(statement)
            self.state.scopes.pop()
            self.state.child_counts.pop()
            self.state.scope_ids.pop()

    def _opaque_loop(
        self, node: tree_sitter.Node, trip: Expr, bind: str = "", element_of: Expr | None = None
    ) -> None:
        """A loop whose trip count the model cannot name (while, do, range-for): its body is
        modelled once per iteration like any loop, with trip count `trip`."""
        loop_id = self._next_child_id("L")
        depth = len(self.state.frames)
        loop_var: Expr = E.Loop(depth)
        self.state.scopes.append({})
        if bind:  # the element of the range at the loop's iteration
            self._bind(bind, E.index(element_of, loop_var) if element_of is not None else loop_var)
        self._walk_loop(node, loop_id, depth, start=E.num(0), trip=trip, step=E.num(1))

    def _walk_loop(
        self, node: tree_sitter.Node, loop_id: str, depth: int, *, start: Expr, trip: Expr, step: Expr
    ) -> None:
        """Records the loop, walks its body once inside its frame, and closes the scope the caller
        opened for its induction variable (bound there before the trip count is known)."""
        self.state.loops[loop_id] = Loop(
            id=loop_id,
            var=E.render(E.Loop(depth)),
            start=E.render(start),
            trip_count=E.render(trip),
            step=E.render(step),
            line=line_of(node),
            trip_expr=trip,
            start_expr=start,
            step_expr=step,
        )
        self._emit("loop", loop_id, (), node)
        self.state.frames.append(LoopFrame(depth=depth, start=start, trip=trip, step=step))
        self._enter(loop_id, node.child_by_field_name("body"))
        self.state.frames.pop()
        self.state.scopes.pop()

    def _stmt_while_statement(self, node: tree_sitter.Node) -> None:
        cond = node.child_by_field_name("condition")
        self._opaque_loop(node, E.Lit("?while " + (squash(node_text(cond)) if cond else "")))

    def _stmt_do_statement(self, node: tree_sitter.Node) -> None:
        cond = node.child_by_field_name("condition")
        self._opaque_loop(node, E.Lit("?do-while " + (squash(node_text(cond)) if cond else "")))

    def _stmt_for_range_loop(self, node: tree_sitter.Node) -> None:
        declarator = node.child_by_field_name("declarator")
        right = node.child_by_field_name("right")
        values = self._expr(right) if right is not None else E.Lit("")
        name = node_text(declarator_name(declarator)) if declarator is not None else ""
        body = node.child_by_field_name("body")
        if isinstance(values, E.Init) and 0 < len(values.fields) <= _MAX_UNROLL and body is not None:
            # for (uint32_t cb : {0u, 1u, 16u}) { ... }: the body written out once per element
            for _, element in values.fields:
                self.state.scopes.append({name: element} if name else {})
                self._statement(body)
                self.state.scopes.pop()
            return
        self._opaque_loop(node, E.Lit("?range " + E.render(values)), bind=name, element_of=values)

    def _stmt_compound_statement(self, node: tree_sitter.Node) -> None:
        self.state.scopes.append({})
        for child in named_children(node):
            self._statement(child)
        self.state.scopes.pop()

    def _stmt_declaration(self, node: tree_sitter.Node) -> None:
        is_constexpr = any(node_text(c) == "constexpr" for c in node.children if c.type == "type_qualifier")
        type_node = node.child_by_field_name("type")
        type_text = squash(node_text(type_node)) if type_node is not None else ""
        for declarator in node.children_by_field_name("declarator"):
            name_node = declarator_name(declarator)
            name = node_text(name_node)
            value_node = (
                declarator.child_by_field_name("value") if declarator.type == "init_declarator" else None
            )
            value: Expr | None = None
            if declarator.type == "function_declarator" and constructor_arguments(declarator) is not None:
                # `DataflowBuffer dfb(cb_out);` parses as a function declaration (the most vexing
                # parse); inside a body it is a constructor call
                arguments = constructor_arguments(declarator) or []
                value = E.Call(E.Name(type_text), tuple(self._expr_of_text(a) for a in arguments))
            if value_node is not None:
                value = self._expr(value_node)
                if value_node.type == "argument_list":  # constructor call: CoreRange cores({0, 0}, {7, 7})
                    assert isinstance(value, E.Call)  # what _expr_argument_list returns
                    value = E.Call(E.Name(type_text), value.args)
                elif isinstance(value, E.Init) and not value.type:
                    value = E.Init(type_text, value.fields)
                value = self._hooked(value, node)
            opaque = value is not None and not self.inline_calls and not is_value(value)
            if name in self.state.mutated or value is None or opaque:
                local: Expr = E.Local(self.state.locals_count)
                self.state.locals_count += 1
                self._emit(
                    "decl" if value is None else "assign", E.render(local), (value,) if value else (), node
                )
                self._bind(name, local)
                continue
            self._bind(name, value)
            self.state.declared_in_loops[name] = len(self.state.frames)
            if isinstance(value, E.Cb):
                self.state.cb_symbols.setdefault(value.value, set()).add(name)
            elif is_constexpr:
                self.state.constants[name] = E.render(value)

    def _stmt_expression_statement(self, node: tree_sitter.Node) -> None:
        children = named_children(node)
        if not children:
            return
        inner = children[0]
        if inner.type == "call_expression" and self._helper_of(inner) is not None:
            self._expr(inner)  # the helper's statements are the events; the call itself is not one
            return
        if inner.type == "call_expression":
            call = self._expr(inner)
            if isinstance(call, E.Call):
                self._hooked(call, inner)
                self._emit("call", E.render(call.callee), call.args, node)
                self._appended(inner, call)
                return
        if inner.type == "assignment_expression":
            self._assignment(inner)
            return
        if inner.type == "update_expression":
            target = self._expr(inner.child_by_field_name("argument") or inner)
            op = "+=" if "++" in node_text(inner) else "-="
            self._emit("assign", E.render(target), (E.Name(op), E.num(1)), node)
            return
        self._emit("stmt", "expression", (self._expr(inner),), node)

    def _appended(self, node: tree_sitter.Node, call: E.Call) -> None:
        """`args.push_back(x)` / `args.emplace_back(x)` on a braced-list vector extends its value (host
        compile-time and runtime argument lists are built this way); `TensorAccessorArgs(b).append_to(args)`
        appends entries the model cannot count, so the list ends in an unknown tail. An append in a
        loop the vector was declared outside of is an unknown tail too (the body is modelled once)."""
        function = node.child_by_field_name("function")
        if function is None or function.type != "field_expression":
            return
        method = node_text(function.child_by_field_name("field") or function)
        if method in ("push_back", "emplace_back"):
            target = function.child_by_field_name("argument")
            item: Expr = call.args[0] if len(call.args) == 1 else UNKNOWN_TAIL
        elif method == "append_to":
            arguments = node.child_by_field_name("arguments")
            named = named_children(arguments) if arguments is not None else []
            target, item = (named[0] if named else None), UNKNOWN_TAIL
        else:
            return
        if target is None or target.type != "identifier":
            return
        name = node_text(target)
        for depth in range(len(self.state.scopes) - 1, -1, -1):
            value = self.state.scopes[depth].get(name)
            if value is None:
                continue
            if not isinstance(value, E.Init) or any(v == UNKNOWN_TAIL for _, v in value.fields):
                return
            if len(self.state.frames) > self.state.declared_in_loops.get(name, 0):
                item = UNKNOWN_TAIL
            self.state.scopes[depth][name] = E.Init(value.type, (*value.fields, ("", item)))
            return

    def _assignment(self, node: tree_sitter.Node) -> None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        op = node.child_by_field_name("operator")
        assert left is not None and right is not None
        target = self._expr(left)
        self._emit(
            "assign", E.render(target), (E.Name(node_text(op) if op else "="), self._expr(right)), node
        )

    def _stmt_for_statement(self, node: tree_sitter.Node) -> None:
        loop_id = self._next_child_id("L")
        depth = len(self.state.frames)
        init = node.child_by_field_name("initializer")
        cond = node.child_by_field_name("condition")
        update = node.child_by_field_name("update")
        var_name, start = self._loop_init(init)
        self.state.scopes.append({})
        loop_var: Expr = E.Loop(depth)
        step = self._loop_step(update, var_name)
        trip = self._trip_count(cond, var_name, start, step)
        if var_name:
            # The canonical induction variable counts iterations from 0, so `for (t = s; t < s + n; ++t)
            # use(t)` and `for (i = 0; i < n; ++i) use(s + i)` have the same model.
            counted = loop_var if isinstance(step, E.Lit) else E.binary("*", loop_var, step)
            self._bind(var_name, E.binary("+", start, counted) if not isinstance(start, E.Lit) else loop_var)
        self._walk_loop(node, loop_id, depth, start=start, trip=trip, step=step)

    def _enter(self, scope_id: str, body: tree_sitter.Node | None) -> None:
        self.state.scope_ids.append(scope_id)
        self.state.child_counts.append({})
        if body is not None:
            self._statement(body)
        self.state.child_counts.pop()
        self.state.scope_ids.pop()

    def _stmt_if_statement(self, node: tree_sitter.Node) -> None:
        branch_id = self._next_child_id("B")
        cond = node.child_by_field_name("condition")
        self._emit("if", branch_id, (self._expr(cond) if cond is not None else E.num(1),), node)
        self._enter(branch_id, node.child_by_field_name("consequence"))
        alternative = node.child_by_field_name("alternative")
        if alternative is not None:
            else_id = branch_id + "e"
            self._emit("else", else_id, (), alternative)
            body = named_children(alternative)
            self._enter(else_id, body[0] if body else None)

    def _stmt_return_statement(self, node: tree_sitter.Node) -> None:
        values = named_children(node)
        if self.state.inlining:  # the value of an inlined helper call
            if values and self.state.returns[-1] is None:
                self.state.returns[-1] = self._expr(values[0])
            return
        self._emit("return", "return", tuple(self._expr(v) for v in values), node)

    def _loop_init(self, init: tree_sitter.Node | None) -> tuple[str, Expr]:
        if init is None:
            return "", E.num(0)
        if init.type == "declaration":
            declarator = init.child_by_field_name("declarator")
            if declarator is not None and declarator.type == "init_declarator":
                value = declarator.child_by_field_name("value")
                return node_text(declarator_name(declarator)), self._expr(value) if value else E.num(0)
        if init.type == "assignment_expression":
            left, right = init.child_by_field_name("left"), init.child_by_field_name("right")
            if left is not None and right is not None:
                return node_text(left), self._expr(right)
        return "", E.Lit(squash(node_text(init)))

    def _loop_step(self, update: tree_sitter.Node | None, var: str) -> Expr:
        if update is None:
            return E.Lit("none")
        text = squash(node_text(update))
        if text in (f"++{var}", f"{var}++"):
            return E.num(1)
        if (
            update.type == "assignment_expression"
            and node_text(update.child_by_field_name("left") or update) == var
        ):
            op = node_text(update.child_by_field_name("operator") or update)
            right = update.child_by_field_name("right")
            if op == "+=" and right is not None:
                return self._expr(right)
        return E.Lit(text)

    def _trip_count(self, cond: tree_sitter.Node | None, var: str, start: Expr, step: Expr) -> Expr:
        if cond is None or cond.type != "binary_expression" or isinstance(step, E.Lit):
            return E.Lit("?" + (squash(node_text(cond)) if cond is not None else ""))
        left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
        op = node_text(cond.child_by_field_name("operator") or cond)
        assert left is not None and right is not None
        if node_text(left) != var or op not in ("<", "<=", "!="):
            return E.Lit("?" + squash(node_text(cond)))
        bound = self._expr(right)
        if op == "<=":
            bound = E.binary("+", bound, E.num(1))
        span = E.binary("-", bound, start) if start != E.num(0) else bound
        if step == E.num(1):
            return span
        return E.binary("/", E.binary("+", span, E.binary("-", step, E.num(1))), step)
