"""`no-reference`: a kernel without a reference (or with a torch reference and no torch) is emitted,
checked and diffed, but never judged correct, and it blocks the flip."""

from __future__ import annotations

from ttmigrate.report.gate import evaluate_gate
from ttmigrate.report.model import CATEGORIES, EMULATION_STATUSES, IR_DRIVEN, TEMPLATE

from .synthetic import emitted, kernel, levels, results, unsupported_mode


def test_no_reference_outranks_the_numeric_categories() -> None:
    k = kernel(
        "k",
        template=emitted(TEMPLATE, "no-reference"),
        ir=emitted(IR_DRIVEN, "no-reference"),
        parity=levels("L0"),
    )
    assert k.category == "no-reference"
    assert k.reason == "no reference to judge the outputs by; template no-reference, ir_driven no-reference"
    assert "no-reference" in CATEGORIES and "no-reference" in EMULATION_STATUSES


def test_no_reference_when_only_ir_driven_emits_and_faults_stay_visible() -> None:
    t = unsupported_mode("lowering: x", "lowering")
    t.mode = TEMPLATE
    k = kernel("k", template=t, ir=emitted(IR_DRIVEN, "no-reference"), parity=[])
    assert k.category == "no-reference"
    assert k.reason.endswith("template unsupported, ir_driven no-reference")


def test_an_unsupported_construct_still_wins() -> None:
    k = kernel("k", template=emitted(TEMPLATE, "no-reference"), ir=unsupported_mode(), parity=[])
    assert k.category == "ir-unsupported"


def test_no_reference_blocks_the_flip() -> None:
    k = kernel(
        "k",
        template=emitted(TEMPLATE, "no-reference"),
        ir=emitted(IR_DRIVEN, "no-reference"),
        parity=levels("L0"),
    )
    gate = evaluate_gate(results([k]), expected_divergences={})
    assert [(b.kind, b.kernel) for b in gate.blockers] == [("no-reference", "k")]
    assert "k" not in gate.flipped
