"""Tile-id arithmetic shared by the reader and writer: DRAM page index of a tile of a buffer."""

from __future__ import annotations

from ..errors import UnsupportedConstruct
from ..program import DramTensor


def strip_parens(text: str) -> str:
    """``(a + b)`` -> ``a + b`` when the outer parentheses enclose the whole text."""
    while text.startswith("(") and text.endswith(")"):
        depth = 0
        for i, ch in enumerate(text):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0 and i < len(text) - 1:
                return text
        text = text[1:-1]
    return text


def linear(*terms: tuple[str, int]) -> str:
    """``sum(expr * coef)`` as C++, dropping zero terms and unit coefficients."""
    parts = []
    for expr, coef in terms:
        if expr == "0" or coef == 0:
            continue
        atom = expr if expr.isidentifier() or expr.isdigit() else f"({strip_parens(expr)})"
        parts.append(atom if coef == 1 else f"{atom} * {coef}")
    return " + ".join(parts) or "0"


def tile_page(tensor: DramTensor, index: list[str], *, location: str) -> tuple[str, ...]:
    """The (batch, row, col) tile coordinates of a block origin, as the IR gave them; ``location``
    (the copy's place in the lowered IR) names where a tensor of another rank was met."""
    if len(index) == 1:  # a 1-D tensor is one row of tiles
        return ("0", "0", index[0])
    if len(index) == 2:
        return ("0", index[0], index[1])
    if len(index) == 3:
        return (index[0], index[1], index[2])
    raise UnsupportedConstruct(
        node_kind="AttrStmt",
        construct=(
            f"tt.copy of {tensor.name}, a tensor of rank {len(index)}: the DRAM page index covers "
            "ranks 1 to 3 (fold the leading dims into one)"
        ),
        location=location,
    )


def page_expr(tensor: DramTensor, index: list[str], row: str = "0", col: str = "0", *, location: str) -> str:
    """Page index of tile (row, col) of a block whose origin tile is ``index``."""
    b, r, c = tile_page(tensor, index, location=location)
    per_matrix = tensor.tiles_h * tensor.tiles_w
    return linear((b, per_matrix), (r, tensor.tiles_w), (row, tensor.tiles_w), (c, 1), (col, 1))
