"""Questions about C++ syntax trees (tree-sitter-cpp) that the walker asks: which function is the
entry point, which are helpers it inlines, what a declarator declares, which names are ever
assigned."""

from __future__ import annotations

import tree_sitter

from ttmigrate.compare.parse import descendants, named_children, node_text

ENTRY_NAMES = ("kernel_main", "MAIN", "main")


def constructor_arguments(declarator: tree_sitter.Node) -> list[str] | None:
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


def case_body(case: tree_sitter.Node) -> list[tree_sitter.Node]:
    value = case.child_by_field_name("value")
    return [c for c in named_children(case) if value is None or c != value]


def helper_functions(nodes: list[tree_sitter.Node], entry: tree_sitter.Node) -> dict[str, tree_sitter.Node]:
    """Free functions defined in the file (not the entry point); overloaded names are left out,
    since which overload a call picks is a type question the model does not answer."""
    found: dict[str, list[tree_sitter.Node]] = {}
    for node in nodes:
        if node.type != "function_definition" or node == entry:
            continue
        declarator = node.child_by_field_name("declarator")
        if declarator is None:
            continue
        name_node = declarator_name(declarator)
        if name_node.type != "identifier":
            continue  # methods, operators, destructors
        found.setdefault(node_text(name_node), []).append(node)
    return {name: nodes[0] for name, nodes in found.items() if len(nodes) == 1}


def parameters(declarator: tree_sitter.Node | None) -> list[tuple[str, tree_sitter.Node | None]]:
    """(name, default value) per parameter of a function declarator."""
    current = declarator
    while current is not None and current.type != "function_declarator":
        current = current.child_by_field_name("declarator")
    params = current.child_by_field_name("parameters") if current is not None else None
    result: list[tuple[str, tree_sitter.Node | None]] = []
    for param in named_children(params) if params is not None else []:
        inner = param.child_by_field_name("declarator")
        name = node_text(declarator_name(inner)) if inner is not None else ""
        result.append((name, param.child_by_field_name("default_value")))
    return result


def entry_function(nodes: list[tree_sitter.Node]) -> tree_sitter.Node | None:
    candidates = [n for n in nodes if n.type == "function_definition"]
    for wanted in ENTRY_NAMES:
        for function in candidates:
            if node_text(declarator_name(function.child_by_field_name("declarator"))) == wanted:
                return function
    return None


def declarator_name(node: tree_sitter.Node | None) -> tree_sitter.Node:
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


def mutated_names(body: tree_sitter.Node) -> set[str]:
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


def squash(text: str) -> str:
    return " ".join(text.split())
