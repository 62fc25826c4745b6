"""Kernel-derived text never drives the terminal: ANSI/OSC escapes in kernel names, families and
messages are shown escaped by the terminal, Markdown, JSON and JUnit reports, `flip --check` and the
helper (the HTML report shows text through the DOM's textContent, tests/report/test_html_browser.py)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from report.synthetic import emitted, kernel, results
from ttmigrate.cli import main
from ttmigrate.escape import terminal_safe
from ttmigrate.report.model import IR_DRIVEN
from ttmigrate.report.render.json import render_json
from ttmigrate.report.render.junit import render_junit
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


def test_json_and_junit_reports_hold_no_raw_control_characters() -> None:
    """Both are read in terminals and CI logs too: no raw ESC, BEL or 8-bit CSI, and what they hold
    still reads back as the kernel's own text (JSON) or shows it escaped (JUnit)."""
    summary = summarize(_hostile())  # type: ignore[arg-type]
    digest = render_json(summary)
    junit = render_junit(summary)
    for text in (digest, junit):
        assert not [c for c in text if ("\x00" <= c < "\x20" and c not in "\n\t") or "\x7f" <= c <= "\x9f"]
    names = {k["name"]: k for k in json.loads(digest)["kernels"]}
    assert names[f"evil{CSI}"]["reason"] == f"reason{C1}"  # the same text, escaped in JSON
    case = ET.fromstring(junit.encode()).find(".//testcase[@classname]")
    assert case is not None and "\\x1b]52" in (case.get("classname") or "")
