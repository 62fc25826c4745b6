"""Facts of the Metalium API the model needs to read real code: which operands of a kernel call are
circular buffers, the CB enum spellings, the tt::constants, the sizes of element types.

Real tt-metal code names a CB as `tt::CBIndex::c_0`, as `tt::CB::c_in0` (the deprecated enum of
hostdevcommon/kernel_structs.h), as a plain integer, through a constexpr variable or as a
compile-time argument. The id is only recognisable as a CB where the API takes one, so integer
operands at the positions of its CB parameters become `Cb(n)` (extract/expressions.py).

The CB operands are not listed here: they derive from the op registry's declarations
(``ttmigrate.ops.kernel_api``), whose parameter names are the v0.81.1 headers' (checked by
scripts/check_metalium.py), through ``KernelFn.cb_positions``. A call the registry does not declare
has no CB operands; the mid-2025 spellings (mm_init, binary_op_init_common ...) are not v0.81.1
functions and are not known.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

# (importing ttmigrate.ops runs registry.py, which declares the SFPU ops' functions as well)
from ttmigrate.ops.kernel_api import KERNEL_FUNCTIONS

# api -> positions of its CB operands, for every declared function that takes a CB
CB_OPERANDS: Mapping[str, tuple[int, ...]] = MappingProxyType(
    {name: fn.cb_positions for name, fn in KERNEL_FUNCTIONS.items() if fn.cb_positions}
)


def cb_operands(api: str) -> tuple[int, ...]:
    """Positions of the CB operands of `api` (template arguments stripped), () if it takes none."""
    return CB_OPERANDS.get(api.split("<", 1)[0], ())


# The object form of the CB calls (v0.81.1 api/dataflow/dataflow_buffer.h `DataflowBuffer`,
# api/dataflow/circular_buffer.h `experimental::CircularBuffer`): `DataflowBuffer dfb(cb); dfb.reserve_back(1)`
# is cb_reserve_back(cb, 1). method -> the free function it is (its CB operand first).
CB_OBJECT_TYPES = {"DataflowBuffer", "CircularBuffer"}
CB_METHODS = {
    "reserve_back": "cb_reserve_back",
    "push_back": "cb_push_back",
    "wait_front": "cb_wait_front",
    "pop_front": "cb_pop_front",
    "pages_reservable_at_back": "cb_pages_reservable_at_back",
    "pages_available_at_front": "cb_pages_available_at_front",
    "get_write_ptr": "get_write_ptr",
    "get_read_ptr": "get_read_ptr",
    "get_tile_size": "get_tile_size",
    "get_dataformat": "get_dataformat",
}
CB_ID_METHODS = {"get_id", "get_cb_id"}


# tt::CBIndex::c_N and the deprecated tt::CB enum (hostdevcommon/kernel_structs.h): name -> id
_CB_GROUPS = {"c_in": 0, "dataflow": 8, "c_out": 16, "c_intermed": 24}
_CB_NAME = re.compile(r"^(?:::)?(?:tt::)?(?:CBIndex::c_(\d+)|CB::(c_in|dataflow|c_out|c_intermed)([0-7]))$")


def cb_id_of(name: str) -> int | None:
    """`tt::CBIndex::c_16`, `CBIndex::c_16`, `tt::CB::c_out0` -> 16; anything else -> None."""
    match = _CB_NAME.match(name.replace(" ", ""))
    if match is None:
        return None
    if match.group(1) is not None:
        return int(match.group(1))
    return _CB_GROUPS[match.group(2)] + int(match.group(3))


# tt-metalium/constants.hpp (namespace tt::constants)
TT_CONSTANTS = {
    "TILE_HEIGHT": 32,
    "TILE_WIDTH": 32,
    "TILE_HW": 1024,
    "FACE_HEIGHT": 16,
    "FACE_WIDTH": 16,
    "FACE_HW": 256,
}
_CONSTANT = re.compile(r"^(?:::)?(?:tt::)?(?:constants::)?(\w+)$")


def constant_of(name: str) -> int | None:
    """`tt::constants::TILE_HW`, `constants::TILE_HW` or (after `using namespace`) `TILE_HW`."""
    match = _CONSTANT.match(name.replace(" ", ""))
    return TT_CONSTANTS.get(match.group(1)) if match else None


# sizeof of the element types kernels and hosts use (bfloat16 is tt-metal's 16-bit class)
SIZEOF = {
    "bfloat16": 2,
    "uint16_t": 2,
    "int16_t": 2,
    "std::uint16_t": 2,
    "uint32_t": 4,
    "int32_t": 4,
    "std::uint32_t": 4,
    "std::int32_t": 4,
    "float": 4,
    "int": 4,
    "unsigned": 4,
    "uint8_t": 1,
    "int8_t": 1,
    "std::uint8_t": 1,
    "char": 1,
    "uint64_t": 8,
    "std::uint64_t": 8,
    "double": 8,
}
# integer types whose casts of a constant keep its value (for folding `(uint32_t)tt::CBIndex::c_0`)
INTEGER_TYPES = {
    "uint8_t",
    "uint16_t",
    "uint32_t",
    "uint64_t",
    "int8_t",
    "int16_t",
    "int32_t",
    "int64_t",
    "int",
    "unsigned",
    "unsigned int",
    "size_t",
    "std::size_t",
    "std::uint8_t",
    "std::uint16_t",
    "std::uint32_t",
    "std::uint64_t",
    "std::int32_t",
}
