"""Escaping terminal control characters in text that came from kernels or results files.

Kernel names, messages, diagnostics and artifact text can carry ANSI/OSC escape sequences (colour,
cursor moves, window titles, hyperlinks, clipboard writes). Every renderer that shows such text to
a person passes it through `terminal_safe` so that it is shown, never executed. One helper, used by
the terminal and Markdown reports, `flip` and the CLI messages; usable as a Jinja2 filter too.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and the C1 controls (U+0080..U+009F: CSI, OSC, ... in
# their 8-bit form). Carriage return is escaped too: it can overwrite what a line already showed.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_OR_NEWLINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal_safe(text: str, *, single_line: bool = False) -> str:
    """`text` with every control character shown as a `\\xNN` escape; `single_line` escapes
    newlines and tabs as well (for a value shown inside one line, such as a kernel name)."""
    pattern = _CONTROL_OR_NEWLINE if single_line else _CONTROL
    return pattern.sub(_visible, text)
