"""Each renderer on synthetic results: terminal totals, markdown size cap, JUnit shape, JSON digest,
and HTML escaping (the browser test is in test_html_browser.py)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from ttmigrate.report.model import CATEGORIES, IR_DRIVEN, TEMPLATE, Finding
from ttmigrate.report.render.html import render_html
from ttmigrate.report.render.json import render_json
from ttmigrate.report.render.junit import render_junit
from ttmigrate.report.render.markdown import MAX_BYTES, render_markdown
from ttmigrate.report.render.terminal import render_text
from ttmigrate.report.summary import summarize

from .synthetic import emitted, failed_mode, kernel, levels, one_of_each, results

HOSTILE = "<script>alert('x')</script>"


@pytest.mark.parametrize("width", [80, 200])
def test_terminal_shows_totals_gate_families_and_causes(width: int) -> None:
    summary = summarize(one_of_each(), expected_divergences={})
    text = render_text(summary, width=width)
    expected = {
        "parity": 1,
        "improved": 1,
        "diverged": 1,
        "regressed": 2,
        "both-wrong": 1,
        "ir-unsupported": 1,
        "no-reference": 0,
        "error": 1,
    }
    assert list(expected) == list(CATEGORIES)
    for category, count in expected.items():
        share = f"{100 * count / 8:.0f}%"
        assert re.search(rf"^\W*{re.escape(category)}\W+{count}\W+{share}\W*$", text, re.M), (category, text)
    assert re.search(r"^\W*total\W+8\W*$", text, re.M)
    assert "Flip: BLOCKED by 5 blocker(s)" in text
    assert "regressed: gemm_regressed:" in text
    assert "5 root causes across 6 kernels" in text
    for family in ("eltwise", "gemm", "reduce", "softmax"):
        assert family in text


def test_terminal_says_ready_when_ready() -> None:
    text = render_text(summarize(results([kernel("a"), kernel("b")]), expected_divergences={}))
    assert "Flip: READY — 2 kernels to ir_driven, 0 pinned to template" in text


def _huge_run(n: int = 6000):
    long = "x" * 400
    kernels = [
        kernel(
            f"kernel_{i:05d}_{long}",
            family=f"fam{i % 40}",
            ir=emitted(IR_DRIVEN, "wrong"),
            parity=levels(compute_cpp="divergent"),
        )
        for i in range(n)
    ]
    return results(kernels)


def test_markdown_stays_under_1_mib_with_a_note() -> None:
    summary = summarize(_huge_run(), expected_divergences={})
    text = render_markdown(summary)
    size = len(text.encode("utf-8"))
    assert size < 1024 * 1024
    assert size <= MAX_BYTES + 1024
    assert "**Truncated**" in text and "lines left out" in text
    assert text.startswith("# ttmigrate parity report")
    assert "| 0 | 0 | 0 | 6000 | 0 | 0 | 0 | 0 | 6000 |" in text


def test_markdown_small_run_is_complete_and_escaped() -> None:
    k = kernel("k", ir=failed_mode(IR_DRIVEN, message=f"{HOSTILE} | pipe"))
    text = render_markdown(summarize(results([k, kernel("p")]), expected_divergences={}))
    assert "Truncated" not in text
    assert "<script>" not in text
    assert "&lt;script&gt;" in text and "\\| pipe" in text
    assert "| 1 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 2 |" in text


def test_junit_has_one_testcase_per_kernel_with_the_documented_outcomes() -> None:
    run = one_of_each()
    run.kernels.append(kernel("expected_div", parity=levels(writer_cpp="divergent")))
    summary = summarize(run, expected_divergences={"expected_div": "writer batches tiles"})
    root = ET.fromstring(render_junit(summary))
    suite = root.find("testsuite")
    assert suite is not None
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert len(cases) == len(run.kernels) == int(suite.get("tests", "-1"))

    def outcome(name: str) -> str:
        case = cases[name]
        for tag in ("failure", "skipped"):
            element = case.find(tag)
            if element is not None:
                return f"{tag}:{element.get('type', '')}"
        return "pass"

    assert {name: outcome(name) for name in cases} == {
        "gemm_parity": "pass",
        "eltwise_improved": "pass",
        "eltwise_diverged": "failure:diverged",
        "expected_div": "pass",
        "gemm_regressed": "failure:regressed",
        "gemm_regressed2": "failure:regressed",
        "reduce_both_wrong": "failure:both-wrong",
        "reduce_unsupported": "skipped:",
        "softmax_error": "failure:error",
    }
    assert suite.get("failures") == "5" and suite.get("skipped") == "1"


def test_junit_survives_control_characters_and_markup() -> None:
    k = kernel("k\x01", ir=failed_mode(IR_DRIVEN, message=f"{HOSTILE}\x00\x1b"))
    root = ET.fromstring(render_junit(summarize(results([k]), expected_divergences={})))
    failure = root.find("./testsuite/testcase/failure")
    assert failure is not None and HOSTILE in (failure.text or "")


def test_junit_names_a_finding_by_its_place_with_or_without_a_line() -> None:
    findings = [
        Finding("reader.cpp", 14, "cb-balance", "reader.cpp: CB c_0 pushed but never popped"),
        Finding("main.cpp", None, "host-missing", "main.cpp: no host program to check against"),
    ]
    k = kernel("k", ir=emitted(IR_DRIVEN, "wrong", findings=findings))
    failure = ET.fromstring(render_junit(summarize(results([k]), expected_divergences={}))).find(
        "./testsuite/testcase/failure"
    )
    assert failure is not None
    text = failure.text or ""
    assert "ir_driven reader.cpp:14: [cb-balance]" in text
    assert "ir_driven main.cpp: [host-missing]" in text and "None" not in text


def test_json_digest() -> None:
    data = json.loads(render_json(summarize(one_of_each(), expected_divergences={})))
    assert data["totals"] == {c: n for c, n in zip(CATEGORIES, [1, 1, 1, 2, 1, 1, 0, 1], strict=True)}
    assert data["gate"]["ready"] is False and len(data["gate"]["blockers"]) == 5
    assert data["root_causes"]["headline"] == "5 root causes across 6 kernels"
    assert len(data["kernels"]) == 8 and "artifacts" not in json.dumps(data["kernels"])


def test_html_escapes_all_kernel_text_and_has_one_row_per_kernel() -> None:
    t = emitted(TEMPLATE, text=f"// {HOSTILE}")
    k = kernel(
        f"evil{HOSTILE}", family=f"fam{HOSTILE}", template=t, ir=failed_mode(IR_DRIVEN, message=HOSTILE)
    )
    page = render_html(summarize(results([k, kernel("ok")]), expected_divergences={}))
    # the page's own script and its payload data block, nothing from kernel text
    assert re.findall(r"<script[^>]*>", page) == [
        '<script type="application/octet-stream" id="payloads">',
        "<script>",
    ]
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert page.count('class="kernel-row"') == 2
    assert "http://" not in page and "https://" not in page


def test_parity_over_runs_chart_only_with_history() -> None:
    from ttmigrate.report.render.html import ParityPoint

    summary = summarize(one_of_each(), expected_divergences={})
    assert "<svg" not in render_html(summary)
    history = [ParityPoint("run 1", 2, 8), ParityPoint("run 2", 4, 8), ParityPoint("run 3", 8, 8)]
    page = render_html(summary, history=history)
    assert page.count("<svg") == 1 and page.count("<circle") == 3
    assert "run 2: 4 of 8 at parity or better (50.0%)" in page
    assert "run 1 → run 3: 8 of 8 kernels at parity or better" in page
    points = re.search(r'<polyline class="series" points="([^"]+)"', page)
    assert points is not None
    ys = [float(p.split(",")[1]) for p in points.group(1).split()]
    assert ys[0] > ys[1] > ys[2]  # higher share, higher on the chart


def test_highlighting_covers_each_line_exactly() -> None:
    from ttmigrate.report.render.highlight import runs

    line = "    cb_wait_front(cb_in0, 18); uint32_t x = 0x1F; // tiles 12"
    parts = runs(line, artifact="compute.cpp")
    assert "".join(text for _cls, text in parts) == line
    classes = dict((text, cls) for cls, text in parts)
    assert classes["18"] == "mi" and classes["0x1F"] == "mh" and classes["// tiles 12"] == "c1"
    assert runs('  "cb_id": 16,', artifact="tt.plan.json") == [
        ("", "  "),
        ("nt", '"cb_id"'),
        ("", ": "),
        ("mi", "16"),
        ("", ","),
    ]
