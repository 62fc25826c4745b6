"""A small C++ text builder: indentation, lines and braced blocks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class CppWriter:
    def __init__(self, indent: str = "    ", depth: int = 0) -> None:
        self._lines: list[str] = []
        self._depth = depth
        self._indent = indent

    @property
    def lines(self) -> list[str]:
        return self._lines

    def nested(self, *, deeper: bool = False) -> CppWriter:
        """An empty writer at this one's depth (one level deeper when ``deeper``), for text that is
        built first and spliced in later (or dropped, when it turns out empty)."""
        return CppWriter(self._indent, self._depth + (1 if deeper else 0))

    def extend(self, lines: list[str]) -> None:
        """Append lines that already carry their indentation (from a ``nested`` writer)."""
        self._lines.extend(lines)

    def extend_indented(self, lines: list[str]) -> None:
        """Append lines written at depth 0, indented to this writer's depth."""
        prefix = self._indent * self._depth
        self._lines.extend(f"{prefix}{line}" if line else "" for line in lines)

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
