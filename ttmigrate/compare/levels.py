"""Parity levels, from strongest to weakest. The comparison reports the strongest that holds.

L0  identical bytes
L1  identical after normalisation (ttmigrate.normalize: clang-format with the pinned style,
    line endings, trailing whitespace, generator banner; canonical JSON for the plan)
L2  identical token sequences, comments ignored
L3  alpha-equivalent: the same tokens after scoped renaming of locals and parameters (v0, v1 ..
    in declaration order) and of CB symbols to their ids (cb#N)
L4  the same model (extract/host): API-event sequence, loop tree with trip counts, argument
    meanings, CB uses, host buffers/CBs/kernels/runtime arguments; the order of independent
    declarations is irrelevant because immutable declarations are inlined into their uses
divergent  none of the above
"""

from __future__ import annotations

import tree_sitter

from ttmigrate.compare.model import CB_INDEX
from ttmigrate.compare.parse import Source, leaves, named_children, node_text

LEVELS = ("L0", "L1", "L2", "L3", "L4", "divergent")
_SCOPE_NODES = {
    "compound_statement",
    "for_statement",
    "for_range_loop",
    "function_definition",
    "if_statement",
    "while_statement",
    "lambda_expression",
    "catch_clause",
}
_BINDING_NODES = {"declaration", "parameter_declaration", "optional_parameter_declaration", "for_range_loop"}


def token_sequence(source: Source) -> list[str]:
    """L2: the leaf tokens, comments dropped."""
    return [node_text(leaf) for leaf in leaves(source.root) if leaf.type != "comment"]


def alpha_sequence(source: Source) -> list[str]:
    """L3: tokens with every locally bound name replaced by a canonical one."""
    out: list[str] = []
    _Renamer(out).visit(source.root)
    return out


class _Renamer:
    def __init__(self, out: list[str]) -> None:
        self.out = out
        self.scopes: list[dict[str, str]] = [{}]
        self.count = 0

    def visit(self, node: tree_sitter.Node) -> None:
        if node.type == "comment":
            return
        if node.child_count == 0 or node.type in ("string_literal", "system_lib_string", "char_literal"):
            text = node_text(node)
            self.out.append(self._lookup(text) if node.type == "identifier" else text)
            return
        opens = node.type in _SCOPE_NODES
        if opens:
            self.scopes.append({})
        if node.type in _BINDING_NODES:
            self._bind_declarators(node)
        for child in node.children:
            self.visit(child)
        if opens:
            self.scopes.pop()

    def _lookup(self, name: str) -> str:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return name

    def _bind_declarators(self, node: tree_sitter.Node) -> None:
        for declarator in node.children_by_field_name("declarator"):
            name = _bound_name(declarator)
            if name is None:
                continue
            value = declarator.child_by_field_name("value") if declarator.type == "init_declarator" else None
            match = CB_INDEX.match(node_text(value).replace(" ", "")) if value is not None else None
            if match:
                self.scopes[-1][name] = f"cb#{match.group(1)}"
            else:
                self.scopes[-1][name] = f"v{self.count}"
                self.count += 1


def _bound_name(declarator: tree_sitter.Node) -> str | None:
    current: tree_sitter.Node | None = declarator
    while current is not None:
        if current.type == "identifier":
            return node_text(current)
        if current.type in ("function_declarator", "field_identifier", "qualified_identifier"):
            return None  # a function prototype or an out-of-line member: not a local
        inner = current.child_by_field_name("declarator")
        if inner is None:
            named = named_children(current)
            inner = named[0] if named else None
        current = inner
    return None
