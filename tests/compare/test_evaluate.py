"""Concrete evaluation: the compiled integer function gives what folding the record gives, at every
point, on the corpus's own tile indices and on the folds' edge cases."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from ttmigrate.compare import evaluate as V
from ttmigrate.compare import expr as E
from ttmigrate.compare.expr import Bin, Cond, Expr, Index, Init, Loop, Name, Nary, Num, Un
from ttmigrate.compare.programs import analyse_program

REPO = Path(__file__).resolve().parents[2]
i0, i1 = Loop(0), Loop(1)
POINTS = list(itertools.product(range(-3, 4), range(0, 3)))

CASES: dict[str, Expr] = {
    "tile index": Nary("+", (Bin("%", Nary("+", (Num(24), i0)), Num(8)), Nary("*", (Num(8), i1)))),
    "division by a counter that is 0 at some points": Bin("/", Num(12), i1),
    "remainder by zero": Bin("%", i0, Num(0)),
    "a product with zero keeps an unfolded factor foldable": Nary("*", (Bin("/", i0, i1), Num(0))),
    "a difference of equal unfolded terms": Bin("-", Bin("/", i0, i1), Bin("/", i0, i1)),
    "prefix operators": Nary("+", (Un("-", i0), Un("!", i1), Un("+", Num(3)))),
    "a prefix operator that does not fold": Un("~", i0),
    "a decided conditional skips the other branch": Cond(Bin("<", i1, Num(1)), i0, Bin("/", Num(1), i1)),
    "a constant table in and out of range": Index(Init("", (("", Num(5)), ("", Num(7)))), i0),
    "a table of names": Index(Init("", (("", Name("a")), ("", Num(7)))), i1),
    "logic": Nary("&&", (Bin("<=", i0, Num(1)), Bin("!=", i1, Num(2)))),
    "shift by a negative count": Bin("<<", Num(1), i0),
    "a counter beyond the point": Nary("+", (Loop(2), Num(1))),
    "a free name": Nary("+", (Name("x"), i0)),
}


def _definition(expr: Expr, point: V.Point) -> int | type[ValueError] | None:
    try:
        return V.value_at(expr, point)
    except ValueError:
        return ValueError


def _compiled(expr: Expr, point: V.Point) -> int | type[ValueError] | None:
    function = V.integer_function(expr, width=len(point))
    if function is None:
        return _definition(expr, point)
    try:
        return function(point)
    except (V.NotFolded, ArithmeticError, ValueError):
        return _definition(expr, point)


@pytest.mark.parametrize("name", CASES)
def test_the_compiled_function_folds_as_substitute_does(name: str) -> None:
    expr = CASES[name]
    assert [_compiled(expr, p) for p in POINTS] == [_definition(expr, p) for p in POINTS]


def test_the_foldable_cases_compile_and_the_symbolic_ones_do_not() -> None:
    compiled = {name for name, expr in CASES.items() if V.integer_function(expr, width=2) is not None}
    assert {"tile index", "prefix operators", "logic", "a constant table in and out of range"} <= compiled
    assert not compiled & {
        "a prefix operator that does not fold",
        "a counter beyond the point",
        "a free name",
    }
    assert "a table of names" not in compiled


def test_a_point_that_does_not_fold_is_decided_by_the_definition() -> None:
    """At i1 = 0 the division does not fold, so the function raises there and the record decides:
    `(i0 / i1) * 0` folds to 0 all the same (expr.binary drops a product with a zero factor)."""
    function = V.integer_function(CASES["a product with zero keeps an unfolded factor foldable"], width=2)
    assert function is not None
    with pytest.raises(V.NotFolded):
        function((1, 0))
    assert V.value_at(CASES["a product with zero keeps an unfolded factor foldable"], (1, 0)) == 0
    table = V.integer_function(CASES["a constant table in and out of range"], width=2)
    assert table is not None and table((1, 0)) == 7
    with pytest.raises(V.NotFolded):
        table((2, 0))


def test_every_corpus_tile_index_evaluates_as_its_definition() -> None:
    """evaluate_points against value_at at every point of every transfer's page index on every core,
    over the IR-driven goldens of the GEMM and fused families (where the indices wrap and tile)."""
    checked = 0
    for folder in sorted((REPO / "snapshots").glob("*/*/ir_driven")):
        if folder.parent.parent.name not in ("gemm", "fused", "eltwise"):
            continue
        program = analyse_program(artifacts={p.name: p.read_text() for p in folder.glob("*.cpp")})
        for name, model in program.kernels().items():
            for args in V.core_values(program.host, name).values():
                for event in model.events:
                    if not event.name.startswith("noc_async_") or not event.exprs:
                        continue
                    bound = V.bind(event.exprs[0], args)
                    for point, value in V.evaluate_points(model, event, event.exprs[0], args):
                        assert value == V.value_at(bound, point), (folder, name, event.line, point)
                        checked += 1
    assert checked > 10_000
    assert E.as_int(V.bind(Nary("+", (E.Arg(0), Num(1))), (Num(4),))) == 5
