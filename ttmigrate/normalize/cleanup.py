"""Meaning-preserving text clean-ups applied around clang-format.

- line endings become ``\\n`` (``\\r\\n`` and lone ``\\r``);
- trailing spaces and tabs are removed, except on lines inside a C++ raw string literal
  (``R"delim( ... )delim"``), where they are part of the string's value;
- the text ends with exactly one newline;
- a *banner* is removed (C++ only, see :func:`strip_banner`). No other comment is ever touched.
"""

from __future__ import annotations

import re

# A banner line talks about how the file was made, never about what the code does.
_BANNER_WORDS = re.compile(
    r"(?i)(\bgenerated\b|\bgenerator\b|\bauto-?generated\b|\bdo not edit\b|\bcodegen\b|\bemitted by\b"
    r"|\bversion\b|\btimestamp\b|\bv?\d+\.\d+(\.\d+)*\b|\b\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?)"
)
# Decoration only: nothing but comment punctuation (e.g. "// ======", "//", "/////").
_SEPARATOR = re.compile(r"^[/=\-*#~_+ \t]*$")
_RAW_STRING_START = re.compile(r'R"([^()\\\s]{0,16})\(')


def normalize_line_endings(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def strip_banner(text: str) -> str:
    """Remove the banner: the block of ``//`` lines at the very top of a file, if it is one.

    The block is the maximal run of lines, starting at line 1, whose first non-blank characters are
    ``//``. It is a banner, and is removed together with the blank lines that follow it, only if
    every line of it is either decoration (slashes, ``=``, ``-``, ``*`` ...) or names the generator,
    a version, a timestamp or a date (words: generated, generator, auto-generated, do not edit,
    codegen, emitted by, version, timestamp, or a version number / ISO date), and at least one line
    is of the second kind. A block with any other line is kept whole: it may say something about
    the code. ``/* */`` comments and comments anywhere else are never removed.
    """
    lines = text.split("\n")
    end = 0
    while end < len(lines) and lines[end].lstrip().startswith("//"):
        end += 1
    if end == 0:
        return text
    block = [line.lstrip()[2:] for line in lines[:end]]
    informative = [line for line in block if not _SEPARATOR.match(line)]
    if not informative or not all(_BANNER_WORDS.search(line) for line in informative):
        return text
    while end < len(lines) and lines[end].strip() == "":
        end += 1
    return "\n".join(lines[end:])


def strip_trailing_whitespace(text: str) -> str:
    out: list[str] = []
    raw_end: str | None = None  # closing delimiter of the raw string we are inside, if any
    for line in text.split("\n"):
        inside_at_end = _raw_string_state(line, raw_end)
        # A line whose end lies inside a raw string keeps its trailing blanks.
        out.append(line if inside_at_end is not None else line.rstrip(" \t"))
        raw_end = inside_at_end
    return "\n".join(out)


def _raw_string_state(line: str, raw_end: str | None) -> str | None:
    """Closing delimiter still open at the end of ``line`` (None if not inside a raw string)."""
    pos = 0
    while True:
        if raw_end is not None:
            close = line.find(raw_end, pos)
            if close < 0:
                return raw_end
            pos = close + len(raw_end)
            raw_end = None
        match = _RAW_STRING_START.search(line, pos)
        if match is None:
            return None
        raw_end = f'){match.group(1)}"'
        pos = match.end()


def ensure_final_newline(text: str) -> str:
    return text.rstrip("\n") + "\n"


def clean_text(text: str) -> str:
    """Clean-ups for any text artifact (no banner removal, no formatting)."""
    return ensure_final_newline(strip_trailing_whitespace(normalize_line_endings(text)))
