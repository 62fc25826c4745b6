"""Syntax highlighting with Pygments (C++ lexer for the kernels, JSON lexer for the plan) as data.

Generated kernels repeat the same lines with other numbers (tile counts, CB sizes), so highlighting
works on line *shapes*: a line with every digit 1-9 replaced by ``1`` (same length, same tokens). Each
distinct shape is lexed once by Pygments; the page receives the artifacts as plain text plus one
table ``{language: {shape: [end, class, end, class, ...]}}`` and colours a line by looking up its
shape (``diffview.js``), building spans with ``textContent``. That keeps a 10,000-kernel report's
highlighting to the distinct lines of the corpus instead of every line of every kernel. Lines are
lexed one at a time, so a construct spanning lines (a ``/* ... */`` comment) is coloured per line.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import CppLexer, JsonLexer
from pygments.token import STANDARD_TYPES, _TokenType

CSS_SCOPE = ".hl"
# 1-9 become 1 and 0 stays: same length, and 0x10 / 010 / 100 keep their kind of literal.
_ONES = str.maketrans("123456789", "111111111")
# The same on UTF-8 bytes (no multi-byte sequence holds an ASCII digit), twice as fast as on str:
# a 10,000-kernel report masks ~300 MB of artifact text.
_ONES_BYTES = bytes.maketrans(b"123456789", b"111111111")
_LEXERS: dict[str, Lexer] = {
    "cpp": CppLexer(stripnl=False, ensurenl=False),
    "json": JsonLexer(stripnl=False, ensurenl=False),
}
_PLAIN = {"w", "p", "n", "x", ""}  # whitespace, punctuation, plain names: no colour, no span

Shape = tuple[int | str, ...]  # end offset, class, end offset, class, ...


def language(artifact: str) -> str:
    return "json" if artifact.endswith(".json") else "cpp"


def mask(text: str) -> str:
    """Digits 1-9 as ``1``: lines that differ only in their numbers share one shape."""
    return text.translate(_ONES)


def _css_class(ttype: _TokenType) -> str:
    while ttype not in STANDARD_TYPES:
        ttype = ttype.parent
    cls = STANDARD_TYPES[ttype]
    return "" if cls in _PLAIN else cls


@functools.lru_cache(maxsize=262_144)
def shape(line: str, lang: str) -> Shape:
    """(end offset, class) of each coloured run of one masked line; plain text is left out."""
    out: list[int | str] = []
    end = 0
    # Lexed with its newline: a // comment only ends at one.
    for ttype, value in _LEXERS[lang].get_tokens(line + "\n"):
        value = value[: max(0, len(line) - end)]
        if not value:
            continue
        start, end = end, end + len(value)
        cls = _css_class(ttype)
        if not cls:
            continue
        if out and out[-1] == cls and out[-2] == start:  # extend the previous run of this class
            out[-2] = end
        else:
            out += [start, end, cls]
    return tuple(out)


class ShapeTable:
    """Collects the shapes of every artifact a page shows."""

    def __init__(self) -> None:
        self._lines: dict[str, set[bytes]] = {lang: set() for lang in _LEXERS}

    def add(self, text: str, *, artifact: str) -> None:
        self._lines[language(artifact)].update(text.encode("utf-8").translate(_ONES_BYTES).split(b"\n"))

    def add_all(self, artifacts: Mapping[str, str]) -> None:
        for name, text in artifacts.items():
            self.add(text, artifact=name)

    def table(self) -> dict[str, dict[str, Shape]]:
        out: dict[str, dict[str, Shape]] = {}
        for lang, lines in self._lines.items():
            decoded = (line.decode("utf-8") for line in lines)
            shapes = ((line, shape(line, lang)) for line in decoded if line.strip())
            out[lang] = {line: s for line, s in shapes if s}
        return out


def runs(text_line: str, *, artifact: str) -> list[tuple[str, str]]:
    """(class, text) runs of one line, the way the page colours it (for tests and non-JS users)."""
    s = shape(mask(text_line), language(artifact))
    out: list[tuple[str, str]] = []
    at = 0
    for i in range(0, len(s), 3):
        start, end, cls = int(s[i]), int(s[i + 1]), str(s[i + 2])
        if start > at:
            out.append(("", text_line[at:start]))
        out.append((cls, text_line[start:end]))
        at = end
    if at < len(text_line):
        out.append(("", text_line[at:]))
    return out


def shapes_of(texts: Iterable[tuple[str, str]]) -> dict[str, dict[str, Shape]]:
    """The shape table of (artifact name, text) pairs."""
    table = ShapeTable()
    for name, text in texts:
        table.add(text, artifact=name)
    return table.table()


def css() -> str:
    """Pygments' own colours for the classes above, scoped to ``.hl``."""
    return str(HtmlFormatter(style="default").get_style_defs(CSS_SCOPE))
