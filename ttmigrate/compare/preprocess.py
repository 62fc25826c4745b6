"""The part of the C preprocessor the model needs, applied before tree-sitter sees the text.

Real tt-metal kernels use `#if` / `#ifdef` / `#define` (often fed by the host's `defines`) and the
function-specifier macros of the kernel headers (`ALWI`, `FORCE_INLINE`). tree-sitter parses each
conditional branch as if both were present, which breaks statements split across branches, so the
conditionals are decided here, line by line, with the C rules: an undefined name is 0 in `#if` and
not defined for `#ifdef`. Lines of untaken branches and the directive lines themselves become
empty lines, so every line number still names the line of the original file.

Object-like `#define`s in effect are returned as `macros` (name -> body text), for the extractor
to resolve names with. A conditional this module cannot decide (a function-like macro in `#if`, an
unbalanced `#endif`) raises PreprocessError naming the line: one finding, never a silent skip.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

# Attribute macros of the v0.81.1 kernel headers, which tree-sitter cannot parse as written:
# ALWI (api/compute/common_globals.h) and FORCE_INLINE (internal/risc_attribs.h) expand to
# `inline __attribute__((always_inline))`; tt_l1_ptr / tt_reg_ptr (internal/risc_attribs.h) to
# pointer address-space attributes, which mean nothing to the model.
SPECIFIER_MACROS = {"ALWI": "inline", "FORCE_INLINE": "inline", "tt_l1_ptr": "", "tt_reg_ptr": ""}
_SPECIFIER = re.compile(r"\b(?:" + "|".join(SPECIFIER_MACROS) + r")\b")
_DIRECTIVE = re.compile(r"^\s*#\s*(\w+)\s*(.*)$")
_DEFINE = re.compile(r"^([A-Za-z_]\w*)(\(([^)]*)\))?\s*(.*)$")
_CONDITIONALS = {"if", "ifdef", "ifndef", "elif", "else", "endif"}


class PreprocessError(ValueError):
    def __init__(self, artifact: str, line: int, problem: str) -> None:
        super().__init__(f"{artifact}:{line}: preprocessor: {problem}")
        self.artifact = artifact
        self.line = line


@dataclass
class Preprocessed:
    text: str
    macros: dict[str, str] = field(default_factory=dict)  # object-like macros: name -> body
    function_macros: set[str] = field(default_factory=set)


@dataclass
class _Frame:
    parent_active: bool
    taken: bool  # some branch of this conditional was already taken
    active: bool
    line: int
    seen_else: bool = False


def preprocess(*, artifact: str, text: str, defines: Mapping[str, str] | None = None) -> Preprocessed:
    """Decide the conditionals of `text` with `defines` (e.g. a kernel config's `.defines`)."""
    macros: dict[str, str] = dict(defines or {})
    function_macros: set[str] = set()
    frames: list[_Frame] = []
    out: list[str] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        number = index + 1
        line = lines[index]
        # a directive continues over backslash-newlines; the continuation lines are blanked too
        logical, consumed = line, 1
        while logical.endswith("\\") and index + consumed < len(lines) and _DIRECTIVE.match(line):
            logical = logical[:-1] + " " + lines[index + consumed]
            consumed += 1
        index += consumed
        active = not frames or frames[-1].active
        match = _DIRECTIVE.match(logical)
        directive = match.group(1) if match else ""
        if directive in _CONDITIONALS:
            assert match is not None
            rest = strip_comments(match.group(2)).strip()
            _conditional(artifact, number, directive, rest, frames, macros, function_macros)
            out.extend([""] * consumed)
            continue
        if not active:
            out.extend([""] * consumed)
            continue
        if directive in ("define", "undef") and match is not None:
            body = strip_comments(match.group(2)).strip()
            if directive == "undef":
                macros.pop(body, None)
                function_macros.discard(body)
            else:
                definition = _DEFINE.match(body)
                if definition is None:
                    raise PreprocessError(artifact, number, f"cannot read #define {body!r}")
                name, params, value = definition.group(1), definition.group(2), definition.group(4)
                if params is not None and body[len(name)] == "(":
                    function_macros.add(name)
                else:
                    macros[name] = value.strip()
            out.extend([""] * consumed)  # the model reads macros from the table, not the text
            continue
        if consumed > 1:
            out.append(logical)
            out.extend([""] * (consumed - 1))
        else:
            out.append(_SPECIFIER.sub(lambda m: SPECIFIER_MACROS[m.group(0)], line) if not match else line)
    if frames:
        raise PreprocessError(artifact, frames[-1].line, f"#{'if'} without #endif")
    return Preprocessed(text="\n".join(out), macros=macros, function_macros=function_macros)


def _conditional(
    artifact: str,
    number: int,
    directive: str,
    rest: str,
    frames: list[_Frame],
    macros: Mapping[str, str],
    function_macros: set[str],
) -> None:
    if directive in ("if", "ifdef", "ifndef"):
        parent = not frames or frames[-1].active
        if directive == "if":
            value = parent and _evaluate(artifact, number, rest, macros, function_macros)
        else:
            name = rest.split()[0] if rest.split() else ""
            if not name:
                raise PreprocessError(artifact, number, f"#{directive} without a name")
            defined = name in macros or name in function_macros
            value = defined if directive == "ifdef" else not defined
        active = parent and bool(value)
        frames.append(_Frame(parent_active=parent, taken=active, active=active, line=number))
        return
    if not frames:
        raise PreprocessError(artifact, number, f"#{directive} without #if")
    frame = frames[-1]
    if directive == "endif":
        frames.pop()
        return
    if frame.seen_else:
        raise PreprocessError(artifact, number, f"#{directive} after #else")
    if directive == "else":
        frame.seen_else = True
        frame.active = frame.parent_active and not frame.taken
    else:  # elif
        frame.active = (
            frame.parent_active
            and not frame.taken
            and bool(_evaluate(artifact, number, rest, macros, function_macros))
        )
    frame.taken = frame.taken or frame.active


_TOKEN = re.compile(r"\s*(?:(\d+)[uUlL]*|([A-Za-z_]\w*)|(&&|\|\||==|!=|<=|>=|<<|>>|[-+*/%()<>!~&|^?:]))")


def _evaluate(
    artifact: str, number: int, expression: str, macros: Mapping[str, str], function_macros: set[str]
) -> int:
    """The value of a `#if` expression under the C rules (undefined names are 0)."""
    python = _to_python(artifact, number, expression, macros, function_macros, depth=0).strip()
    try:
        tree = ast.parse(python, mode="eval")
    except SyntaxError as exc:
        raise PreprocessError(artifact, number, f"cannot evaluate #if {expression!r}") from exc
    return int(_eval_node(artifact, number, tree.body, expression))


def _to_python(
    artifact: str,
    number: int,
    expression: str,
    macros: Mapping[str, str],
    function_macros: set[str],
    depth: int,
) -> str:
    if depth > 16:
        raise PreprocessError(artifact, number, f"macro expansion too deep in {expression!r}")
    parts: list[str] = []
    position = 0
    text = expression.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise PreprocessError(artifact, number, f"cannot evaluate #if {expression!r}")
        position = match.end()
        literal, name, op = match.groups()
        if literal is not None:
            parts.append(str(int(literal)))
        elif name == "defined":
            rest = re.match(r"\s*(\(\s*([A-Za-z_]\w*)\s*\)|([A-Za-z_]\w*))", text[position:])
            if rest is None:
                raise PreprocessError(artifact, number, f"bad defined() in {expression!r}")
            target = rest.group(2) or rest.group(3)
            parts.append("1" if target in macros or target in function_macros else "0")
            position += rest.end()
        elif name is not None:
            if name in function_macros:
                raise PreprocessError(
                    artifact, number, f"function-like macro {name} in #if {expression!r} is not evaluated"
                )
            if name in macros and macros[name].strip():
                inner = _to_python(artifact, number, macros[name], macros, function_macros, depth + 1)
                parts.append(f"({inner})")
            else:
                parts.append("0")  # C: an identifier left after expansion is 0
        else:
            parts.append({"&&": " and ", "||": " or ", "!": " not ", "/": "//"}.get(op, op))
    return "".join(parts)


_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.LShift: operator.lshift,
    ast.RShift: operator.rshift,
    ast.BitAnd: operator.and_,
    ast.BitOr: operator.or_,
    ast.BitXor: operator.xor,
}
_COMPARE = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


