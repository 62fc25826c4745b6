"""Failures grouped by root cause: same unsupported construct, same failing rule, same first
differing event (numbers masked), same error site."""

from __future__ import annotations

from ttmigrate.report.model import IR_DRIVEN, TEMPLATE, ArtifactParity, Finding
from ttmigrate.report.root_causes import group_root_causes

from .synthetic import ARTIFACTS, emitted, failed_mode, kernel, levels, one_of_each, unsupported_mode


def _diverging(text: str, artifact: str = "reader.cpp") -> list[ArtifactParity]:
    return [
        ArtifactParity(
            a, "divergent" if a == artifact else "L1", [f"{a}: {text}"] if a == artifact else [], []
        )
        for a in ARTIFACTS
    ]


def test_same_unsupported_construct_is_one_cause() -> None:
    kernels = [kernel(f"k{i}", ir=unsupported_mode("T.Parallel", "For")) for i in range(3)]
    kernels.append(kernel("other", ir=unsupported_mode("T.atomic_add", "Call")))
    summary = group_root_causes(kernels)
    assert summary.headline() == "2 root causes across 4 kernels"
    top = summary.causes[0]
    assert top.key == "unsupported:For:T.Parallel"
    assert top.kernels == ("k0", "k1", "k2")


def test_same_first_differing_event_groups_across_different_numbers() -> None:
    a = kernel("a", ir=emitted(IR_DRIVEN, "wrong"), parity=_diverging("loop L0 trip count arg[1] vs 8"))
    b = kernel("b", ir=emitted(IR_DRIVEN, "wrong"), parity=_diverging("loop L0 trip count arg[2] vs 16"))
    c = kernel("c", ir=emitted(IR_DRIVEN, "wrong"), parity=_diverging("cb_wait_front(c_0, 1) missing"))
    d = kernel(
        "d", ir=emitted(IR_DRIVEN, "wrong"), parity=_diverging("loop L0 trip count arg[1] vs 8", "writer.cpp")
    )
    summary = group_root_causes([a, b, c, d])
    assert summary.headline() == "3 root causes across 4 kernels"
    assert summary.causes[0].kernels == ("a", "b")
    assert summary.causes[0].key == "diff:reader.cpp:loop LN trip count arg[N] vs N"


def test_compare_event_key_wins_over_words() -> None:
    parity = [
        ArtifactParity("compute.cpp", "divergent", ["x 1", "y"], [], first_event="call-order:matmul_tiles")
    ]
    parity += [ArtifactParity(a, "L0", [], []) for a in ARTIFACTS if a != "compute.cpp"]
    k = kernel("k", ir=emitted(IR_DRIVEN, "wrong"), parity=parity)
    assert k.root_cause == "diff:compute.cpp:call-order:matmul_tiles"


def test_failing_rule_outranks_the_first_difference() -> None:
    finding = Finding(
        "reader.cpp", 14, "cb-push-without-reserve", "cb_push_back(c_0) without cb_reserve_back"
    )
    k1 = kernel("k1", ir=emitted(IR_DRIVEN, "deadlock", findings=[finding]), parity=_diverging("a"))
    k2 = kernel("k2", ir=emitted(IR_DRIVEN, "wrong", findings=[finding]), parity=_diverging("b"))
    summary = group_root_causes([k1, k2])
    assert [c.key for c in summary.causes] == ["rule:cb-push-without-reserve"]
    assert summary.causes[0].categories == ("regressed",)


def test_equivalent_both_wrong_groups_by_emulation_outcome() -> None:
    k1 = kernel(
        "k1", template=emitted(TEMPLATE, "wrong"), ir=emitted(IR_DRIVEN, "wrong"), parity=levels("L0")
    )
    k2 = kernel(
        "k2", template=emitted(TEMPLATE, "wrong"), ir=emitted(IR_DRIVEN, "wrong"), parity=levels("L3")
    )
    summary = group_root_causes([k1, k2])
    assert [c.key for c in summary.causes] == ["emulate:template=wrong,ir_driven=wrong"]


def test_errors_group_by_raise_site_and_kind() -> None:
    same = [
        kernel(
            f"e{i}", ir=failed_mode(IR_DRIVEN, site="ttmigrate.emit.ir_driven.visit:For", message=f"loop {i}")
        )
        for i in range(2)
    ]
    other = kernel("e9", ir=failed_mode(IR_DRIVEN, site="ttmigrate.emulate.run:simulate"))
    no_site = [
        kernel(f"n{i}", template=failed_mode(TEMPLATE, site="", message=f"line {i * 7}: bad"))
        for i in range(2)
    ]
    summary = group_root_causes([*same, other, *no_site])
    keys = {c.key: c.kernels for c in summary.causes}
    assert keys["error:emit:KeyError@ttmigrate.emit.ir_driven.visit:For"] == ("e0", "e1")
    assert keys["error:emit:KeyError: line N: bad"] == ("n0", "n1")
    assert summary.headline() == "3 root causes across 5 kernels"


def test_parity_and_improved_are_not_failures() -> None:
    summary = group_root_causes(one_of_each().kernels)
    named = {name for cause in summary.causes for name in cause.kernels}
    assert "gemm_parity" not in named and "eltwise_improved" not in named
    # regressed (wrong) and regressed2 (deadlock) share the first differing event of reader.cpp
    assert summary.headline() == "5 root causes across 6 kernels"


def test_an_accepted_divergence_is_not_a_root_cause() -> None:
    accepted = kernel("a", parity=levels(compute_cpp="divergent"), expected={"a": "packs two tiles"})
    unlisted = kernel("b", parity=levels(compute_cpp="divergent"))
    assert accepted.category == unlisted.category == "diverged"
    assert accepted.expected_divergence == "packs two tiles"
    summary = group_root_causes([accepted, unlisted])
    assert [c.kernels for c in summary.causes] == [("b",)]


def test_one_classify_judges_an_accepted_divergence_with_its_reason() -> None:
    """classify sets the expected divergence before the root cause, which depends on it: a fresh
    result and a re-judged one (the stage cache's) agree after one call."""
    accepted = kernel("a", parity=levels(compute_cpp="divergent"), expected={"a": "packs two tiles"})
    assert accepted.root_cause is None
    unlisted = kernel("b", parity=levels(compute_cpp="divergent"))
    assert unlisted.root_cause is not None and unlisted.root_cause.startswith("diff:")
