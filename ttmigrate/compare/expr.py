"""Canonical expressions: the normalised form of every value the kernel model records.

An expression is a nested tuple whose first element names its kind, so it is hashable, cheap to
compare and independent of the names the generator chose:

    ("num", 8)                 integer literal (suffixes dropped, constants folded)
    ("arg", 5) / ("ctarg", 0)  runtime / compile-time argument by index
    ("cb", 16)                 circular buffer id (tt::CBIndex::c_16 or a symbol bound to it)
    ("loop", 1)                induction variable of the enclosing loop at depth 1
    ("local", 0)               a mutable local (reassigned, so it cannot be inlined)
    ("name", "false")          a free name: enum constant, global, function
    ("nary", "+", (a, b, ..))  associative and commutative operator, operands sorted
    ("bin", "/", a, b)         any other binary operator
    ("un", "-", a)             prefix operator
    ("call", callee, (args..)) call; callee is an expression
    ("member", obj, ".", name) field access
    ("index", a, i)            subscript
    ("cond", c, a, b)          conditional
    ("init", type, ((field, value), ..))   braced initialiser, field is "" when positional
    ("lit", text)              string, char or floating literal, verbatim

Sorting commutative operands is what makes `kt * Nt + n` and `n + Nt * kt` the same meaning; it is
valid for C++ unsigned arithmetic, the only arithmetic the emitters print.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

Expr = tuple[Any, ...]

_COMMUTATIVE = {"+", "*", "&", "|", "^", "&&", "||", "==", "!="}
_ASSOCIATIVE = {"+", "*", "&", "|", "^", "&&", "||"}
_PRECEDENCE = {
    "||": 4,
    "&&": 5,
    "|": 6,
    "^": 7,
    "&": 8,
    "==": 9,
    "!=": 9,
    "<": 10,
    "<=": 10,
    ">": 10,
    ">=": 10,
    "<<": 11,
    ">>": 11,
    "+": 12,
    "-": 12,
    "*": 13,
    "/": 13,
    "%": 13,
}
_FOLD: dict[str, Callable[[int, int], int | None]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a // b if b else None,
    "%": lambda a, b: a % b if b else None,
    "<<": lambda a, b: a << b,
    ">>": lambda a, b: a >> b,
    "&": lambda a, b: a & b,
    "|": lambda a, b: a | b,
    "^": lambda a, b: a ^ b,
    "<": lambda a, b: int(a < b),
    "<=": lambda a, b: int(a <= b),
    ">": lambda a, b: int(a > b),
    ">=": lambda a, b: int(a >= b),
    "==": lambda a, b: int(a == b),
    "!=": lambda a, b: int(a != b),
    "&&": lambda a, b: int(bool(a) and bool(b)),
    "||": lambda a, b: int(bool(a) or bool(b)),
}


def num(value: int) -> Expr:
    return ("num", value)


def as_int(expr: Expr) -> int | None:
    return expr[1] if expr[0] == "num" else None


def binary(op: str, left: Expr, right: Expr) -> Expr:
    """Build `left op right`, folding integer constants and ordering commutative operands."""
    if left[0] == "num" and right[0] == "num" and op in _FOLD:
        folded = _FOLD[op](left[1], right[1])
        if folded is not None:
            return num(folded)
    if op == "-":
        simplified = _cancel(left, right)
        if simplified is not None:
            return simplified
    if op == "+" and (_is_text(left) or _is_text(right)):
        return ("bin", op, left, right)  # string concatenation does not commute
    if op in _ASSOCIATIVE:
        items: list[Expr] = []
        for side in (left, right):
            if side[0] == "nary" and side[1] == op:
                items.extend(side[2])
            else:
                items.append(side)
        constants = [item[1] for item in items if item[0] == "num"]
        rest = [item for item in items if item[0] != "num"]
        if len(constants) > 1 or (constants and _is_identity(op, constants[0])):
            total = constants[0]
            for value in constants[1:]:
                total = _FOLD[op](total, value) or 0
            constants = [] if _is_identity(op, total) else [total]
        if op == "*" and 0 in constants:
            return num(0)
        items = rest + [num(value) for value in constants]
        if not items:
            return num(0 if op in ("+", "|", "^", "||") else 1)
        if len(items) == 1:
            return items[0]
        return ("nary", op, tuple(sorted(items, key=render)))
    if op in _COMMUTATIVE:
        left, right = sorted((left, right), key=render)
    return ("bin", op, left, right)


def _cancel(left: Expr, right: Expr) -> Expr | None:
    """`(a + b) - a` -> `b`: the trip count of `for (t = s; t < s + n; ++t)` is n."""
    if left == right:
        return num(0)
    terms = list(left[2]) if left[0] == "nary" and left[1] == "+" else [left]
    removed = list(right[2]) if right[0] == "nary" and right[1] == "+" else [right]
    for term in removed:
        if term not in terms:
            return None
        terms.remove(term)
    result = num(0)
    for term in terms:
        result = binary("+", result, term)
    return result


def _is_text(expr: Expr) -> bool:
    return any(sub[0] == "lit" and str(sub[1]).startswith(('"', "'")) for sub in walk(expr))


def _is_identity(op: str, value: int) -> bool:
    return (op in ("+", "|", "^") and value == 0) or (op == "*" and value == 1)


def walk(expr: Expr) -> Iterator[Expr]:
    """Every sub-expression, pre-order."""
    yield expr
    for child in children(expr):
        yield from walk(child)


def children(expr: Expr) -> list[Expr]:
    kind = expr[0]
    if kind == "nary":
        return list(expr[2])
    if kind == "bin":
        return [expr[2], expr[3]]
    if kind == "un":
        return [expr[2]]
    if kind == "call":
        return [expr[1], *expr[2]]
    if kind == "member":
        return [expr[1]]
    if kind == "index":
        return [expr[1], expr[2]]
    if kind == "cond":
        return [expr[1], expr[2], expr[3]]
    if kind == "init":
        return [value for _, value in expr[2]]
    return []


def substitute(expr: Expr, replace: Callable[[Expr], Expr | None]) -> Expr:
    """Rebuild `expr` bottom-up, replacing leaves for which `replace` returns an expression; folds."""
    kind = expr[0]
    if kind in ("arg", "ctarg", "cb", "loop", "local", "name", "num", "lit"):
        return replace(expr) or expr
    if kind == "nary":
        result = substitute(expr[2][0], replace)
        for item in expr[2][1:]:
            result = binary(expr[1], result, substitute(item, replace))
        return result
    if kind == "bin":
        return binary(expr[1], substitute(expr[2], replace), substitute(expr[3], replace))
    if kind == "un":
        return unary(expr[1], substitute(expr[2], replace))
    if kind == "call":
        return ("call", substitute(expr[1], replace), tuple(substitute(a, replace) for a in expr[2]))
    if kind == "member":
        return ("member", substitute(expr[1], replace), expr[2], expr[3])
    if kind == "index":
        return index(substitute(expr[1], replace), substitute(expr[2], replace))
    if kind == "cond":
        cond = substitute(expr[1], replace)
        if cond[0] == "num":
            return substitute(expr[2] if cond[1] else expr[3], replace)
        return ("cond", cond, substitute(expr[2], replace), substitute(expr[3], replace))
    if kind == "init":
        if all(value[0] == "num" for _, value in expr[2]):
            return expr  # a constant table (constexpr array): nothing to replace, and it can be large
        return ("init", expr[1], tuple((field, substitute(value, replace)) for field, value in expr[2]))
    return expr


def unary(op: str, operand: Expr) -> Expr:
    if operand[0] == "num":
        if op == "-":
            return num(-operand[1])
        if op == "!":
            return num(int(not operand[1]))
        if op == "+":
            return operand
    return ("un", op, operand)


def index(array: Expr, position: Expr) -> Expr:
    """`array[position]`, resolved when the array is a braced list of constants and the index is known."""
    if array[0] == "init" and position[0] == "num" and 0 <= position[1] < len(array[2]):
        return array[2][position[1]][1]
    return ("index", array, position)


def render(expr: Expr) -> str:
    return _render(expr)[0]


def _render(expr: Expr) -> tuple[str, int]:
    kind = expr[0]
    if kind == "num":
        return str(expr[1]), 20
    if kind == "arg":
        return f"arg[{expr[1]}]", 20
    if kind == "ctarg":
        return f"ct_arg[{expr[1]}]", 20
    if kind == "cb":
        return f"c_{expr[1]}", 20
    if kind == "loop":
        return f"i{expr[1]}", 20
    if kind == "local":
        return f"v{expr[1]}", 20
    if kind in ("name", "lit"):
        return str(expr[1]), 20
    if kind == "nary":
        prec = _PRECEDENCE[expr[1]]
        return f" {expr[1]} ".join(_wrap(item, prec) for item in expr[2]), prec
    if kind == "bin":
        prec = _PRECEDENCE.get(expr[1], 3)
        # left-associative: the right operand needs parentheses at equal precedence
        return f"{_wrap(expr[2], prec)} {expr[1]} {_wrap(expr[3], prec + 1)}", prec
    if kind == "un":
        return f"{expr[1]}{_wrap(expr[2], 15)}", 15
    if kind == "call":
        return f"{_wrap(expr[1], 16)}({', '.join(render(a) for a in expr[2])})", 16
    if kind == "member":
        return f"{_wrap(expr[1], 16)}{expr[2]}{expr[3]}", 16
    if kind == "index":
        return f"{_wrap(expr[1], 16)}[{render(expr[2])}]", 16
    if kind == "cond":
        return f"{_wrap(expr[1], 4)} ? {_wrap(expr[2], 3)} : {_wrap(expr[3], 3)}", 3
    if kind == "init":
        fields = ", ".join(
            f".{field} = {render(value)}" if field else render(value) for field, value in expr[2]
        )
        return f"{expr[1]}{{{fields}}}", 20
    raise ValueError(f"unknown expression kind {kind!r}")


def _wrap(expr: Expr, min_prec: int) -> str:
    text, prec = _render(expr)
    return text if prec >= min_prec else f"({text})"


def args_in(expr: Expr) -> set[int]:
    """Runtime-argument indices an expression reads."""
    return {sub[1] for sub in walk(expr) if sub[0] == "arg"}


def cbs_in(expr: Expr) -> set[int]:
    return {sub[1] for sub in walk(expr) if sub[0] == "cb"}


def evaluate(expr: Expr, values: Callable[[Expr], Expr | None]) -> int | None:
    """The integer value of `expr` once leaves are replaced by `values`, or None if not constant."""
    return as_int(substitute(expr, values))
