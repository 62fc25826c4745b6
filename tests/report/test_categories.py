"""Every category and every combination rule of ttmigrate.report.categories."""

from __future__ import annotations

import pytest

from ttmigrate.report.model import IR_DRIVEN, TEMPLATE, ToolError

from .synthetic import emitted, failed_mode, kernel, levels, unsupported_mode

FAILING = ["wrong", "compile-error", "deadlock", "fault", None]


@pytest.mark.parametrize("level", ["L0", "L1", "L2", "L3", "L4"])
def test_parity_needs_l4_or_stricter_on_every_artifact_and_both_correct(level: str) -> None:
    k = kernel("k", parity=levels(level))
    assert k.category == "parity"
    assert k.root_cause is None


def test_one_divergent_artifact_with_both_correct_is_diverged() -> None:
    k = kernel("k", parity=levels("L0", main_cpp="divergent"))
    assert k.category == "diverged"
    assert "main.cpp" in k.reason


def test_unknown_level_is_not_equivalent() -> None:
    assert kernel("k", parity=levels("L5")).category == "diverged"


@pytest.mark.parametrize("ir_status", FAILING)
def test_template_correct_ir_not_is_regressed(ir_status: str | None) -> None:
    k = kernel("k", ir=emitted(IR_DRIVEN, ir_status), parity=levels(compute_cpp="divergent"))
    assert k.category == "regressed"
    assert k.notes == []


@pytest.mark.parametrize("template_status", FAILING)
def test_ir_correct_template_not_is_improved(template_status: str | None) -> None:
    k = kernel("k", template=emitted(TEMPLATE, template_status), parity=levels(compute_cpp="divergent"))
    assert k.category == "improved"


@pytest.mark.parametrize("divergent", [True, False])
def test_neither_correct_is_both_wrong_even_when_equivalent(divergent: bool) -> None:
    parity = levels(compute_cpp="divergent") if divergent else levels("L4")
    k = kernel("k", template=emitted(TEMPLATE, "wrong"), ir=emitted(IR_DRIVEN, "fault"), parity=parity)
    assert k.category == "both-wrong"
    assert k.reason == "template wrong, ir_driven fault"


def test_equivalent_but_numerics_differ_keeps_numeric_category_with_a_note() -> None:
    regressed = kernel("r", ir=emitted(IR_DRIVEN, "wrong"), parity=levels("L1"))
    improved = kernel("i", template=emitted(TEMPLATE, "wrong"), parity=levels("L1"))
    assert regressed.category == "regressed" and improved.category == "improved"
    for k in (regressed, improved):
        assert len(k.notes) == 1 and "semantic diff missed a difference" in k.notes[0]


def test_unsupported_construct_is_ir_unsupported_whatever_template_did() -> None:
    k = kernel("k", template=emitted(TEMPLATE, "wrong"), ir=unsupported_mode("T.Parallel", "For"))
    assert k.category == "ir-unsupported"
    assert "T.Parallel" in k.reason


def test_a_tool_error_outranks_everything() -> None:
    in_template = kernel("a", template=failed_mode(TEMPLATE), ir=unsupported_mode())
    in_ir = kernel("b", ir=failed_mode(IR_DRIVEN, stage="emulate", kind="OSError"))
    error = ToolError(stage="compare", kind="ValueError", message="bad model", log="tb")
    kernel_level = kernel("c", errors=[error], parity=levels("L0"))
    assert [k.category for k in (in_template, in_ir, kernel_level)] == ["error"] * 3
    assert in_ir.reason == "emulate: OSError: 'k'"
    assert kernel_level.reason == "compare: ValueError: bad model"


def test_error_recorded_inside_an_emitted_mode_is_an_error() -> None:
    mode = emitted(IR_DRIVEN)
    mode.errors.append(ToolError(stage="check", kind="RuntimeError", message="boom", log="tb"))
    assert kernel("k", ir=mode).category == "error"


def test_emitted_without_comparison_is_an_error_not_parity() -> None:
    k = kernel("k", parity=[])
    assert k.category == "error"
    assert "no comparison" in k.reason


def test_missing_mode_is_an_error() -> None:
    k = kernel("k")
    del k.modes[IR_DRIVEN]
    from ttmigrate.report.classify import classify

    assert classify(k).category == "error"
    assert "ir_driven" in k.reason


def test_template_unsupported_lets_ir_decide_alone() -> None:
    t = unsupported_mode("lowering: copy-global-to-global", "lowering")
    t.mode = TEMPLATE
    improved = kernel("a", template=t, parity=[])
    wrong = kernel("b", template=t, ir=emitted(IR_DRIVEN, "wrong"), parity=[])
    assert (improved.category, wrong.category) == ("improved", "both-wrong")
    assert wrong.reason == "template cannot emit lowering: copy-global-to-global, ir_driven wrong"