def _eval_node(artifact: str, number: int, node: ast.AST, expression: str) -> int:
    def ev(n: ast.AST) -> int:
        return _eval_node(artifact, number, n, expression)

    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return int(node.value)
    if isinstance(node, ast.BoolOp):
        values = [bool(ev(v)) for v in node.values]
        return int(all(values) if isinstance(node.op, ast.And) else any(values))
    if isinstance(node, ast.UnaryOp):
        value = ev(node.operand)
        if isinstance(node.op, ast.Not):
            return int(not value)
        if isinstance(node.op, ast.USub):
            return -value
        if isinstance(node.op, ast.Invert):
            return ~value
        return value
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        right = ev(node.right)
        if isinstance(node.op, (ast.FloorDiv, ast.Mod)) and right == 0:
            raise PreprocessError(artifact, number, f"division by zero in #if {expression!r}")
        return int(_BINARY[type(node.op)](ev(node.left), right))
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _COMPARE:
        return int(_COMPARE[type(node.ops[0])](ev(node.left), ev(node.comparators[0])))
    raise PreprocessError(artifact, number, f"cannot evaluate #if {expression!r}")


# A string or char literal (to its closing quote, else to the end of its line, a backslash escaping
# the next character), a line comment, or a block comment (to its end, else to the end of the text):
# the leftmost of these at each place, as a lexer reads them.
_LEXEME = re.compile(
    r"""(?P<lit>"(?:[^"\\\n]|\\[\s\S]?)*["\n]?|'(?:[^'\\\n]|\\[\s\S]?)*['\n]?)"""
    r"|(?P<line>//[^\n]*)|(?P<block>/\*[\s\S]*?(?:\*/|\Z))"
)
_NOT_NEWLINE = re.compile(r"[^\n]")


def _blank(match: re.Match[str]) -> str:
    if match.group("lit") is not None:
        return match.group(0)
    if match.group("line") is not None:
        return " " * len(match.group(0))
    return _NOT_NEWLINE.sub(" ", match.group(0))


def strip_comments(text: str) -> str:
    """`text` with every comment replaced by spaces (newlines kept), string and char literals intact."""
    return _LEXEME.sub(_blank, text)
