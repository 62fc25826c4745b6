"""The reader's generation of a causal mask's three tiles (tt.mask; ttmigrate.tt.passes.causal_mask).

Once per kernel, before the work loop, the reader writes three bfloat16 tiles straight into the
mask CB's L1 pages, as tt-metal's SDPA reader generates its mask tiles: tile 0 all ``keep``, tile 1
all ``masked``, tile 2 the triangle of the diagonal (``keep`` where row >= col, row > col when
strict). Elements are written in the tile's face order (four 16x16 faces, row-major in each), the
layout pack_tile writes and the unpacker reads.
"""

from __future__ import annotations

from dataclasses import dataclass

import ml_dtypes
import numpy as np

from ttmigrate.tt.contract import MaskOp

TILE = 32
FACE = 16


@dataclass(frozen=True)
class MaskValues:
    keep: float
    masked: float
    strict: bool


def bf16_bits(value: float) -> str:
    """The bfloat16 bit pattern of ``value`` (nearest even, as the packer rounds), as a C++ literal."""
    bits = int(np.array(value, dtype=np.float32).astype(ml_dtypes.bfloat16).view(np.uint16))
    return f"0x{bits:04x}"


def mask_values(records: list[MaskOp]) -> MaskValues | None:
    """The one set of mask values a kernel's masks share (they share one generated CB), else None."""
    values = {MaskValues(r.keep, r.masked, r.strict) for r in records}
    return next(iter(values)) if len(values) == 1 else None


def generation_lines(*, cb: str, values: MaskValues, names: dict[str, str]) -> list[str]:
    """``names``: C++ names for the L1 pointer (``tiles``), the row and column and the face offset."""
    tiles, row, col, at = names["tiles"], names["row"], names["col"], names["at"]
    keep, masked = bf16_bits(values.keep), bf16_bits(values.masked)
    relation = ">" if values.strict else ">="
    elements = TILE * TILE
    return [
        f"cb_reserve_back({cb}, 3);",
        # the scaler tile's form (a reinterpret_cast, no tt_l1_ptr cast): it parses as plain C++
        f"volatile uint16_t* {tiles} = reinterpret_cast<volatile uint16_t*>(get_write_ptr({cb}));",
        f"for (uint32_t {row} = 0; {row} < {TILE}; ++{row}) {{",
        f"    for (uint32_t {col} = 0; {col} < {TILE}; ++{col}) {{",
        f"        uint32_t {at} = ({row} / {FACE} * 2 + {col} / {FACE}) * {FACE * FACE} + {row} % {FACE} * {FACE} + {col} % {FACE};",
        f"        {tiles}[{at}] = {keep};",
        f"        {tiles}[{elements} + {at}] = {masked};",
        f"        {tiles}[{2 * elements} + {at}] = {row} {relation} {col} ? {keep} : {masked};",
        "    }",
        "}",
        f"cb_push_back({cb}, 3);",
    ]
