"""The tables a kernel model derives from a finished walk: CB uses and argument uses."""

from __future__ import annotations

from ttmigrate.compare import expr as E
from ttmigrate.compare.expr import Expr
from ttmigrate.compare.model import ArgUse, CbUse, cb_role

from .state import WalkState


def cb_uses(state: WalkState) -> dict[int, CbUse]:
    """Each CB the walk met: the symbols bound to it and the APIs that used it."""
    apis: dict[int, set[str]] = {}
    for event in state.events:
        for arg in event.exprs:
            for cb in E.cbs_in(arg):
                apis.setdefault(cb, set()).add(event.api if event.kind == "call" else event.kind)
    ids = set(apis) | set(state.cb_symbols)
    return {
        cb: CbUse(
            cb_id=cb,
            role=cb_role(cb),
            symbols=tuple(sorted(state.cb_symbols.get(cb, ()))),
            apis=tuple(sorted(apis.get(cb, ()))),
        )
        for cb in sorted(ids)
    }


def arg_uses(state: WalkState) -> tuple[dict[int, ArgUse], dict[int, ArgUse]]:
    """Each runtime (`get_arg_val`) and compile-time (`get_compile_time_arg_val`) argument the walk
    met and what uses it: both tables from one walk over the loops and events."""
    uses: dict[str, dict[int, set[str]]] = {
        kind: {i: set() for i in lines} for kind, lines in state.arg_lines.items()
    }
    for loop in state.loops.values():
        for sub in E.walk(loop.trip_expr):
            if isinstance(sub, (E.Arg, E.CtArg)):
                uses[sub.kind].setdefault(sub.value, set()).add(f"trip count of loop {loop.id}")
    for event in state.events:
        if event.kind == "loop":
            continue
        where = event.name
        if event.kind == "call":
            cbs = sorted(set().union(*(E.cbs_in(a) for a in event.exprs))) if event.exprs else []
            where = f"{event.api}({', '.join(f'c_{cb}' for cb in cbs)})"
        for position, arg in enumerate(event.exprs):
            _collect_uses(arg, f"{where} operand {position}", uses)
    tables = {
        kind: {
            i: ArgUse(
                index=i,
                meaning=tuple(sorted(found[i])) or ("unused",),
                line=state.arg_lines[kind].get(i, 0),
            )
            for i in sorted(found)
        }
        for kind, found in uses.items()
    }
    return tables["arg"], tables["ctarg"]


def _collect_uses(expr: Expr, site: str, uses: dict[str, dict[int, set[str]]]) -> None:
    """An operand that is an argument is used as itself (`site`); an argument inside an expression
    is a term of it (`site term`); a braced initialiser's fields are sites of their own."""
    if isinstance(expr, (E.Arg, E.CtArg)):
        uses[expr.kind].setdefault(expr.value, set()).add(site)
        return
    if isinstance(expr, E.Init):
        for field_name, value in expr.fields:
            _collect_uses(value, f"{site}.{field_name}" if field_name else site, uses)
        return
    for sub in E.walk(expr):
        if isinstance(sub, (E.Arg, E.CtArg)):
            uses[sub.kind].setdefault(sub.value, set()).add(f"{site} term")
