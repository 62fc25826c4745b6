"""Syntax tree -> kernel model. One method per syntax node kind, in the style of codegen_c.cc.

The walker keeps a chain of scopes mapping each local name to its canonical expression, so that a
use of `Kt` becomes `arg[1]`, `cb_in0` becomes `c_0` and `tile_id` becomes the inlined expression
it was initialised with. Locals that are ever reassigned cannot be inlined; they become `v<k>`
(numbered in declaration order) and each assignment is an event.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import tree_sitter

from ttmigrate.compare import expr as E
from ttmigrate.compare.api_facts import (
    CB_ID_METHODS,
    CB_METHODS,
    CB_OBJECT_TYPES,
    INTEGER_TYPES,
    SIZEOF,
    cb_id_of,
    cb_operands,
    constant_of,
)
from ttmigrate.compare.expr import Expr
from ttmigrate.compare.model import ArgUse, CbUse, Event, KernelModel, Loop, cb_role
from ttmigrate.compare.parse import Source, descendants, line_of, named_children, node_text, parse_cpp

_ENTRY_NAMES = ("kernel_main", "MAIN", "main")
# Host types whose construction is a value, not an action with side effects: inlined like constants.
VALUE_TYPES = {
    "CoreRange",
    "CoreCoord",
    "CoreRangeSet",
    "CircularBufferConfig",
    "InterleavedBufferConfig",
    "DataMovementConfig",
    "ComputeConfig",
    "ReplicatedBufferConfig",
    "DeviceLocalBufferConfig",
    "ShardedBufferConfig",
    "MeshCoordinateRange",
    "MeshCoordinate",
    "MeshShape",
}
# Statements whose body the model cannot follow; one that contains a call is an ExtractError (a
# finding naming its line), never a silent skip of the calls inside.
_UNMODELLED = {"goto_statement", "co_return_statement", "labeled_statement"}
# the end of an argument list whose further entries the model cannot count (see _appended)
UNKNOWN_TAIL: Expr = ("lit", "...")
_UNKNOWN_TAIL = UNKNOWN_TAIL
_MAX_UNROLL = 64  # elements of a braced list a range-for is unrolled over
_PASSTHROUGH = {"parenthesized_expression", "expression_statement", "condition_clause"}


class ExtractError(ValueError):
    """The artifact parses but has no shape the model understands (e.g. no entry point)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


# A call hook lets the host extractor interpret host API calls while the generic walker runs; it
# returns a replacement expression for the call's value (e.g. a buffer handle) or None.
CallHook = Callable[[Expr, int, tuple["LoopFrame", ...]], Expr | None]


@dataclass(frozen=True)
class LoopFrame:
    depth: int
    start: Expr
    trip: Expr
    step: Expr


@dataclass
class _State:
    scopes: list[dict[str, Expr]] = field(default_factory=lambda: [{}])
    mutated: set[str] = field(default_factory=set)
    locals_count: int = 0
    events: list[Event] = field(default_factory=list)
    loops: dict[str, Loop] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    cb_symbols: dict[int, set[str]] = field(default_factory=dict)
    arg_lines: dict[str, dict[int, int]] = field(default_factory=lambda: {"arg": {}, "ctarg": {}})
    # get_arg_val(i) with an index the model cannot fold: which arguments are read is then unknown
    dynamic_arg_reads: bool = False
    scope_ids: list[str] = field(default_factory=list)
    frames: list[LoopFrame] = field(default_factory=list)
    # per open scope, how many loops ("L") and branches ("B") it holds so far: names the next child
    child_counts: list[dict[str, int]] = field(default_factory=lambda: [{}])
    # helper functions being inlined (innermost last) and the value each one returned
    inlining: list[str] = field(default_factory=list)
    declared_in_loops: dict[str, int] = field(default_factory=dict)  # name -> loop depth of its declaration
    returns: list[Expr | None] = field(default_factory=list)


