"""C++ text -> tree-sitter syntax tree, with one cached parser per process.

Parsing is the hot path of a migration run (about 40 kernels x 4 C++ artifacts x 2 modes), so the
Language and Parser are built once. Bad input is reported with the artifact name and line of the
first syntax error instead of being analysed half-parsed.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import tree_sitter

from ttmigrate.compare.preprocess import preprocess
from ttmigrate.ops.cpp_decls import cpp_parser


class CppSyntaxError(ValueError):
    """The C++ text of an artifact does not parse; names the artifact, the line and the problem."""

    def __init__(self, artifact: str, line: int, problem: str) -> None:
        super().__init__(f"{artifact}:{line}: C++ syntax error: {problem}")
        self.artifact = artifact
        self.line = line


@dataclass(frozen=True)
class Source:
    """A parsed artifact: its name, its text (conditionals decided, see preprocess.py) and its tree."""

    artifact: str
    text: str
    tree: tree_sitter.Tree
    macros: Mapping[str, str] = field(default_factory=dict)  # object-like #defines in effect

    @property
    def root(self) -> tree_sitter.Node:
        return self.tree.root_node

    @functools.cached_property
    def nodes(self) -> list[tree_sitter.Node]:
        """Every node of the tree in source (pre-)order, walked once: the model and the checks look
        for includes, functions and file-scope constants over the whole file several times."""
        return descendants(self.root)


def descendants(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    """``node`` and every node under it, in source (pre-)order. A tree cursor, because reading
    ``.children`` builds a list of new Node objects at every level (4x slower on a compute kernel)."""
    return _preorder(node, leaves_only=False)


# How many times each artifact name was parsed in this process: a counter, so that a test can
# show that a run parses each kernel x mode's output once (not a timing).
PARSES: Counter[str] = Counter()


def parse_cpp(*, artifact: str, text: str, defines: Mapping[str, str] | None = None) -> Source:
    """Preprocess `text` with `defines` (preprocess.py) and parse it; raise PreprocessError or
    CppSyntaxError (at the first ERROR or MISSING node), each naming the line."""
    pre = preprocess(artifact=artifact, text=text, defines=defines)
    text = pre.text
    PARSES[artifact] += 1
    tree = cpp_parser().parse(text.encode("utf-8"))
    if tree.root_node.has_error:
        bad = _first_error(tree.root_node)
        if bad is None:
            raise CppSyntaxError(artifact, 1, "unparsable")
        if bad.is_missing:
            problem = f"missing {bad.type!r}"
        else:
            problem = f"unexpected {' '.join(node_text(bad).split())[:40]!r}"
        raise CppSyntaxError(artifact, bad.start_point.row + 1, problem)
    return Source(artifact=artifact, text=text, tree=tree, macros=pre.macros)


def _first_error(node: tree_sitter.Node) -> tree_sitter.Node | None:
    if node.is_error or node.is_missing:
        return node
    for child in node.children:
        if child.has_error or child.is_missing:
            found = _first_error(child)
            if found is not None:
                return found
    return None


def node_text(node: tree_sitter.Node) -> str:
    return node.text.decode("utf-8") if node.text is not None else ""


def line_of(node: tree_sitter.Node) -> int:
    """1-based source line of a node."""
    return node.start_point.row + 1


# Nodes that are one token whatever tree-sitter finds inside them.
_ATOMIC = frozenset({"string_literal", "system_lib_string", "char_literal", "comment"})


def leaves(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    """Leaf tokens in source order; string literals and comments count as one token each (through a
    cursor, as `descendants`: a recursive generator over ``.children`` cost twice as much)."""
    return _preorder(node, leaves_only=True)


def _preorder(node: tree_sitter.Node, *, leaves_only: bool) -> list[tree_sitter.Node]:
    found: list[tree_sitter.Node] = []
    cursor = node.walk()  # rooted at ``node``: it never moves to ``node``'s siblings or parent
    while True:
        current = cursor.node
        assert current is not None  # a cursor always stands on a node
        token = leaves_only and (current.child_count == 0 or current.type in _ATOMIC)
        if token or not leaves_only:
            found.append(current)
        if not token and cursor.goto_first_child():  # a token is not gone into
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return found


def named_children(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    return [child for child in node.named_children if child.type != "comment"]
