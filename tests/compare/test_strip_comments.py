"""strip_comments (compare/preprocess.py) against a character-by-character lexer written out here:
the same output on every short text over the characters that matter (quotes, backslashes, slashes,
stars, newlines), and on the corpus goldens."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

from ttmigrate.compare.preprocess import preprocess, strip_comments

SNAPSHOTS = Path(__file__).resolve().parents[2] / "snapshots"


def _by_hand(text: str) -> str:
    """Literals kept to their closing quote (else to the end of their line, a backslash escaping the
    next character); // and /* */ comments blanked, newlines kept."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:j]))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


ALPHABET = "a\"'\\/*\n "


def test_every_text_up_to_five_characters() -> None:
    for length in range(6):
        for chars in itertools.product(ALPHABET, repeat=length):
            text = "".join(chars)
            assert strip_comments(text) == _by_hand(text), repr(text)


def test_seeded_longer_texts() -> None:
    rng = random.Random(17)
    for _ in range(3000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(6, 60)))
        assert strip_comments(text) == _by_hand(text), repr(text)


def test_the_goldens() -> None:
    files = sorted(SNAPSHOTS.rglob("*.cpp"))
    assert len(files) > 300
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert strip_comments(text) == _by_hand(text), path


def test_a_define_keeps_a_string_that_holds_comment_markers() -> None:
    """A directive's comment is stripped as the lexer reads it: `//` inside a string literal is
    part of the macro's value, a comment after it is not."""
    text = '#define URL "http://tenstorrent.com" // where\n#define N 4 /* tiles */\nint x;\n'
    macros = preprocess(artifact="k.cpp", text=text).macros
    assert macros == {"URL": '"http://tenstorrent.com"', "N": "4"}
