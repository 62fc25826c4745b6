"""The typed edits behind the words: every kind has words, and keys group one cause across numbers.

Root causes group on `Difference.key` (run/stages passes the first one on as `first_event`), so a
key that held a number would split one cause in many, and a key that dropped structure would merge
two causes. The mutants are edits of the hand-written GEMM reference (tests/data/programs).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

from ttmigrate.compare import compare_artifacts
from ttmigrate.compare.diff import edits
from ttmigrate.compare.model import Event
from ttmigrate.compare.words import phrase

Edit = Callable[..., dict[str, str]]


def test_every_edit_kind_has_words() -> None:
    kinds = [
        kind
        for kind in vars(edits).values()
        if isinstance(kind, type) and issubclass(kind, edits.Edit) and not inspect.isabstract(kind)
    ]
    assert edits.EventChanged in kinds and edits.PlanChanged in kinds
    no_words = sorted(k.__name__ for k in kinds if phrase.dispatch(k) is phrase.dispatch(object))
    assert no_words == []


def _first(left: dict[str, str], right: dict[str, str], artifact: str) -> tuple[str, str]:
    difference = compare_artifacts(left=left, right=right).artifacts[artifact].differences[0]
    return difference.key, difference.message


def test_one_cause_with_other_numbers_has_one_key(gemm: dict[str, str], edit: Edit) -> None:
    two = edit(gemm, "compute.cpp", "cb_wait_front(cb_in1, 1);", "cb_wait_front(cb_in1, 2);")
    four = edit(gemm, "compute.cpp", "cb_wait_front(cb_in1, 1);", "cb_wait_front(cb_in1, 4);")
    (key_two, words_two), (key_four, words_four) = (
        _first(gemm, two, "compute.cpp"),
        _first(gemm, four, "compute.cpp"),
    )
    assert words_two != words_four
    assert key_two == key_four == "event:change:cb_wait_front:operand-1"


def test_another_operand_or_api_is_another_cause(gemm: dict[str, str], edit: Edit) -> None:
    cb = edit(gemm, "compute.cpp", "cb_wait_front(cb_in1, 1);", "cb_wait_front(cb_out0, 1);")
    pop = edit(gemm, "compute.cpp", "cb_pop_front(cb_in1, 1);", "cb_pop_front(cb_in1, 2);")
    dropped = edit(gemm, "compute.cpp", "            cb_pop_front(cb_in1, 1);\n", "")
    assert _first(gemm, cb, "compute.cpp")[0] == "circular-buffer:apis-only-left:cb_wait_front"
    assert _first(gemm, pop, "compute.cpp")[0] == "event:change:cb_pop_front:operand-1"
    assert _first(gemm, dropped, "compute.cpp")[0] == "circular-buffer:apis-only-left:cb_pop_front"
    keys = [d.key for d in compare_artifacts(left=gemm, right=dropped).artifacts["compute.cpp"].differences]
    assert keys == ["circular-buffer:apis-only-left:cb_pop_front", "event:delete:cb_pop_front"]


def test_plan_keys_name_the_field_not_the_list_position() -> None:
    plan = '{"cbs": [{"id": 0, "pages": 2}, {"id": 16, "pages": 2}]}'
    first = '{"cbs": [{"id": 0, "pages": 4}, {"id": 16, "pages": 2}]}'
    second = '{"cbs": [{"id": 0, "pages": 2}, {"id": 16, "pages": 8}]}'
    left = {"tt.plan.json": plan}
    keys = {
        compare_artifacts(left=left, right={"tt.plan.json": other})
        .artifacts["tt.plan.json"]
        .differences[0]
        .key
        for other in (first, second)
    }
    assert keys == {"plan:changed:[cbs][*][pages]"}


def test_an_event_subject_holds_no_generated_name_or_position() -> None:
    def event(kind: str, name: str) -> Event:
        return Event(kind=kind, name=name, args=(), scope=(), line=1, exprs=())

    assert edits.subject(event("call", "noc_async_read_tile<true>")) == "noc_async_read_tile<true>"
    assert (
        edits.subject(event("call", "v5.reserve"))
        == edits.subject(event("call", "v12.reserve"))
        == "v.reserve"
    )
    assert edits.subject(event("loop", "L0.L1")) == "loop"
    assert edits.subject(event("assign", "v6[256 * i1 + i2]")) == "assign"
