"""Function declarations of a C++ header, read with tree-sitter-cpp: name, template parameters,
parameters (type, name, default) and ``[[deprecated]]``.

Used to compare the registry's ``KernelFn`` signatures with the real tt-metal headers
(``scripts/check_metalium.py``) and with the emulator's headers (its test). Only what a
signature comparison needs is read; bodies are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import tree_sitter_cpp
from tree_sitter import Language, Node, Parser

from .signature import KernelFn, Param

# Function-like attribute macros of the kernel API that tree-sitter cannot expand.
_MACROS = re.compile(r"\b(ALWI|FORCE_INLINE|inline __attribute__\(\(always_inline\)\))\b")


@dataclass(frozen=True)
class Declaration:
    name: str
    params: tuple[Param, ...]
    template: tuple[Param, ...]
    returns: str
    deprecated: bool
    line: int


@cache
def cpp_parser() -> Parser:
    """The process's tree-sitter-cpp parser (every stage that reads C++ uses this one)."""
    return Parser(Language(tree_sitter_cpp.language()))


def _text(node: Node | None) -> str:
    return "" if node is None or node.text is None else node.text.decode()


def _squash(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s*([&*<>,])\s*", r"\1", text)
    return text.replace(",", ", ")


def normal_type(text: str) -> str:
    """A parameter type spelled one way: no ``std::`` on fixed-width ints, no spaces around ``&*<>``."""
    text = _squash(text)
    text = re.sub(r"\bstd::(u?int\d+_t)\b", r"\1", text)
    if "&" not in text and "*" not in text:
        text = re.sub(r"^const ", "", text)  # top-level const of a by-value parameter is not its type
    return text


def _param(node: Node) -> Param | None:
    kind = node.type
    if kind in ("parameter_declaration", "optional_parameter_declaration"):
        declarator = node.child_by_field_name("declarator")
        default = node.child_by_field_name("default_value")
        type_text = _text(node.child_by_field_name("type"))
        qualifiers = " ".join(_text(c) for c in node.children if c.type == "type_qualifier")
        name, suffix = _declarator_name(declarator)
        full_type = normal_type(f"{qualifiers} {type_text}{suffix}".strip())
        return Param(name, full_type, _squash(_text(default)) if default is not None else None)
    if kind in ("type_parameter_declaration", "optional_type_parameter_declaration"):
        name = _text(node.child_by_field_name("name")) or next(
            (_text(c) for c in node.children if c.type == "type_identifier"), ""
        )
        default = node.child_by_field_name("default_type")
        return Param(name, "typename", _squash(_text(default)) if default is not None else None)
    if kind == "variadic_parameter_declaration":
        return Param("...", _squash(_text(node)))
    return None


def _declarator_name(node: Node | None) -> tuple[str, str]:
    """(identifier, the pointer/reference part of the type) of a parameter declarator."""
    suffix = ""
    while node is not None and node.type in ("reference_declarator", "pointer_declarator"):
        suffix += "&" if node.type == "reference_declarator" else "*"
        node = node.child_by_field_name("declarator") or next(
            (
                c
                for c in node.children
                if c.type in ("identifier", "reference_declarator", "pointer_declarator")
            ),
            None,
        )
    return _text(node), suffix


def _deprecated(node: Node) -> bool:
    return any(c.type == "attribute_declaration" and "deprecated" in _text(c) for c in node.children)


def _function(node: Node, template: tuple[Param, ...], deprecated: bool) -> Declaration | None:
    declarator = node.child_by_field_name("declarator")
    while declarator is not None and declarator.type in ("reference_declarator", "pointer_declarator"):
        declarator = declarator.child_by_field_name("declarator") or declarator.named_children[-1]
    if declarator is None or declarator.type != "function_declarator":
        return None
    name_node = declarator.child_by_field_name("declarator")
    params_node = declarator.child_by_field_name("parameters")
    params = tuple(
        p for c in (params_node.named_children if params_node else []) if (p := _param(c)) is not None
    )
    return Declaration(
        name=_text(name_node).split("::")[-1],
        params=params,
        template=template,
        returns=normal_type(_text(node.child_by_field_name("type"))),
        deprecated=deprecated or _deprecated(node),
        line=node.start_point[0] + 1,
    )


def declarations(text: str, *, skip_namespaces: frozenset[str] = frozenset()) -> list[Declaration]:
    """Every free function declared or defined at namespace scope (templates included), except in
    the namespaces named in ``skip_namespaces`` (an implementation's internals)."""
    source = _MACROS.sub("inline", text).encode()
    tree = cpp_parser().parse(source)
    found: list[Declaration] = []

    def visit(node: Node, template: tuple[Param, ...] = (), deprecated: bool = False) -> None:
        kind = node.type
        if kind == "template_declaration":
            params_node = node.child_by_field_name("parameters")
            params = tuple(
                p for c in (params_node.named_children if params_node else []) if (p := _param(c)) is not None
            )
            for child in node.named_children:
                if child is not params_node:
                    visit(child, params, deprecated or _deprecated(node))
            return
        if kind in ("function_definition", "declaration"):
            decl = _function(node, template, deprecated)
            if decl is not None:
                found.append(decl)
            return
        if kind == "namespace_definition" and _text(node.child_by_field_name("name")) in skip_namespaces:
            return
        if kind in (
            "translation_unit",
            "namespace_definition",
            "declaration_list",
            "preproc_ifdef",
            "preproc_if",
            "preproc_else",
            "preproc_elif",
            "linkage_specification",
        ):
            pending_deprecated = False
            for child in node.named_children:
                if child.type == "attribute_declaration" and "deprecated" in _text(child):
                    pending_deprecated = True  # `[[deprecated]] ALWI void f()` parses as two siblings
                    continue
                visit(child, (), pending_deprecated)
                pending_deprecated = False

    visit(tree.root_node)
    return found


def header_declarations(
    path: Path, *, skip_namespaces: frozenset[str] = frozenset()
) -> dict[str, list[Declaration]]:
    """Declarations of one header file, by function name (overloads keep every form)."""
    by_name: dict[str, list[Declaration]] = {}
    text = path.read_text(encoding="utf-8", errors="replace")
    for decl in declarations(text, skip_namespaces=skip_namespaces):
        by_name.setdefault(decl.name, []).append(decl)
    return by_name


def same_signature(fn: KernelFn, decl: Declaration) -> list[str]:
    """What differs between a registry signature and a declaration (empty: the same)."""
    problems: list[str] = []

    def compare(kind: str, ours: tuple[Param, ...], theirs: tuple[Param, ...]) -> None:
        mine = [(p.name, normal_type(p.type), p.default) for p in ours]
        real = [(p.name, normal_type(p.type), p.default) for p in theirs]
        if mine != real:
            problems.append(f"{kind}: ours {_show(ours)} vs real {_show(theirs)}")

    compare("parameters", fn.params, decl.params)
    if normal_type(fn.returns) != decl.returns and fn.returns != "T":
        problems.append(f"returns: ours {fn.returns} vs real {decl.returns}")
    compare("template parameters", fn.template, decl.template)
    if bool(fn.deprecated) != decl.deprecated:
        problems.append(f"deprecated: ours {bool(fn.deprecated)} vs real {decl.deprecated}")
    return problems


def _show(params: tuple[Param, ...]) -> str:
    return (
        "("
        + ", ".join(
            f"{normal_type(p.type)} {p.name}" + (f" = {p.default}" if p.default else "") for p in params
        )
        + ")"
    )
