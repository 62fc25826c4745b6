"""Questions about model expressions (compare.expr) that do not need the walker: casts, CB
objects' methods, host initialisers without side effects."""

from __future__ import annotations

from ttmigrate.compare import expr as E
from ttmigrate.compare.api_facts import CB_ID_METHODS, CB_METHODS, CB_OBJECT_TYPES, INTEGER_TYPES
from ttmigrate.compare.expr import Expr

# Host types whose construction is a value, not an action with side effects: inlined like constants.
VALUE_TYPES = {
    "CoreRange",
    "CoreCoord",
    "CoreRangeSet",
    "CircularBufferConfig",
    "InterleavedBufferConfig",
    "DataMovementConfig",
    "ComputeConfig",
    "ReplicatedBufferConfig",
    "DeviceLocalBufferConfig",
    "ShardedBufferConfig",
    "MeshCoordinateRange",
    "MeshCoordinate",
    "MeshShape",
}


def cb_method(callee: Expr) -> tuple[Expr, str | None] | None:
    """(the CB, the free function) of a method call on a CB object (`DataflowBuffer dfb(c_0)`);
    the function is None for `get_id()`, whose value is the CB itself."""
    if callee[0] != "member":
        return None
    obj, method = callee[1], str(callee[3])
    if not (obj[0] == "call" and obj[1][0] == "name" and obj[2]):
        return None
    type_name = base_name(str(obj[1][1]).split("<", 1)[0])
    first = obj[2][0]
    if type_name not in CB_OBJECT_TYPES or first[0] not in ("cb", "num"):
        return None
    cb: Expr = ("cb", first[1])
    if method in CB_ID_METHODS:
        return cb, None
    name = CB_METHODS.get(method)
    return (cb, name) if name is not None else None


def is_value(value: Expr) -> bool:
    """True when a host initialiser has no side effects: constants, value-type constructors and
    their setter chains (`CircularBufferConfig(...).set_page_size(...)`)."""
    for sub in E.walk(value):
        if sub[0] != "call":
            continue
        callee = sub[1]
        if callee[0] == "name" and base_name(str(callee[1])) in VALUE_TYPES:
            continue
        if cast_type(callee) is not None:
            continue
        if callee[0] == "member" and str(callee[3]).startswith("set_") and is_value(callee[1]):
            continue
        return False
    return True


def base_name(name: str) -> str:
    return name.rsplit("::", 1)[-1]


def integer_cast(type_name: str, inner: Expr) -> Expr:
    """An integer cast: of a constant, the constant ((uint32_t)tt::CBIndex::c_0 is the CB, uint32_t(2048)
    is 2048); of anything else one spelling, `static_cast<uint32_t>(x)`, whichever of the three C++
    spellings (C-style, functional, static_cast) the source used."""
    if inner[0] in ("num", "cb"):
        return inner
    canonical = type_name.replace(" ", "").removeprefix("std::")
    canonical = {"unsigned": "unsigned int", "unsignedint": "unsigned int"}.get(canonical, canonical)
    return ("call", ("name", f"static_cast<{canonical}>"), (inner,))


def cast_type(callee: Expr) -> str | None:
    """The integer type a cast's callee names (`static_cast<uint32_t>`, or `uint32_t` of a
    functional cast), else None."""
    if callee[0] != "name":
        return None
    name = str(callee[1]).replace(" ", "")
    if name.startswith("static_cast<") and name.endswith(">"):
        inner = name[len("static_cast<") : -1]
        return inner if inner in {t.replace(" ", "") for t in INTEGER_TYPES} else None
    return name if name in INTEGER_TYPES else None
