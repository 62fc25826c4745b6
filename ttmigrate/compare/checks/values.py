"""Values the rules share: runtime arguments per core (from ttmigrate.compare.evaluate), buffer names
of address expressions, integers of host sizes."""

from __future__ import annotations

from ttmigrate.compare import expr as E
from ttmigrate.compare.evaluate import Core, bind, core_values

__all__ = ["Core", "bind", "buffer_of", "core_values", "parse_int"]


def buffer_of(handle: E.Expr | None) -> str | None:
    """The host buffer an address expression names: `bufferK->address()` -> "bufferK"."""
    if handle is None:
        return None
    for sub in E.walk(handle):
        if isinstance(sub, E.Name) and sub.value.startswith("buffer"):
            return sub.value
    return None


def parse_int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None
