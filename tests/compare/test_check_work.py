"""The work a check does, and that cutting it changes no answer.

- `check_artifacts(rules=...)` runs only the selected checks and reports exactly what the full check
  reports for those rules; the analysis findings (parse, host-missing) are reported whatever is
  selected.
- Programs that share files parse and model each shared file once (compare/programs.py keeps
  artifacts by content), and get the same findings as each program analysed alone.

The programs are the GEMM reference with one statement line deleted at a time: each deletion breaks
a different protocol rule, so both are compared on real findings."""

from __future__ import annotations

import pytest

from ttmigrate.compare import check_artifacts, parse
from ttmigrate.compare.checks import ANALYSIS_RULES, RULES
from ttmigrate.compare.programs import analyse_program, clear_caches


def _line_deletions(artifacts: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
    """(label, program) for every statement line of every kernel deleted on its own, and of the
    host's SetRuntimeArgs and CreateCircularBuffer calls."""
    programs = []
    for name, text in sorted(artifacts.items()):
        lines = text.split("\n")
        for index, line in enumerate(lines):
            host_call = any(call in line for call in ("SetRuntimeArgs", "CreateCircularBuffer"))
            if line.rstrip().endswith(";") and "(" in line and (name != "main.cpp" or host_call):
                mutant = "\n".join(lines[:index] + lines[index + 1 :])
                programs.append((f"{name}:{index + 1}", {**artifacts, name: mutant}))
    return programs


def test_each_selected_rule_reports_what_the_full_check_reports(gemm: dict[str, str]) -> None:
    seen: set[str] = set()
    for label, program in [("reference", gemm), *_line_deletions(gemm)]:
        full = check_artifacts(artifacts=program)
        seen |= {f.rule for f in full}
        for rule in RULES:
            expected = [f for f in full if f.rule == rule or f.rule in ANALYSIS_RULES]
            assert check_artifacts(artifacts=program, rules={rule}) == expected, (label, rule)
        assert check_artifacts(artifacts=program, rules=RULES) == full, label
    # the deletions break ten of the rules, and one makes a file unparsable
    assert seen >= {
        "barrier-before-pop", "barrier-before-push", "cb-balance", "dst-order", "init-state", "parse",
        "reserve-before-pack", "reserve-before-push", "runtime-args-cover", "runtime-args-unread",
        "wait-before-pop",
    }, sorted(seen)  # fmt: skip


def test_no_rule_selected_reports_only_the_analysis(gemm: dict[str, str]) -> None:
    broken = {**gemm, "compute.cpp": gemm["compute.cpp"].replace("{", "", 1)}
    findings = check_artifacts(artifacts=broken, rules=())
    assert findings and {f.rule for f in findings} == {"parse"}
    assert check_artifacts(artifacts=gemm, rules=()) == []


def test_an_unknown_rule_is_named() -> None:
    with pytest.raises(ValueError, match=r"unknown check rule\(s\) dst_order; the rules are cb-balance"):
        check_artifacts(artifacts={}, rules={"dst_order"})


def test_programs_sharing_files_get_the_findings_each_gets_alone(gemm: dict[str, str]) -> None:
    programs = [gemm, *(program for _, program in _line_deletions(gemm))]
    clear_caches()
    shared = [check_artifacts(artifacts=program) for program in programs]
    alone = []
    for program in programs:
        clear_caches()
        alone.append(check_artifacts(artifacts=program))
    assert shared == alone
    assert sum(map(bool, alone)) >= 30  # of the 45 programs: the comparison is on real findings


def test_a_file_shared_by_two_programs_is_parsed_and_modelled_once(gemm: dict[str, str]) -> None:
    mutant = {**gemm, "compute.cpp": gemm["compute.cpp"].replace("matmul_init(cb_in0, cb_in1);", "")}
    clear_caches()
    parse.PARSES.clear()
    first = analyse_program(artifacts=gemm)
    second = analyse_program(artifacts=mutant)
    parsed = {name: count for name, count in parse.PARSES.items() if not name.endswith("#fragment")}
    assert parsed == {"reader.cpp": 1, "writer.cpp": 1, "main.cpp": 1, "compute.cpp": 2}
    for name in ("reader.cpp", "writer.cpp", "main.cpp"):
        assert second.models[name] is first.models[name]
    assert second.models["compute.cpp"] is not first.models["compute.cpp"]
