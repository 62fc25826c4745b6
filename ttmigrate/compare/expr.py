"""Canonical expressions: the normalised form of every value the kernel model records.

An expression is an immutable record, one NamedTuple class per kind, so it is hashable, cheap to
compare and independent of the names the generator chose. Each record's last field `kind` is a
constant tag that is never passed: it keeps two kinds with the same fields apart (`Arg(5)` is not
`CtArg(5)`), and is what mypy narrows on together with isinstance:

    Num(8)                        integer literal (suffixes dropped, constants folded)
    Arg(5) / CtArg(0)             runtime / compile-time argument by index
    Cb(16)                        circular buffer id (tt::CBIndex::c_16 or a symbol bound to it)
    Loop(1)                       induction variable of the enclosing loop at depth 1
    Local(0)                      a mutable local (reassigned, so it cannot be inlined)
    Name("false")                 a free name: enum constant, global, function
    Nary("+", (a, b, ..))         associative and commutative operator, operands sorted
    Bin("/", a, b)                any other binary operator
    Un("-", a)                    prefix operator
    Call(callee, (args..))        call; callee is an expression
    Member(obj, ".", name)        field access
    Index(a, i)                   subscript
    Cond(c, a, b)                 conditional
    Init(type, ((field, value), ..))   braced initialiser, field is "" when positional
    Lit(text)                     string, char or floating literal, verbatim

Sorting commutative operands is what makes `kt * Nt + n` and `n + Nt * kt` the same meaning; it is
valid for C++ unsigned arithmetic, the only arithmetic the emitters print. Operands are sorted by
their rendering, never by the records' own order (which compares the first field before the tag).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Literal, NamedTuple


class Num(NamedTuple):
    value: int
    kind: Literal["num"] = "num"


class Arg(NamedTuple):
    value: int  # the get_arg_val index
    kind: Literal["arg"] = "arg"


class CtArg(NamedTuple):
    value: int  # the get_compile_time_arg_val index
    kind: Literal["ctarg"] = "ctarg"


class Cb(NamedTuple):
    value: int  # the CB id
    kind: Literal["cb"] = "cb"


class Loop(NamedTuple):
    value: int  # the loop's depth
    kind: Literal["loop"] = "loop"


class Local(NamedTuple):
    value: int  # declaration order among the mutable locals
    kind: Literal["local"] = "local"


class Name(NamedTuple):
    value: str
    kind: Literal["name"] = "name"


class Nary(NamedTuple):
    op: str
    operands: tuple[Expr, ...]
    kind: Literal["nary"] = "nary"


class Bin(NamedTuple):
    op: str
    left: Expr
    right: Expr
    kind: Literal["bin"] = "bin"


class Un(NamedTuple):
    op: str
    operand: Expr
    kind: Literal["un"] = "un"


class Call(NamedTuple):
    callee: Expr
    args: tuple[Expr, ...]
    kind: Literal["call"] = "call"


class Member(NamedTuple):
    obj: Expr
    op: str  # "." or "->"
    name: str
    kind: Literal["member"] = "member"


class Index(NamedTuple):
    array: Expr
    position: Expr
    kind: Literal["index"] = "index"


class Cond(NamedTuple):
    test: Expr
    yes: Expr
    no: Expr
    kind: Literal["cond"] = "cond"


class Init(NamedTuple):
    type: str  # "" for a bare braced list
    fields: tuple[tuple[str, Expr], ...]
    kind: Literal["init"] = "init"


class Lit(NamedTuple):
    value: str
    kind: Literal["lit"] = "lit"


Expr = (
    Num | Arg | CtArg | Cb | Loop | Local | Name | Nary | Bin | Un | Call | Member | Index | Cond | Init | Lit
)
_LEAVES = (Arg, CtArg, Cb, Loop, Local, Name, Num, Lit)

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
FOLDS: dict[str, Callable[[int, int], int | None]] = {
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


# Folding and evaluating tile indices make millions of small constants, and a record costs some 30
# times a plain tuple to build: the small ones are built once and shared (records are immutable).
_SMALL_NUMS = tuple(Num(value) for value in range(1024))


def num(value: int) -> Expr:
    return _SMALL_NUMS[value] if 0 <= value < len(_SMALL_NUMS) else Num(value)


def as_int(expr: Expr) -> int | None:
    return expr.value if isinstance(expr, Num) else None


def binary(op: str, left: Expr, right: Expr) -> Expr:
    """Build `left op right`, folding integer constants and ordering commutative operands."""
    if isinstance(left, Num) and isinstance(right, Num) and op in FOLDS:
        folded = FOLDS[op](left.value, right.value)
        if folded is not None:
            return num(folded)
    if op == "-":
        simplified = _cancel(left, right)
        if simplified is not None:
            return simplified
    if op == "+" and (_is_text(left) or _is_text(right)):
        return Bin(op, left, right)  # string concatenation does not commute
    if op in _ASSOCIATIVE:
        items: list[Expr] = []
        for side in (left, right):
            if isinstance(side, Nary) and side.op == op:
                items.extend(side.operands)
            else:
                items.append(side)
        constants = [item.value for item in items if isinstance(item, Num)]
        rest = [item for item in items if not isinstance(item, Num)]
        if len(constants) > 1 or (constants and _is_identity(op, constants[0])):
            total = constants[0]
            for value in constants[1:]:
                total = FOLDS[op](total, value) or 0
            constants = [] if _is_identity(op, total) else [total]
        if op == "*" and 0 in constants:
            return num(0)
        items = rest + [num(value) for value in constants]
        if not items:
            return num(0 if op in ("+", "|", "^", "||") else 1)
        if len(items) == 1:
            return items[0]
        return Nary(op, tuple(sorted(items, key=render)))
    if op in _COMMUTATIVE:
        left, right = sorted((left, right), key=render)
    return Bin(op, left, right)


def _cancel(left: Expr, right: Expr) -> Expr | None:
    """`(a + b) - a` -> `b`: the trip count of `for (t = s; t < s + n; ++t)` is n."""
    if left == right:
        return num(0)
    terms = list(left.operands) if isinstance(left, Nary) and left.op == "+" else [left]
    removed = list(right.operands) if isinstance(right, Nary) and right.op == "+" else [right]
    for term in removed:
        if term not in terms:
            return None
        terms.remove(term)
    result: Expr = num(0)
    for term in terms:
        result = binary("+", result, term)
    return result


def _is_text(expr: Expr) -> bool:
    return any(isinstance(sub, Lit) and sub.value.startswith(('"', "'")) for sub in walk(expr))


def _is_identity(op: str, value: int) -> bool:
    return (op in ("+", "|", "^") and value == 0) or (op == "*" and value == 1)


def walk(expr: Expr) -> Iterator[Expr]:
    """Every sub-expression, pre-order. A stack, not nested generators: the models walk every
    event's operands, and a host's are large (a constexpr table of one entry per core)."""
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, _LEAVES):
            stack.extend(reversed(children(node)))


def children(expr: Expr) -> list[Expr]:
    if isinstance(expr, Nary):
        return list(expr.operands)
    if isinstance(expr, Bin):
        return [expr.left, expr.right]
    if isinstance(expr, Un):
        return [expr.operand]
    if isinstance(expr, Call):
        return [expr.callee, *expr.args]
    if isinstance(expr, Member):
        return [expr.obj]
    if isinstance(expr, Index):
        return [expr.array, expr.position]
    if isinstance(expr, Cond):
        return [expr.test, expr.yes, expr.no]
    if isinstance(expr, Init):
        return [value for _, value in expr.fields]
    return []


def substitute(expr: Expr, replace: Callable[[Expr], Expr | None]) -> Expr:
    """Rebuild `expr` bottom-up, replacing leaves for which `replace` returns an expression; folds."""
    if isinstance(expr, _LEAVES):
        return replace(expr) or expr
    if isinstance(expr, Nary):
        result = substitute(expr.operands[0], replace)
        for item in expr.operands[1:]:
            result = binary(expr.op, result, substitute(item, replace))
        return result
    if isinstance(expr, Bin):
        return binary(expr.op, substitute(expr.left, replace), substitute(expr.right, replace))
    if isinstance(expr, Un):
        return unary(expr.op, substitute(expr.operand, replace))
    if isinstance(expr, Call):
        return Call(substitute(expr.callee, replace), tuple(substitute(a, replace) for a in expr.args))
    if isinstance(expr, Member):
        return Member(substitute(expr.obj, replace), expr.op, expr.name)
    if isinstance(expr, Index):
        return index(substitute(expr.array, replace), substitute(expr.position, replace))
    if isinstance(expr, Cond):
        test = substitute(expr.test, replace)
        if isinstance(test, Num):
            return substitute(expr.yes if test.value else expr.no, replace)
        return Cond(test, substitute(expr.yes, replace), substitute(expr.no, replace))
    if isinstance(expr, Init):
        if _constant_table(expr):
            return expr  # a constant table (constexpr array): nothing to replace
        return Init(expr.type, tuple((field, substitute(value, replace)) for field, value in expr.fields))
    return expr


# The prefix operators that fold on an integer operand (others, such as `~`, stay symbolic).
UNARY_FOLDS: dict[str, Callable[[int], int]] = {
    "-": lambda a: -a,
    "!": lambda a: int(not a),
    "+": lambda a: a,
}


@functools.lru_cache(maxsize=1024)
def _constant_table(init: Init) -> bool:
    """Whether every entry is an integer. Cached: a host indexes a constexpr table of one entry per
    core (`work_start[core_id]`) inside its loop over the cores, so substitute meets the same large
    table once per core and kernel; hashing the record (in C) costs far less than reading each entry."""
    return all(isinstance(value, Num) for _, value in init.fields)


def unary(op: str, operand: Expr) -> Expr:
    fold = UNARY_FOLDS.get(op)
    if isinstance(operand, Num) and fold is not None:
        return num(fold(operand.value))
    return Un(op, operand)


def index(array: Expr, position: Expr) -> Expr:
    """`array[position]`, resolved when the array is a braced list of constants and the index is known."""
    if isinstance(array, Init) and isinstance(position, Num) and 0 <= position.value < len(array.fields):
        return array.fields[position.value][1]
    return Index(array, position)


def render(expr: Expr) -> str:
    return _render(expr)[0]


def _render(expr: Expr) -> tuple[str, int]:
    if isinstance(expr, Num):
        return str(expr.value), 20
    if isinstance(expr, Arg):
        return f"arg[{expr.value}]", 20
    if isinstance(expr, CtArg):
        return f"ct_arg[{expr.value}]", 20
    if isinstance(expr, Cb):
        return f"c_{expr.value}", 20
    if isinstance(expr, Loop):
        return f"i{expr.value}", 20
    if isinstance(expr, Local):
        return f"v{expr.value}", 20
    if isinstance(expr, (Name, Lit)):
        return expr.value, 20
    if isinstance(expr, Nary):
        prec = _PRECEDENCE[expr.op]
        return f" {expr.op} ".join(_wrap(item, prec) for item in expr.operands), prec
    if isinstance(expr, Bin):
        prec = _PRECEDENCE.get(expr.op, 3)
        # left-associative: the right operand needs parentheses at equal precedence
        return f"{_wrap(expr.left, prec)} {expr.op} {_wrap(expr.right, prec + 1)}", prec
    if isinstance(expr, Un):
        return f"{expr.op}{_wrap(expr.operand, 15)}", 15
    if isinstance(expr, Call):
        return f"{_wrap(expr.callee, 16)}({', '.join(render(a) for a in expr.args)})", 16
    if isinstance(expr, Member):
        return f"{_wrap(expr.obj, 16)}{expr.op}{expr.name}", 16
    if isinstance(expr, Index):
        return f"{_wrap(expr.array, 16)}[{render(expr.position)}]", 16
    if isinstance(expr, Cond):
        return f"{_wrap(expr.test, 4)} ? {_wrap(expr.yes, 3)} : {_wrap(expr.no, 3)}", 3
    if isinstance(expr, Init):
        fields = ", ".join(
            f".{field} = {render(value)}" if field else render(value) for field, value in expr.fields
        )
        return f"{expr.type}{{{fields}}}", 20
    raise ValueError(f"unknown expression kind {type(expr).__name__}")


def _wrap(expr: Expr, min_prec: int) -> str:
    text, prec = _render(expr)
    return text if prec >= min_prec else f"({text})"


def args_in(expr: Expr) -> set[int]:
    """Runtime-argument indices an expression reads."""
    return {sub.value for sub in walk(expr) if isinstance(sub, Arg)}


def cbs_in(expr: Expr) -> set[int]:
    return {sub.value for sub in walk(expr) if isinstance(sub, Cb)}


def evaluate(expr: Expr, values: Callable[[Expr], Expr | None]) -> int | None:
    """The integer value of `expr` once leaves are replaced by `values`, or None if not constant."""
    return as_int(substitute(expr, values))
