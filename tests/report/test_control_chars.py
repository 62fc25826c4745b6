"""Kernel-derived text never drives the terminal: ANSI/OSC escapes in kernel names, families and
messages are shown escaped by the terminal and Markdown reports, `flip --check` and the helper."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from report.synthetic import emitted, kernel, results
from ttmigrate.cli import main
from ttmigrate.escape import terminal_safe
from ttmigrate.report.model import IR_DRIVEN
from ttmigrate.report.render.markdown import render_markdown
from ttmigrate.report.render.terminal import render_text
from ttmigrate.report.summary import summarize

OSC = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # an OSC 52 clipboard write
CSI = "\x1b[2J\x1b[31m"  # clear screen, red
C1 = "\x9b31m"  # 8-bit CSI


def test_the_helper_escapes_every_control_character_and_keeps_text() -> None:
    assert terminal_safe(f"a{CSI}b") == "a\\x1b[2J\\x1b[31mb"
    assert terminal_safe(OSC) == "\\x1b]52;c;ZWNobyBwd25lZA==\\x07"
    assert terminal_safe(C1 + "\x7f\r") == "\\x9b31m\\x7f\\x0d"
    assert terminal_safe("line 1\n\tline 2 ÷ é") == "line 1\n\tline 2 ÷ é"
    assert terminal_safe("a\nb", single_line=True) == "a\\x0ab"


def _hostile() -> object:
    bad = kernel(f"evil{CSI}", family=f"fam{OSC}", ir=emitted(IR_DRIVEN, "wrong"))
    bad.reason = f"reason{C1}"
    return results([bad, kernel("fine")])


def test_terminal_and_markdown_reports_escape_control_characters() -> None:
    summary = summarize(_hostile())  # type: ignore[arg-type]
    for text in (render_text(summary), render_markdown(summary)):
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
        assert "\\x1b" in text


def test_flip_check_escapes_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text(_hostile().to_json())  # type: ignore[attr-defined]
    outcome = CliRunner().invoke(main, ["flip", "--check", "--results", str(path)])
    assert outcome.exit_code == 1, outcome.output
    assert "evil\\x1b[2J" in outcome.output
    assert "\x1b" not in outcome.output and "\x9b" not in outcome.output
