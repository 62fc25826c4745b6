"""Concrete evaluation of kernel expressions over every core and loop iteration the host sets up.

Used where symbols cannot decide: a tile-index expression that differs in form between the two
emitters (`m * Kt` vs `m % Mt * Kt`) may still take the same value at every point the program
actually executes, and a protocol rule may need the page a kernel touches. Loop nests larger than
MAX_POINTS iterations on a core are not enumerated (the answer is then "unknown", never a guess).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

from ttmigrate.compare import expr as E
from ttmigrate.compare.expr import Expr
from ttmigrate.compare.model import Event, HostModel, KernelModel

MAX_POINTS = 1 << 14
Core = tuple[int, int]
Point = tuple[int, ...]


def core_values(host: HostModel | None, kernel: str) -> dict[Core, tuple[Expr, ...]]:
    """core -> the runtime-argument expressions the host sets for `kernel` there."""
    if host is None:
        return {}
    return {core: call.exprs for core, call in host.runtime_args.get(kernel, {}).items()}


def bind(expr: Expr, values: tuple[Expr, ...]) -> Expr:
    """`expr` with arg[i] replaced by the host's i-th value (left symbolic where there is none)."""

    def replace(leaf: Expr) -> Expr | None:
        return values[leaf.value] if isinstance(leaf, E.Arg) and leaf.value < len(values) else None

    return E.substitute(expr, replace)


def loop_values(binding: dict[int, int]) -> Callable[[Expr], Expr | None]:
    def replace(leaf: Expr) -> Expr | None:
        return E.num(binding[leaf.value]) if isinstance(leaf, E.Loop) and leaf.value in binding else None

    return replace


def iteration_points(model: KernelModel, event: Event, args: tuple[Expr, ...]) -> list[Point] | None:
    """Every value of the loop counters around `event` (counters run from 0, see extract/statements.py)."""
    ranges: list[range] = []
    total = 1
    for scope in event.scope:
        loop = model.loops.get(scope)
        if loop is None:
            continue
        trip = E.as_int(bind(loop.trip_expr, args))
        if trip is None:
            return None
        ranges.append(range(max(trip, 0)))
        total *= max(trip, 0)
        if total > MAX_POINTS:
            return None
    return list(itertools.product(*ranges))


def evaluate_points(
    model: KernelModel, event: Event, operand: Expr, args: tuple[Expr, ...]
) -> Iterator[tuple[Point, int | None]]:
    points = iteration_points(model, event, args)
    if points is None:
        return
    bound = bind(operand, args)
    fast = integer_function(bound, width=len(points[0]) if points else 0)
    for point in points:
        yield point, value_at(bound, point) if fast is None else _fast_value(fast, bound, point)


def _fast_value(fast: IntFunction, bound: Expr, point: Point) -> int | None:
    try:
        return fast(point)
    except (NotFolded, ArithmeticError, ValueError):
        return value_at(bound, point)  # this point does not fold on integers alone: the definition decides


def value_at(bound: Expr, point: Point) -> int | None:
    """The definition: `bound` with Loop(d) replaced by point[d] and folded (expr.substitute)."""
    return E.as_int(E.substitute(bound, loop_values(dict(enumerate(point)))))


class NotFolded(Exception):
    """An operation of an integer function met values that expr.binary would leave unfolded."""


IntFunction = Callable[[Point], int]


def integer_function(expr: Expr, *, width: int) -> IntFunction | None:
    """`expr` compiled to a function of a loop point of `width` counters, or None when it is not made
    of integers, loop counters and foldable operators alone.

    Why: a tile index is evaluated at every iteration of every core (up to MAX_POINTS each), and
    rebuilding the expression record by record at each point was most of a check's time. The
    function computes what `value_at` does, node for node: it applies the same folds (`expr.FOLDS`,
    the unary folds, a decided conditional, a constant table indexed in range), and raises NotFolded
    (or the fold's own ArithmeticError/ValueError) wherever expr.substitute would keep a node
    symbolic, so that the caller asks `value_at` there; a function that returns has folded every
    node exactly as substitute does."""
    if isinstance(expr, E.Num):
        constant = expr.value
        return lambda point: constant
    if isinstance(expr, E.Loop):
        depth = expr.value
        return (lambda point: point[depth]) if depth < width else None
    if isinstance(expr, E.Bin | E.Nary):
        fold = E.FOLDS.get(expr.op)
        parts = [expr.left, expr.right] if isinstance(expr, E.Bin) else list(expr.operands)
        functions = [integer_function(part, width=width) for part in parts]
        if fold is None or None in functions:
            return None
        return _folded(fold, [f for f in functions if f is not None])
    if isinstance(expr, E.Un):
        operand = integer_function(expr.operand, width=width)
        unary = E.UNARY_FOLDS.get(expr.op)
        if operand is None or unary is None:
            return None
        return lambda point: unary(operand(point))
    if isinstance(expr, E.Cond):
        test, yes, no = (integer_function(part, width=width) for part in (expr.test, expr.yes, expr.no))
        if test is None or yes is None or no is None:
            return None
        return lambda point: yes(point) if test(point) else no(point)
    if isinstance(expr, E.Index) and isinstance(expr.array, E.Init):
        table = [value.value if isinstance(value, E.Num) else None for _, value in expr.array.fields]
        position = integer_function(expr.position, width=width)
        if position is None or None in table:
            return None
        return lambda point: _entry(table, position(point))
    return None


def _folded(fold: Callable[[int, int], int | None], functions: list[IntFunction]) -> IntFunction:
    first, rest = functions[0], functions[1:]

    def run(point: Point) -> int:
        value = first(point)
        for function in rest:  # left to right, as substitute folds a Nary's operands
            folded = fold(value, function(point))
            if folded is None:
                raise NotFolded
            value = folded
        return value

    return run


def _entry(table: list[int | None], position: int) -> int:
    if not 0 <= position < len(table):
        raise NotFolded  # expr.index keeps an out-of-range subscript symbolic
    value = table[position]
    assert value is not None  # integer_function only builds tables of integers
    return value


def operand_table(
    model: KernelModel, event: Event, operand: Expr, host: HostModel | None
) -> dict[tuple[Core, Point], int] | None:
    """(core, loop point) -> value of `operand`, or None if some value is not a known integer."""
    values = core_values(host, model.artifact)
    if not values:
        return None
    table: dict[tuple[Core, Point], int] = {}
    for core, args in values.items():
        if iteration_points(model, event, args) is None:
            return None
        for point, value in evaluate_points(model, event, operand, args):
            if value is None:
                return None
            table[(core, point)] = value
    return table
