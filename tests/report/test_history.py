"""Run history: the compact record, the append-only JSON-lines file, the trend, `--baseline last`."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from report.synthetic import emitted, kernel, one_of_each, results
from ttmigrate.cli import main
from ttmigrate.report.history import (
    HistoryError,
    TrendPoint,
    append_record,
    baseline_from_record,
    parity_points,
    read_history,
    record_of,
    sparkline,
)
from ttmigrate.report.model import IR_DRIVEN

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SNAPSHOTS = Path(__file__).resolve().parents[2] / "snapshots"


def test_a_record_keeps_category_levels_verdicts_and_time_per_kernel() -> None:
    record = record_of(one_of_each(), results_path="out/results.json")
    by_name = {k.name: k for k in record.kernels}
    assert len(by_name) == 8 and record.results == "out/results.json"
    regressed = by_name["gemm_regressed2"]
    assert regressed.category == "regressed"
    assert regressed.verdicts == {"ir_driven": "deadlock", "template": "correct"}
    assert regressed.levels["reader.cpp"] == "divergent" and regressed.levels["main.cpp"] == "L2"
    assert by_name["reduce_unsupported"].verdicts["ir_driven"] == "unsupported"
    assert by_name["gemm_parity"].seconds == 0.5
    assert record.parity == 2  # gemm_parity and eltwise_improved are good


def test_records_append_and_read_back_oldest_first(tmp_path: Path) -> None:
    path = tmp_path / "h" / "history.jsonl"
    assert read_history(path).records == []
    first = record_of(one_of_each())
    second = record_of(results([kernel("gemm_parity"), kernel("gemm_b")]))
    append_record(path, first)
    append_record(path, second)
    assert read_history(path).records == [first, second]
    assert len(path.read_text().splitlines()) == 2
    assert not list(path.parent.glob("*.tmp*"))  # nothing left beside it by the atomic writes


def test_concurrent_appends_all_land(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    record = record_of(results([kernel("gemm_parity")]))
    threads = [threading.Thread(target=append_record, args=(path, record)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(read_history(path).records) == 8


def test_a_bad_line_is_named_by_file_and_line_and_the_other_records_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    first, second = record_of(one_of_each()), record_of(results([kernel("gemm_parity")]))
    append_record(path, first)
    with path.open("a") as handle:
        handle.write('{not json\n{"format": 99}\n\n{"format": 1, "started_at": 5}\n')
    append_record(path, second)
    read = read_history(path)
    assert read.records == [first, second]
    not_json, other_format, wrong_field = read.warnings()
    assert not_json.startswith(f"{path}:2: skipped, not JSON: ")
    assert other_format == f"{path}:3: skipped, not a run record of format 1"
    assert wrong_field.startswith(f"{path}:5: skipped, not a run record (record.started_at: ")
    assert read.last() == second  # the newest line is a record: `last` is that run


def test_baseline_last_refuses_when_the_newest_line_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    append_record(path, record_of(one_of_each()))
    with path.open("a") as handle:
        handle.write('{"started_at": "2026-12-02T1')  # cut short by a copy
    read = read_history(path)
    assert len(read.records) == 1
    with pytest.raises(HistoryError, match=rf"{path}:2: the newest record is unreadable \(not JSON"):
        read.last()
    path.write_text("")
    assert read_history(path).last() is None


def test_trend_points_and_sparkline() -> None:
    records = [
        record_of(
            results(
                [kernel("a", ir=emitted(IR_DRIVEN, "wrong")), kernel("b", ir=emitted(IR_DRIVEN, "wrong"))]
            )
        ),
        record_of(results([kernel("a"), kernel("b", ir=emitted(IR_DRIVEN, "wrong"))])),
        record_of(results([kernel("a"), kernel("b")])),
    ]
    points = parity_points(records)
    assert [(p.parity, p.total) for p in points] == [(0, 2), (1, 2), (2, 2)]
    assert points[0].label.startswith("2026-01-01T00:00:00+00:00 abc123")
    assert sparkline(points) == "▁▅█"
    assert sparkline([TrendPoint("empty", 0, 0)]) == "▁"


def test_baseline_from_a_record_carries_the_categories() -> None:
    original = one_of_each()
    baseline = baseline_from_record(record_of(original))
    assert {k.name: k.category for k in baseline.kernels} == {k.name: k.category for k in original.kernels}
    assert baseline.meta.corpus_hash == original.meta.corpus_hash


def test_run_history_list_trend_and_baseline_last_end_to_end(tmp_path: Path) -> None:
    runner = CliRunner()
    history = tmp_path / "history.jsonl"
    # --in-process: the history and the baseline are this test's subject, not the worker processes
    # (tests/run/test_isolation.py's), and each run would start one that imports TVM again.
    common = ["add_32", "--corpus", str(CORPUS), "--snapshots", str(SNAPSHOTS), "--in-process"]
    done = runner.invoke(main, ["run", *common, "--out-dir", str(tmp_path / "a"), "--baseline", "last"])
    assert done.exit_code == 2 and "needs --history" in done.output
    done = runner.invoke(
        main,
        ["run", *common, "--out-dir", str(tmp_path / "a"), "--history", str(history), "--baseline", "last"],
    )
    assert done.exit_code == 2 and "records no run yet" in done.output
    done = runner.invoke(main, ["run", *common, "--out-dir", str(tmp_path / "a"), "--history", str(history)])
    assert done.exit_code == 0, done.output
    done = runner.invoke(
        main,
        ["run", *common, "--out-dir", str(tmp_path / "b"), "--history", str(history), "--baseline", "last"],
    )
    assert done.exit_code == 0, done.output
    assert "retry list (0 kernels)" in done.output
    records = read_history(history).records
    assert len(records) == 2 and [k.name for k in records[1].kernels] == ["add_32"]
    # the template emitter prints its fixed GEMM for an add: wrong numbers; ir_driven is correct
    assert records[1].kernels[0].verdicts == {"ir_driven": "correct", "template": "wrong"}
    assert records[1].kernels[0].category == "improved"
    listed = runner.invoke(main, ["history", str(history)])
    assert listed.exit_code == 0, listed.output
    assert len([line for line in listed.output.splitlines() if line.strip()[:1].isdigit()]) == 2
    assert "parity trend: " in listed.output
    shown = runner.invoke(
        main, ["report", "--results", str(tmp_path / "b" / "results.json"), "--history", str(history)]
    )
    assert shown.exit_code == 0, shown.output
    good = records[-1].parity
    assert f"Parity over 2 runs: {sparkline(parity_points(records))}  {good}/1 → {good}/1" in shown.output


def test_report_html_draws_the_history_chart(tmp_path: Path) -> None:
    history = tmp_path / "history.jsonl"
    runs = [
        results([kernel("a", ir=emitted(IR_DRIVEN, "wrong")), kernel("b")]),
        results([kernel("a"), kernel("b")]),
    ]
    for run in runs:
        append_record(history, record_of(run))
    results_path = tmp_path / "results.json"
    results_path.write_text(runs[-1].to_json())
    out = tmp_path / "parity.html"
    done = CliRunner().invoke(
        main,
        [
            "report",
            "--results",
            str(results_path),
            "--format",
            "html",
            "--out",
            str(out),
            "--history",
            str(history),
        ],
    )
    assert done.exit_code == 0, done.output
    html = out.read_text()
    assert 'class="chart"' in html and html.count('class="dot"') == 2
    assert "1 of 2 at parity or better" in html and "2 of 2 kernels at parity or better" in html


def test_history_listing_escapes_control_characters(tmp_path: Path) -> None:
    """A recorded selection (or commit) carrying terminal escapes is shown, never executed."""
    path = tmp_path / "history.jsonl"
    run = results([kernel("gemm_parity")], complete=False, selection=["gemm_\x1b]0;pwned\x07*"])
    append_record(path, record_of(run))
    outcome = CliRunner().invoke(main, ["history", str(path)])
    assert outcome.exit_code == 0, outcome.output
    assert "gemm_\\x1b]0;pwned\\x07*" in outcome.output
    assert "\x1b" not in outcome.output and "\x07" not in outcome.output


def test_the_commands_skip_a_bad_line_naming_it_and_baseline_last_refuses_a_bad_newest_line(
    tmp_path: Path,
) -> None:
    history = tmp_path / "history.jsonl"
    runs = [
        results([kernel("a", ir=emitted(IR_DRIVEN, "wrong")), kernel("b")]),
        results([kernel("a"), kernel("b")]),
    ]
    append_record(history, record_of(runs[0]))
    with history.open("a") as handle:
        handle.write("{torn\n")
    append_record(history, record_of(runs[1]))
    results_path = tmp_path / "results.json"
    results_path.write_text(runs[-1].to_json())
    warning = f"{history}:2: skipped, not JSON"
    runner = CliRunner()
    listed = runner.invoke(main, ["history", str(history)])
    assert listed.exit_code == 0 and warning in listed.stderr
    assert len([line for line in listed.stdout.splitlines() if line.strip()[:1].isdigit()]) == 2
    shown = runner.invoke(main, ["report", "--results", str(results_path), "--history", str(history)])
    assert shown.exit_code == 0 and warning in shown.stderr
    assert "Parity over 2 runs: " in shown.stdout
    with history.open("a") as handle:
        handle.write('{"started_at": "2026-12-0')  # the newest line, cut short
    refused = runner.invoke(
        main, ["run", "--history", str(history), "--baseline", "last", "--out-dir", str(tmp_path / "out")]
    )
    assert refused.exit_code == 2 and f"{history}:4: the newest record is unreadable" in refused.stderr
    assert not (tmp_path / "out").exists()  # refused before anything ran
