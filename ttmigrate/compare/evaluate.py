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
    for point in points:
        yield point, E.as_int(E.substitute(bound, loop_values(dict(enumerate(point)))))


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
