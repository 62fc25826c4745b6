"""cb-balance: per CB, the pages its producer pushes per work unit equal the pages its consumer pops.

A work unit is one iteration of the outermost loop around the push (pop). Pages per unit are the sum
over cb_push_back (cb_pop_front) events of n x the trip counts of the loops between the event and
that outermost loop; counts are symbolic in the kernel's argument indices and are evaluated per core
with the runtime arguments the host sets for that kernel. The number of work units (the outermost
trip count) must agree as well, or the totals differ and one side blocks forever; when both totals
are known integers on a core and equal, the two sides may group their pages differently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ttmigrate.compare import expr as E
from ttmigrate.compare.checks.values import Core, bind, core_values
from ttmigrate.compare.expr import Expr
from ttmigrate.compare.finding import Finding
from ttmigrate.compare.model import HostModel, KernelModel


@dataclass(frozen=True)
class Flow:
    kernel: str
    cb: int
    per_unit: Expr
    units: Expr
    line: int  # first push / pop


def flows(model: KernelModel, api: str) -> dict[int, Flow]:
    per_unit: dict[int, Expr] = {}
    units: dict[int, Expr] = {}
    lines: dict[int, int] = {}
    for event in model.events:
        target = event.exprs[0] if event.exprs else None
        if event.kind != "call" or event.api != api or not isinstance(target, E.Cb):
            continue
        cb = target.value
        loops = [model.loops[s] for s in event.scope if s in model.loops]
        pages = event.exprs[1] if len(event.exprs) > 1 else E.num(1)
        for loop in loops[1:]:
            pages = E.binary("*", pages, loop.trip_expr)
        per_unit[cb] = E.binary("+", per_unit.get(cb, E.num(0)), pages)
        units.setdefault(cb, loops[0].trip_expr if loops else E.num(1))
        lines.setdefault(cb, event.line)
    return {cb: Flow(model.artifact, cb, per_unit[cb], units[cb], lines[cb]) for cb in per_unit}


def check_cb_balance(kernels: Mapping[str, KernelModel], host: HostModel | None) -> list[Finding]:
    pushes = {name: flows(model, "cb_push_back") for name, model in kernels.items()}
    pops = {name: flows(model, "cb_pop_front") for name, model in kernels.items()}
    findings: list[Finding] = []
    for cb in sorted({cb for table in (*pushes.values(), *pops.values()) for cb in table}):
        producers = [table[cb] for table in pushes.values() if cb in table]
        consumers = [table[cb] for table in pops.values() if cb in table]
        if not consumers:
            for p in producers:
                pages = _show(p.per_unit, _first_core(p.per_unit, p.kernel, host))
                findings.append(
                    _finding(
                        p,
                        f"{p.kernel}: CB c_{cb}: pushes {pages} page(s) per work unit but no kernel pops it",
                    )
                )
            continue
        if not producers:
            for c in consumers:
                pages = _show(c.per_unit, _first_core(c.per_unit, c.kernel, host))
                findings.append(
                    _finding(
                        c,
                        f"{c.kernel}: CB c_{cb}: pops {pages} page(s) per work unit but no kernel pushes it",
                    )
                )
            continue
        for producer in producers:
            for consumer in consumers:
                problem = _compare(producer, consumer, host)
                if problem:
                    findings.append(_finding(consumer, problem))
    return findings


def _compare(producer: Flow, consumer: Flow, host: HostModel | None) -> str | None:
    pvalues, cvalues = _values(host, producer.kernel), _values(host, consumer.kernel)
    cores: list[Core | None] = [*sorted(set(pvalues) & set(cvalues), key=lambda c: (c[1], c[0]))] or [None]
    for core in cores:
        pv = pvalues.get(core, ()) if core is not None else ()
        cv = cvalues.get(core, ()) if core is not None else ()
        p_unit, c_unit = bind(producer.per_unit, pv), bind(consumer.per_unit, cv)
        p_units, c_units = bind(producer.units, pv), bind(consumer.units, cv)
        if p_unit == c_unit and p_units == c_units:
            continue
        p_total, c_total = E.binary("*", p_unit, p_units), E.binary("*", c_unit, c_units)
        if isinstance(p_total, E.Num) and p_total == c_total:
            continue  # same pages in total, grouped differently (2 x 2 units vs 1 x 4): balanced
        where = (
            f"core {core[0]},{core[1]}" if core is not None else "no host runtime arguments to evaluate with"
        )
        return (
            f"{consumer.kernel}: CB c_{consumer.cb}: {producer.kernel} pushes {_show(producer.per_unit, p_unit)} page(s) "
            f"per work unit x {_show(producer.units, p_units)} unit(s), {consumer.kernel} pops "
            f"{_show(consumer.per_unit, c_unit)} x {_show(consumer.units, c_units)} ({where})"
        )
    return None


def _values(host: HostModel | None, kernel: str) -> dict[Core, tuple[Expr, ...]]:
    """Runtime arguments per core; a kernel the host creates but gives no runtime arguments (all
    its counts are compile-time) runs on its cores with none."""
    values = core_values(host, kernel)
    created = host.kernels.get(kernel) if host is not None else None
    if not values and host is not None and created is not None and kernel not in host.runtime_args:
        return {core: () for core in created.cores}
    return values


def _first_core(symbolic: Expr, kernel: str, host: HostModel | None) -> Expr | None:
    """The value on the first core (in core-id order) the host configures, for the message."""
    values = core_values(host, kernel)
    if not values:
        return None
    first = min(values, key=lambda core: (core[1], core[0]))
    return bind(symbolic, values[first])


def _show(symbolic: Expr, value: Expr | None = None) -> str:
    text = E.render(symbolic)
    if value is None or value == symbolic:
        return text
    return f"{text} = {E.render(value)}"


def _finding(flow: Flow, message: str) -> Finding:
    return Finding(flow.kernel, flow.line, "cb-balance", message)
