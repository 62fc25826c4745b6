"""The flip gate: blockers, pins, and the expected-divergence list (needed / stale / unknown)."""

from __future__ import annotations

from ttmigrate.report.gate import evaluate_gate
from ttmigrate.report.model import IR_DRIVEN, TEMPLATE

from .synthetic import emitted, kernel, levels, one_of_each, results, unsupported_mode


def _kinds(gate) -> list[tuple[str, str | None]]:
    return [(b.kind, b.kernel) for b in gate.blockers]


def test_every_blocking_category_blocks() -> None:
    gate = evaluate_gate(one_of_each(), expected_divergences={})
    assert _kinds(gate) == [
        ("unexpected-divergence", "eltwise_diverged"),
        ("regressed", "gemm_regressed"),
        ("regressed", "gemm_regressed2"),
        ("ir-wrong", "reduce_both_wrong"),
        ("error", "softmax_error"),
    ]
    assert not gate.ready
    assert gate.pins == {"reduce_unsupported": "template"}


def test_ready_with_pins_and_a_needed_expected_divergence() -> None:
    run = results(
        [
            kernel("p"),
            kernel("i", template=emitted(TEMPLATE, "wrong"), parity=levels(compute_cpp="divergent")),
            kernel("d", parity=levels(main_cpp="divergent")),
            kernel("u", ir=unsupported_mode()),
        ]
    )
    gate = evaluate_gate(run, expected_divergences={"d": "ir_driven splits the K loop per core"})
    assert gate.ready, gate.blockers
    assert gate.pins == {"u": "template"}
    assert gate.flipped == ("d", "i", "p")
    assert gate.expected_in_use == ("d",)


def test_expected_divergence_no_longer_needed_blocks() -> None:
    run = results([kernel("now_parity")])
    gate = evaluate_gate(run, expected_divergences={"now_parity": "old reason", "vanished": "x"})
    assert _kinds(gate) == [
        ("stale-expected-divergence", "now_parity"),
        ("unknown-expected-divergence", "vanished"),
    ]
    assert "remove it" in gate.blockers[0].message


def test_expected_divergence_does_not_excuse_a_regression() -> None:
    run = results([kernel("r", ir=emitted(IR_DRIVEN, "wrong"), parity=levels(compute_cpp="divergent"))])
    gate = evaluate_gate(run, expected_divergences={"r": "reason"})
    assert _kinds(gate) == [("regressed", "r")]


def test_a_partial_run_cannot_flip() -> None:
    gate = evaluate_gate(
        results([kernel("p")], complete=False, selection=["tag:gemm"]), expected_divergences={}
    )
    assert _kinds(gate) == [("incomplete-run", None)]
    assert "tag:gemm" in gate.blockers[0].message


def test_an_empty_run_cannot_flip() -> None:
    gate = evaluate_gate(results([]), expected_divergences={})
    assert _kinds(gate) == [("empty-run", None)]
