"""A small C++ text builder: indentation, lines and braced blocks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class CppWriter:
    def __init__(self, indent: str = "    ") -> None:
        self._lines: list[str] = []
        self._depth = 0
        self._indent = indent

    def emit_line(self, text: str = "") -> None:
        self._lines.append(f"{self._indent * self._depth}{text}" if text else "")

    def emit(self, *lines: str) -> None:
        for line in lines:
            self.emit_line(line)

    @contextmanager
    def block(self, header: str, footer: str = "}") -> Iterator[None]:
        """``header {`` ... ``}``: the header line ends with an opening brace."""
        self.emit_line(f"{header} {{")
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            self.emit_line(footer)

    def text(self) -> str:
        return "\n".join(self._lines).rstrip("\n") + "\n"
