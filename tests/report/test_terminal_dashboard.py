"""The terminal dashboard at 80 columns: nothing cut, colour only on non-zero problem counts, the
pinned kernels and what they mean when READY, and the next command at the end; `report` and `flip`
look for reports/results.json by default and say where they looked."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from ttmigrate.cli import main
from ttmigrate.cli.progress import ProgressLines
from ttmigrate.report.model import TEMPLATE
from ttmigrate.report.render.terminal import render, render_text
from ttmigrate.report.summary import summarize

from .synthetic import emitted, kernel, one_of_each, results, unsupported_mode

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _coloured(summary: object, width: int = 80) -> str:
    buffer = io.StringIO()
    render(summary, Console(file=buffer, width=width, force_terminal=True, color_system="standard"))  # type: ignore[arg-type]
    return buffer.getvalue()


def test_fits_80_columns_with_whole_headers() -> None:
    text = render_text(summarize(one_of_each(), expected_divergences={}), width=80)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "…" not in text.split("Root causes")[0]  # no header or count cut off
    assert "problems (non-zero only)" in text
    assert re.search(r"^ gemm\s+│\s+3 │\s+1 │ 2 regressed\s*$", text, re.M), text


def test_only_non_zero_problem_counts_are_coloured() -> None:
    run = results([kernel("a"), kernel("b", ir=emitted("ir_driven", "wrong"))])
    text = _coloured(summarize(run, expected_divergences={}))
    rows = {ANSI.sub("", line).split("│")[0].strip(): line for line in text.splitlines() if "│" in line}
    assert ANSI.search(rows["regressed"]) is not None  # 1 regressed: coloured
    for category in ("error", "both-wrong", "ir-unsupported", "diverged"):
        assert ANSI.search(rows[category]) is None, (category, rows[category])  # zeros: plain


def test_ready_lists_the_pins_and_what_they_compute() -> None:
    run = results(
        [
            kernel("good"),
            kernel("pinned_ok", ir=unsupported_mode()),
            kernel("pinned_wrong", template=emitted(TEMPLATE, "wrong"), ir=unsupported_mode()),
        ]
    )
    text = " ".join(render_text(summarize(run, expected_divergences={}), width=80).split())
    assert "Flip: READY — 1 kernels to ir_driven, 2 pinned to template" in text
    assert "stay pinned to template (ir_driven cannot emit them): pinned_ok, pinned_wrong" in text
    assert (
        "1 of them compute wrong numbers in template mode, and keep doing so after the flip: pinned_wrong (wrong)"
        in text
    )
    assert text.rstrip().endswith(
        'next: ttmigrate flip (writes default_mode = "ir_driven" and the pins to pyproject.toml)'
    )


def test_after_the_flip_with_nothing_pinned_there_is_nothing_to_flip() -> None:
    run = results([kernel("a"), kernel("b")])
    before = " ".join(render_text(summarize(run, expected_divergences={}), width=80).split())
    assert before.rstrip().endswith(
        'next: ttmigrate flip (writes default_mode = "ir_driven" and the pins to pyproject.toml)'
    )
    run.meta.default_mode, run.meta.flipped_on = "ir_driven", "2026-12-01"
    text = " ".join(render_text(summarize(run, expected_divergences={}), width=80).split())
    assert "Default mode: ir_driven since 2026-12-01" in text
    assert text.rstrip().endswith(
        "next: nothing to flip (default_mode is ir_driven, 0 kernels pinned; tox -e parity keeps the gate green)"
    )
    pinned = results([kernel("a"), kernel("u", ir=unsupported_mode())])
    pinned.meta.default_mode = "ir_driven"  # flipped with a pin: a re-flip can still drop it
    again = " ".join(render_text(summarize(pinned, expected_divergences={}), width=80).split())
    assert "next: ttmigrate flip" in again


def test_blocked_ends_with_a_command_for_the_first_blocker() -> None:
    text = " ".join(render_text(summarize(one_of_each(), expected_divergences={}), width=80).split())
    assert re.search(r"next: ttmigrate diff \w+ and ttmigrate sim \w+ --mode ir_driven", text), text


def test_progress_lines_every_few_kernels_with_an_eta() -> None:
    now = [0.0]
    lines: list[str] = []
    progress = ProgressLines(total=20, write=lines.append, every=5, clock=lambda: now[0])
    for i in range(20):
        now[0] += 2.0
        progress(kernel(f"k{i}"))
    assert len(lines) == 4
    assert lines[0] == "run: 5/20 kernels (25%), 0:10 elapsed, ETA 0:30; last gemm/k4: parity"
    assert lines[-1].startswith("run: 20/20 kernels (100%), 0:40 elapsed, ETA 0:00")


@pytest.fixture
def in_tmp(tmp_path: Path) -> object:
    old = Path.cwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(old)


@pytest.mark.parametrize("command", [["report"], ["flip", "--check"]])
def test_report_and_flip_find_reports_results_json(in_tmp: Path, command: list[str]) -> None:
    missing = CliRunner().invoke(main, command)
    assert missing.exit_code == 2
    assert "no results.json found; looked in" in missing.output
    assert (
        str(in_tmp / "reports/results.json") in missing.output
        and str(in_tmp / "results.json") in missing.output
    )
    (in_tmp / "reports").mkdir()
    (in_tmp / "reports/results.json").write_text(results([kernel("a")]).to_json())
    found = CliRunner().invoke(main, command)
    assert "no results.json found" not in found.output
    assert "ttmigrate" in found.output or "flip" in found.output