class KernelExtractor:
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
        self.state = _State()
        self.helpers: dict[str, tree_sitter.Node] = {}
        self._macro_depth = 0

    # ---- entry -------------------------------------------------------------------------------
    def run(self) -> KernelModel:
        nodes = self.source.nodes
        includes = tuple(
            node_text(node.child_by_field_name("path") or node).strip('<>"')
            for node in nodes
            if node.type == "preproc_include"
        )
        function = _entry_function(nodes)
        if function is None:
            raise ExtractError(f"{self.source.artifact}: no kernel_main, MAIN or main function")
        name = node_text(_declarator_name(function.child_by_field_name("declarator")))
        self.helpers = _helper_functions(nodes, function)
        self._file_constants(nodes)
        body = function.child_by_field_name("body")
        assert body is not None
        self.state.mutated = _mutated_names(body)
        self._statement(body)
        return KernelModel(
            artifact=self.source.artifact,
            entry=name,
            includes=includes,
            constants=dict(self.state.constants),
            cbs=self._cb_uses(),
            runtime_args=self._arg_uses("arg"),
            runtime_args_dynamic=self.state.dynamic_arg_reads,
            compile_time_args=self._arg_uses("ctarg"),
            loops=dict(self.state.loops),
            events=tuple(self.state.events),
        )

    def _file_constants(self, nodes: list[tree_sitter.Node]) -> None:
        """const / constexpr variables at namespace scope (`constexpr uint32_t kTiles = 12;`), in
        source order, bound in the outermost scope like constexpr locals. Their values only: a
        namespace-scope initialiser that calls a function is not a constant and is left unbound."""
        for node in nodes:
            parent = node.parent
            if node.type != "declaration" or parent is None:
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
                if _is_value(value):
                    self.state.scopes[0][node_text(_declarator_name(declarator))] = value

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
            self._emit("stmt", node.type, (("lit", _squash(node_text(node))),), node)

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
        decidable = cond[0] == "num" and all(label is None or label[0] == "num" for label in labels)
        if chosen is None and decidable:
            chosen = next((i for i, label in enumerate(labels) if label is None), None)
            if chosen is None:
                return  # no case matches and there is no default: the switch does nothing
        if chosen is not None or decidable:
            self.state.scopes.append({})
            for case in cases[chosen:]:
                for statement in _case_body(case):
                    if statement.type == "break_statement":
                        self.state.scopes.pop()
                        return
                    self._statement(statement)
            self.state.scopes.pop()
            return
        for index, (case, label) in enumerate(zip(cases, labels, strict=True)):
            branch_id = self._next_child_id("B")
            test = E.binary("==", cond, label) if label is not None else ("name", "default")
            self._emit("if" if index == 0 else "else", branch_id, (test,) if index == 0 else (), case)
            self.state.scope_ids.append(branch_id)
            self.state.child_counts.append({})
            self.state.scopes.append({})
            for statement in _case_body(case):
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
        loop_var: Expr = ("loop", depth)
        self.state.scopes.append({})
        if bind:  # the element of the range at the loop's iteration
            self._bind(bind, E.index(element_of, loop_var) if element_of is not None else loop_var)
        start, step = E.num(0), E.num(1)
        self.state.loops[loop_id] = Loop(
            id=loop_id,
            var=E.render(loop_var),
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
        self._opaque_loop(node, ("lit", "?while " + (_squash(node_text(cond)) if cond else "")))

    def _stmt_do_statement(self, node: tree_sitter.Node) -> None:
        cond = node.child_by_field_name("condition")
        self._opaque_loop(node, ("lit", "?do-while " + (_squash(node_text(cond)) if cond else "")))

    def _stmt_for_range_loop(self, node: tree_sitter.Node) -> None:
        declarator = node.child_by_field_name("declarator")
        right = node.child_by_field_name("right")
        values = self._expr(right) if right is not None else ("lit", "")
        name = node_text(_declarator_name(declarator)) if declarator is not None else ""
        body = node.child_by_field_name("body")
        if values[0] == "init" and 0 < len(values[2]) <= _MAX_UNROLL and body is not None:
            # for (uint32_t cb : {0u, 1u, 16u}) { ... }: the body written out once per element
            for _, element in values[2]:
                self.state.scopes.append({name: element} if name else {})
                self._statement(body)
                self.state.scopes.pop()
            return
        self._opaque_loop(node, ("lit", "?range " + E.render(values)), bind=name, element_of=values)

    def _stmt_compound_statement(self, node: tree_sitter.Node) -> None:
        self.state.scopes.append({})
        for child in named_children(node):
            self._statement(child)
        self.state.scopes.pop()

    def _stmt_declaration(self, node: tree_sitter.Node) -> None:
        is_constexpr = any(node_text(c) == "constexpr" for c in node.children if c.type == "type_qualifier")
        type_node = node.child_by_field_name("type")
        type_text = _squash(node_text(type_node)) if type_node is not None else ""
        for declarator in node.children_by_field_name("declarator"):
            name_node = _declarator_name(declarator)
            name = node_text(name_node)
            value_node = (
                declarator.child_by_field_name("value") if declarator.type == "init_declarator" else None
            )
            value: Expr | None = None
            if declarator.type == "function_declarator" and _constructor_arguments(declarator) is not None:
                # `DataflowBuffer dfb(cb_out);` parses as a function declaration (the most vexing
                # parse); inside a body it is a constructor call
                arguments = _constructor_arguments(declarator) or []
                value = ("call", ("name", type_text), tuple(self._expr_of_text(a) for a in arguments))
            if value_node is not None:
                value = self._expr(value_node)
                if value_node.type == "argument_list":  # constructor call: CoreRange cores({0, 0}, {7, 7})
                    value = ("call", ("name", type_text), value[2])
                elif value[0] == "init" and not value[1]:
                    value = ("init", type_text, value[2])
                value = self._hooked(value, node)
            opaque = value is not None and not self.inline_calls and not _is_value(value)
            if name in self.state.mutated or value is None or opaque:
                local: Expr = ("local", self.state.locals_count)
                self.state.locals_count += 1
                self._emit(
                    "decl" if value is None else "assign", E.render(local), (value,) if value else (), node
                )
                self._bind(name, local)
                continue
            self._bind(name, value)
            self.state.declared_in_loops[name] = len(self.state.frames)
            if value[0] == "cb":
                self.state.cb_symbols.setdefault(value[1], set()).add(name)
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
            if call[0] == "call":
                self._hooked(call, inner)
                self._emit("call", E.render(call[1]), call[2], node)
                self._appended(inner, call)
                return
        if inner.type == "assignment_expression":
            self._assignment(inner)
            return
        if inner.type == "update_expression":
            target = self._expr(inner.child_by_field_name("argument") or inner)
            op = "+=" if "++" in node_text(inner) else "-="
            self._emit("assign", E.render(target), (("name", op), E.num(1)), node)
            return
        self._emit("stmt", "expression", (self._expr(inner),), node)

    def _appended(self, node: tree_sitter.Node, call: Expr) -> None:
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
            item: Expr = call[2][0] if len(call[2]) == 1 else _UNKNOWN_TAIL
        elif method == "append_to":
            arguments = node.child_by_field_name("arguments")
            named = named_children(arguments) if arguments is not None else []
            target, item = (named[0] if named else None), _UNKNOWN_TAIL
        else:
            return
        if target is None or target.type != "identifier":
            return
        name = node_text(target)
        for depth in range(len(self.state.scopes) - 1, -1, -1):
            value = self.state.scopes[depth].get(name)
            if value is None:
                continue
            if value[0] != "init" or any(v == _UNKNOWN_TAIL for _, v in value[2]):
                return
            if len(self.state.frames) > self.state.declared_in_loops.get(name, 0):
                item = _UNKNOWN_TAIL
            self.state.scopes[depth][name] = ("init", value[1], (*value[2], ("", item)))
            return

    def _assignment(self, node: tree_sitter.Node) -> None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        op = node.child_by_field_name("operator")
        assert left is not None and right is not None
        target = self._expr(left)
        self._emit(
            "assign", E.render(target), (("name", node_text(op) if op else "="), self._expr(right)), node
        )

    def _stmt_for_statement(self, node: tree_sitter.Node) -> None:
        loop_id = self._next_child_id("L")
        depth = len(self.state.frames)
        init = node.child_by_field_name("initializer")
        cond = node.child_by_field_name("condition")
        update = node.child_by_field_name("update")
        var_name, start = self._loop_init(init)
        self.state.scopes.append({})
        loop_var: Expr = ("loop", depth)
        step = self._loop_step(update, var_name)
        trip = self._trip_count(cond, var_name, start, step)
        if var_name:
            # The canonical induction variable counts iterations from 0, so `for (t = s; t < s + n; ++t)
            # use(t)` and `for (i = 0; i < n; ++i) use(s + i)` have the same model.
            counted = loop_var if step[0] == "lit" else E.binary("*", loop_var, step)
            self._bind(var_name, E.binary("+", start, counted) if start[0] != "lit" else loop_var)
        loop = Loop(
            id=loop_id,
            var=E.render(loop_var),
            start=E.render(start),
            trip_count=E.render(trip),
            step=E.render(step),
            line=line_of(node),
            trip_expr=trip,
            start_expr=start,
            step_expr=step,
        )
        self.state.loops[loop_id] = loop
        self._emit("loop", loop_id, (), node)
        self.state.frames.append(LoopFrame(depth=depth, start=start, trip=trip, step=step))
        self._enter(loop_id, node.child_by_field_name("body"))
        self.state.frames.pop()
        self.state.scopes.pop()

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
                return node_text(_declarator_name(declarator)), self._expr(value) if value else E.num(0)
        if init.type == "assignment_expression":
            left, right = init.child_by_field_name("left"), init.child_by_field_name("right")
            if left is not None and right is not None:
                return node_text(left), self._expr(right)
        return "", ("lit", _squash(node_text(init)))

    def _loop_step(self, update: tree_sitter.Node | None, var: str) -> Expr:
        if update is None:
            return ("lit", "none")
        text = _squash(node_text(update))
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
        return ("lit", text)

    def _trip_count(self, cond: tree_sitter.Node | None, var: str, start: Expr, step: Expr) -> Expr:
        if cond is None or cond.type != "binary_expression" or step[0] == "lit":
            return ("lit", "?" + (_squash(node_text(cond)) if cond is not None else ""))
        left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
        op = node_text(cond.child_by_field_name("operator") or cond)
        assert left is not None and right is not None
        if node_text(left) != var or op not in ("<", "<=", "!="):
            return ("lit", "?" + _squash(node_text(cond)))
        bound = self._expr(right)
        if op == "<=":
            bound = E.binary("+", bound, E.num(1))
        span = E.binary("-", bound, start) if start != E.num(0) else bound
        if step == E.num(1):
            return span
        return E.binary("/", E.binary("+", span, E.binary("-", step, E.num(1))), step)

    # ---- expressions -------------------------------------------------------------------------
    def _hooked(self, value: Expr, node: tree_sitter.Node) -> Expr:
        if self.call_hook is not None and value[0] == "call":
            replaced = self.call_hook(value, line_of(node), tuple(self.state.frames))
            if replaced is not None:
                return replaced
        return value

    def _expr(self, node: tree_sitter.Node) -> Expr:
        kind = node.type
        if kind in _PASSTHROUGH:
            inner = named_children(node)
            return self._expr(inner[0]) if inner else ("lit", "")
        handler = getattr(self, f"_expr_{kind}", None)
        if handler is not None:
            result: Expr = handler(node)
            return result
        return ("lit", _squash(node_text(node)))

    def _expr_number_literal(self, node: tree_sitter.Node) -> Expr:
        text = node_text(node).replace("'", "")
        digits = text.rstrip("uUlLzZ")
        try:
            return E.num(int(digits, 0))
        except ValueError:
            return ("lit", text)

    def _expr_identifier(self, node: tree_sitter.Node) -> Expr:
        name = node_text(node)
        bound = self._lookup(name)
        if bound is not None:
            return bound
        macro = self._macro(name)
        if macro is not None:
            return macro
        constant = constant_of(name)  # `using namespace tt::constants;` then TILE_HW
        return E.num(constant) if constant is not None and name.isupper() else ("name", name)

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
            return ("name", text.strip())
        declarator = wrapper.root.named_children[0].child_by_field_name("declarator")
        value = declarator.child_by_field_name("value") if declarator is not None else None
        return self._expr(value) if value is not None else ("name", text.strip())

    def _expr_qualified_identifier(self, node: tree_sitter.Node) -> Expr:
        text = _squash(node_text(node)).replace(" ", "")
        cb = cb_id_of(text)
        if cb is not None:
            return ("cb", cb)
        constant = constant_of(text) if "constants::" in text else None
        return E.num(constant) if constant is not None else ("name", text)

    def _expr_sizeof_expression(self, node: tree_sitter.Node) -> Expr:
        inner = node.child_by_field_name("type") or node.child_by_field_name("value")
        text = _squash(node_text(inner) if inner is not None else "").strip("() ")
        size = SIZEOF.get(text)
        return E.num(size) if size is not None else ("lit", _squash(node_text(node)))

    def _expr_concatenated_string(self, node: tree_sitter.Node) -> Expr:
        """`PREFIX "dir/file.cpp"`: the string parts joined (a macro prefix that is a string joins too)."""
        parts: list[str] = []
        for child in named_children(node):
            if child.type in ("string_literal", "raw_string_literal"):
                parts.append(node_text(child)[1:-1])
            else:
                value = self._expr(child)
                if value[0] == "lit" and str(value[1]).startswith('"'):
                    parts.append(str(value[1])[1:-1])
        return ("lit", '"' + "".join(parts) + '"')

    def _expr_true(self, node: tree_sitter.Node) -> Expr:
        return ("name", "true")

    def _expr_false(self, node: tree_sitter.Node) -> Expr:
        return ("name", "false")

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
            return ("lit", _squash(node_text(node)))
        cond, yes, no = (self._expr(p) for p in parts if p is not None)
        if cond[0] == "num":
            return yes if cond[1] else no
        return ("cond", cond, yes, no)

    def _expr_cast_expression(self, node: tree_sitter.Node) -> Expr:
        type_node, value = node.child_by_field_name("type"), node.child_by_field_name("value")
        assert type_node is not None and value is not None
        inner = self._expr(value)
        type_name = _squash(node_text(type_node))
        if type_name in INTEGER_TYPES:
            return _integer_cast(type_name, inner)
        return ("call", ("name", f"({type_name})"), (inner,))

    def _expr_call_expression(self, node: tree_sitter.Node) -> Expr:
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        assert function is not None
        args = tuple(self._expr(a) for a in named_children(arguments)) if arguments is not None else ()
        if function.type == "template_function":
            base = node_text(function.child_by_field_name("name") or function)
            callee: Expr = ("name", _squash(node_text(function)).replace("< ", "<").replace(" >", ">"))
        elif function.type == "primitive_type":  # a functional cast: uint32_t(x)
            callee = ("name", _squash(node_text(function)))
            base = str(callee[1])
        else:
            callee = self._expr(function)
            base = callee[1] if callee[0] == "name" else ""
        if base == "get_arg_val" and (len(args) != 1 or args[0][0] != "num"):
            self.state.dynamic_arg_reads = True
        if base in ("get_arg_val", "get_compile_time_arg_val") and len(args) == 1 and args[0][0] == "num":
            kind = "arg" if base == "get_arg_val" else "ctarg"
            self.state.arg_lines[kind].setdefault(args[0][1], line_of(node))
            if kind == "ctarg" and args[0][1] in self.compile_args:
                return self.compile_args[args[0][1]]
            return (kind, args[0][1])
        helper = self._helper_of(node)
        if helper is not None:
            return self._inline(helper, args, node)
        method = _cb_method(callee)
        if method is not None:  # dfb.reserve_back(1) -> cb_reserve_back(c_N, 1)
            cb, name = method
            if name is None:
                return cb
            callee, args, base = ("name", name), (cb, *args), name
        cast = _cast_type(callee)
        if len(args) == 1 and cast is not None:
            return _integer_cast(cast, args[0])
        positions = cb_operands(base)
        if positions:
            # an integer where the API takes a CB is that CB: cb_reserve_back(0, 1) is c_0
            args = tuple(
                ("cb", a[1]) if i in positions and a[0] == "num" and a[1] >= 0 else a
                for i, a in enumerate(args)
            )
        return ("call", callee, args)

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
        name = node_text(_declarator_name(declarator))
        params = _parameters(declarator)
        body = helper.child_by_field_name("body")
        saved_mutated = self.state.mutated
        self.state.mutated = saved_mutated | (_mutated_names(body) if body is not None else set())
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
                    value = ("name", param)
                if param in self.state.mutated:
                    local: Expr = ("local", self.state.locals_count)
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
        return result if result is not None else ("name", "void")

    def _expr_argument_list(self, node: tree_sitter.Node) -> Expr:
        return ("call", ("name", ""), tuple(self._expr(a) for a in named_children(node)))

    def _expr_template_function(self, node: tree_sitter.Node) -> Expr:
        return ("name", _squash(node_text(node)))

    def _expr_field_expression(self, node: tree_sitter.Node) -> Expr:
        arg, op, fld = (node.child_by_field_name(n) for n in ("argument", "operator", "field"))
        assert arg is not None and op is not None and fld is not None
        return ("member", self._expr(arg), node_text(op), node_text(fld))

    def _expr_subscript_expression(self, node: tree_sitter.Node) -> Expr:
        arg, indices = node.child_by_field_name("argument"), node.child_by_field_name("indices")
        assert arg is not None and indices is not None
        inner = named_children(indices)
        return E.index(self._expr(arg), self._expr(inner[0]) if inner else ("lit", ""))

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
        return ("init", "", tuple(items))

    def _expr_compound_literal_expression(self, node: tree_sitter.Node) -> Expr:
        type_node, value = node.child_by_field_name("type"), node.child_by_field_name("value")
        assert type_node is not None and value is not None
        inner = self._expr(value)
        return ("init", _squash(node_text(type_node)), inner[2] if inner[0] == "init" else (("", inner),))

    # ---- derived tables ----------------------------------------------------------------------
    def _cb_uses(self) -> dict[int, CbUse]:
        apis: dict[int, set[str]] = {}
        for event in self.state.events:
            for arg in event.exprs:
                for cb in E.cbs_in(arg):
                    apis.setdefault(cb, set()).add(event.api if event.kind == "call" else event.kind)
        ids = set(apis) | set(self.state.cb_symbols)
        return {
            cb: CbUse(
                cb_id=cb,
                role=cb_role(cb),
                symbols=tuple(sorted(self.state.cb_symbols.get(cb, ()))),
                apis=tuple(sorted(apis.get(cb, ()))),
            )
            for cb in sorted(ids)
        }

    def _arg_uses(self, kind: str) -> dict[int, ArgUse]:
        uses: dict[int, set[str]] = {i: set() for i in self.state.arg_lines[kind]}
        for loop in self.state.loops.values():
            for sub in E.walk(loop.trip_expr):
                if sub[0] == kind:
                    uses.setdefault(sub[1], set()).add(f"trip count of loop {loop.id}")
        for event in self.state.events:
            if event.kind == "loop":
                continue
            where = event.name
            if event.kind == "call":
                cbs = sorted(set().union(*(E.cbs_in(a) for a in event.exprs))) if event.exprs else []
                where = f"{event.api}({', '.join(f'c_{cb}' for cb in cbs)})"
            for position, arg in enumerate(event.exprs):
                _collect_uses(kind, arg, f"{where} operand {position}", uses)
        return {
            i: ArgUse(
                index=i,
                meaning=tuple(sorted(uses[i])) or ("unused",),
                line=self.state.arg_lines[kind].get(i, 0),
            )
            for i in sorted(uses)
        }


def _collect_uses(kind: str, expr: Expr, site: str, uses: dict[int, set[str]]) -> None:
    if expr[0] == kind:
        uses.setdefault(expr[1], set()).add(site)
        return
    if expr[0] == "init":
        for field_name, value in expr[2]:
            _collect_uses(kind, value, f"{site}.{field_name}" if field_name else site, uses)
        return
    for sub in E.walk(expr):
        if sub[0] == kind:
            uses.setdefault(sub[1], set()).add(f"{site} term")


def _constructor_arguments(declarator: tree_sitter.Node) -> list[str] | None:
    """The argument texts of `T x(a, b)` read as a function declarator, or None when a parameter
    has a name (then it is a real declaration)."""
    params = declarator.child_by_field_name("parameters")
    if params is None:
        return None
    texts: list[str] = []
    for param in named_children(params):
        if param.type != "parameter_declaration" or param.child_by_field_name("declarator") is not None:
            return None
        texts.append(node_text(param))
    return texts or None


def _cb_method(callee: Expr) -> tuple[Expr, str | None] | None:
    """(the CB, the free function) of a method call on a CB object (`DataflowBuffer dfb(c_0)`);
    the function is None for `get_id()`, whose value is the CB itself."""
    if callee[0] != "member":
        return None
    obj, method = callee[1], str(callee[3])
    if not (obj[0] == "call" and obj[1][0] == "name" and obj[2]):
        return None
    type_name = _base_name(str(obj[1][1]).split("<", 1)[0])
    first = obj[2][0]
    if type_name not in CB_OBJECT_TYPES or first[0] not in ("cb", "num"):
        return None
    cb: Expr = ("cb", first[1])
    if method in CB_ID_METHODS:
        return cb, None
    name = CB_METHODS.get(method)
    return (cb, name) if name is not None else None


def _case_body(case: tree_sitter.Node) -> list[tree_sitter.Node]:
    value = case.child_by_field_name("value")
    return [c for c in named_children(case) if value is None or c != value]


def _is_value(value: Expr) -> bool:
    """True when a host initialiser has no side effects: constants, value-type constructors and
    their setter chains (`CircularBufferConfig(...).set_page_size(...)`)."""
    for sub in E.walk(value):
        if sub[0] != "call":
            continue
        callee = sub[1]
        if callee[0] == "name" and _base_name(str(callee[1])) in VALUE_TYPES:
            continue
        if _cast_type(callee) is not None:
            continue
        if callee[0] == "member" and str(callee[3]).startswith("set_") and _is_value(callee[1]):
            continue
        return False
    return True


def _base_name(name: str) -> str:
    return name.rsplit("::", 1)[-1]


def _integer_cast(type_name: str, inner: Expr) -> Expr:
    """An integer cast: of a constant, the constant ((uint32_t)tt::CBIndex::c_0 is the CB, uint32_t(2048)
    is 2048); of anything else one spelling, `static_cast<uint32_t>(x)`, whichever of the three C++
    spellings (C-style, functional, static_cast) the source used."""
    if inner[0] in ("num", "cb"):
        return inner
    canonical = type_name.replace(" ", "").removeprefix("std::")
    canonical = {"unsigned": "unsigned int", "unsignedint": "unsigned int"}.get(canonical, canonical)
    return ("call", ("name", f"static_cast<{canonical}>"), (inner,))


def _cast_type(callee: Expr) -> str | None:
    """The integer type a cast's callee names (`static_cast<uint32_t>`, or `uint32_t` of a
    functional cast), else None."""
    if callee[0] != "name":
        return None
    name = str(callee[1]).replace(" ", "")
    if name.startswith("static_cast<") and name.endswith(">"):
        inner = name[len("static_cast<") : -1]
        return inner if inner in {t.replace(" ", "") for t in INTEGER_TYPES} else None
    return name if name in INTEGER_TYPES else None


def _helper_functions(nodes: list[tree_sitter.Node], entry: tree_sitter.Node) -> dict[str, tree_sitter.Node]:
    """Free functions defined in the file (not the entry point); overloaded names are left out,
    since which overload a call picks is a type question the model does not answer."""
    found: dict[str, list[tree_sitter.Node]] = {}
    for node in nodes:
        if node.type != "function_definition" or node == entry:
            continue
        declarator = node.child_by_field_name("declarator")
        if declarator is None:
            continue
        name_node = _declarator_name(declarator)
        if name_node.type != "identifier":
            continue  # methods, operators, destructors
        found.setdefault(node_text(name_node), []).append(node)
    return {name: nodes[0] for name, nodes in found.items() if len(nodes) == 1}


def _parameters(declarator: tree_sitter.Node | None) -> list[tuple[str, tree_sitter.Node | None]]:
    """(name, default value) per parameter of a function declarator."""
    current = declarator
    while current is not None and current.type != "function_declarator":
        current = current.child_by_field_name("declarator")
    params = current.child_by_field_name("parameters") if current is not None else None
    result: list[tuple[str, tree_sitter.Node | None]] = []
    for param in named_children(params) if params is not None else []:
        inner = param.child_by_field_name("declarator")
        name = node_text(_declarator_name(inner)) if inner is not None else ""
        result.append((name, param.child_by_field_name("default_value")))
    return result


def _entry_function(nodes: list[tree_sitter.Node]) -> tree_sitter.Node | None:
    candidates = [n for n in nodes if n.type == "function_definition"]
    for wanted in _ENTRY_NAMES:
        for function in candidates:
            if node_text(_declarator_name(function.child_by_field_name("declarator"))) == wanted:
                return function
    return None


def _declarator_name(node: tree_sitter.Node | None) -> tree_sitter.Node:
    """The identifier a (possibly nested) declarator declares."""
    assert node is not None
    current = node
    while current.type not in ("identifier", "field_identifier", "operator_name", "destructor_name"):
        inner = current.child_by_field_name("declarator")
        if inner is None:
            named = named_children(current)
            if not named:
                return current
            inner = named[0]
        current = inner
    return current


def _mutated_names(body: tree_sitter.Node) -> set[str]:
    """Names assigned or incremented anywhere in the body, except in a for-loop's own update clause."""
    names: set[str] = set()
    for node in descendants(body):
        target: tree_sitter.Node | None = None
        if node.type == "assignment_expression":
            target = node.child_by_field_name("left")
        elif node.type == "update_expression":
            target = node.child_by_field_name("argument")
        if target is None or target.type != "identifier":
            continue
        parent = node.parent
        if (
            parent is not None
            and parent.type == "for_statement"
            and parent.child_by_field_name("update") == node
        ):
            continue
        if (
            parent is not None
            and parent.type == "for_statement"
            and parent.child_by_field_name("initializer") == node
        ):
            continue
        names.add(node_text(target))
    return names


def _squash(text: str) -> str:
    return " ".join(text.split())


def extract_kernel(source: Source, *, compile_args: Mapping[int, Expr] | None = None) -> KernelModel:
    return KernelExtractor(source, compile_args=compile_args).run()


def defines_function(source: Source, name: str) -> bool:
    """Whether the file defines a function called `name` (the host is the file that defines main)."""
    return any(
        node.type == "function_definition"
        and node_text(_declarator_name(node.child_by_field_name("declarator"))) == name
        for node in source.nodes
    )
