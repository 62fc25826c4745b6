"""What changed since a baseline, and the retry list that re-runs exactly those kernels."""

from __future__ import annotations

from ttmigrate.report.baseline import diff_against, mark_changes, retry_list_text
from ttmigrate.report.model import IR_DRIVEN, TEMPLATE

from .synthetic import emitted, kernel, levels, results, unsupported_mode


def _runs():
    baseline = results(
        [
            kernel("stays_parity"),
            kernel("breaks", family="gemm"),
            kernel("gets_fixed", ir=emitted(IR_DRIVEN, "wrong"), parity=levels(compute_cpp="divergent")),
            kernel("shifts", template=emitted(TEMPLATE, "wrong"), ir=emitted(IR_DRIVEN, "wrong")),
            kernel("gone"),
        ]
    )
    current = results(
        [
            kernel("stays_parity"),
            kernel("breaks", ir=emitted(IR_DRIVEN, "deadlock"), parity=levels(reader_cpp="divergent")),
            kernel("gets_fixed"),
            kernel("shifts", ir=unsupported_mode()),
            kernel("brand_new"),
        ]
    )
    return baseline, current


def test_changes_are_classified() -> None:
    baseline, current = _runs()
    diff = diff_against(current, baseline)
    assert diff.of("newly-regressed") == ["breaks"]
    assert diff.of("newly-fixed") == ["gets_fixed"]
    assert diff.of("changed") == ["shifts"]
    assert diff.of("new") == ["brand_new"]
    assert diff.removed == ("gone",)
    assert diff.retry_list() == ["breaks", "gets_fixed", "shifts"]


def test_marks_are_recorded_on_the_kernels_and_survive_json() -> None:
    baseline, current = _runs()
    mark_changes(current, baseline, baseline_path="old/results.json")
    marks = {k.name: (k.baseline_category, k.change) for k in current.kernels}
    assert marks == {
        "stays_parity": ("parity", None),
        "breaks": ("parity", "newly-regressed"),
        "gets_fixed": ("regressed", "newly-fixed"),
        "shifts": ("both-wrong", "changed"),
        "brand_new": (None, "new"),
    }
    assert current.meta.baseline == "old/results.json"
    assert type(current).from_json(current.to_json()) == current


def test_retry_list_text_is_a_selection_file() -> None:
    baseline, current = _runs()
    text = retry_list_text(diff_against(current, baseline))
    names = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert names == ["breaks", "gets_fixed", "shifts"]
