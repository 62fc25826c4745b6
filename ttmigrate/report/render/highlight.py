"""Syntax highlighting with Pygments (C++ lexer for the kernels, JSON lexer for the plan) as data.

An artifact becomes one token list per line, ``[class, text, class, text, ...]`` with Pygments'
short CSS class names (``k``, ``nf``, ``mi``, "" for plain text), so a page builds the spans with
``textContent`` and never parses markup from data.

Generated kernels repeat the same lines with other numbers (tile counts, CB sizes), so a line is
lexed once per *shape*: numbers are masked before lexing and the token boundaries mapped back to
the real text. That keeps highlighting 10,000 kernels to a few seconds. A file with constructs that
span lines (``/*`` comments, raw strings) is lexed whole instead.
"""

from __future__ import annotations

import functools
import re

from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import CppLexer, JsonLexer
from pygments.token import STANDARD_TYPES, _TokenType

CSS_SCOPE = ".hl"
_DIGITS = re.compile(r"\d+")
_MULTILINE = ("/*", 'R"')
_LEXERS: dict[str, Lexer] = {
    "cpp": CppLexer(stripnl=False, ensurenl=False),
    "json": JsonLexer(stripnl=False, ensurenl=False),
}

Line = list[str]  # [class, text, class, text, ...]


def language(artifact: str) -> str:
    return "json" if artifact.endswith(".json") else "cpp"


_PLAIN = {"w", "p", "n", "x"}  # whitespace, punctuation, plain names: no colour, no span


def _css_class(ttype: _TokenType) -> str:
    while ttype not in STANDARD_TYPES:
        ttype = ttype.parent
    cls = STANDARD_TYPES[ttype]
    return "" if cls in _PLAIN or not cls else cls


@functools.lru_cache(maxsize=262_144)
def _shape(masked: str, lang: str) -> tuple[tuple[int, str], ...]:
    """(end offset, class) of each token of one masked line."""
    out: list[tuple[int, str]] = []
    end = 0
    # Lexed with its newline: a // comment only ends at one.
    for ttype, value in _LEXERS[lang].get_tokens(masked + "\n"):
        value = value[: max(0, len(masked) - end)]
        if not value:
            continue
        end += len(value)
        cls = _css_class(ttype)
        if out and out[-1][1] == cls:  # merge neighbours of one class: fewer spans
            out[-1] = (end, cls)
        else:
            out.append((end, cls))
    return tuple(out)


def _line(text: str, lang: str) -> Line:
    runs = [(m.start(), m.end()) for m in _DIGITS.finditer(text)]
    masked = _DIGITS.sub("0", text)
    # masked offset -> real offset: each digit run shrank to one character
    shifts: list[tuple[int, int]] = []  # (masked start of a run, real extra length so far after it)
    extra = 0
    for start, end in runs:
        extra += end - start - 1
        shifts.append((start - (extra - (end - start - 1)), extra))

    def real(offset: int) -> int:
        shift = 0
        for masked_start, total in shifts:
            if masked_start < offset:
                shift = total
            else:
                break
        return offset + shift

    out: Line = []
    begin = 0
    for end, cls in _shape(masked, lang):
        stop = min(real(end), len(text))
        if stop > begin:
            out += [cls, text[begin:stop]]
        begin = stop
    if begin < len(text):
        out += ["", text[begin:]]
    return out


def _whole(text: str, lang: str) -> list[Line]:
    lines: list[Line] = [[]]
    for ttype, value in _LEXERS[lang].get_tokens(text + "\n"):
        cls = _css_class(ttype)
        for i, piece in enumerate(value.split("\n")):
            if i:
                lines.append([])
            if piece:
                lines[-1] += [cls, piece]
    return lines[:-1] if lines and not lines[-1] else lines


def tokens(text: str, *, artifact: str) -> list[Line]:
    """One token list per line of ``text`` (no trailing empty line for a final newline)."""
    lang = language(artifact)
    body = text[:-1] if text.endswith("\n") else text
    if not body:
        return []
    if any(marker in body for marker in _MULTILINE):
        lines = _whole(body, lang)
    else:
        lines = [_line(line, lang) for line in body.split("\n")]
    return lines


def css() -> str:
    """Pygments' own colours for the classes above, scoped to ``.hl``."""
    return str(HtmlFormatter(style="default").get_style_defs(CSS_SCOPE))
