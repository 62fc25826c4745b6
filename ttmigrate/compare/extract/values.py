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
    if not isinstance(callee, E.Member):
        return None
    obj, method = callee.obj, callee.name
    if not (isinstance(obj, E.Call) and isinstance(obj.callee, E.Name) and obj.args):
        return None
    type_name = base_name(obj.callee.value.split("<", 1)[0])
    first = obj.args[0]
    if type_name not in CB_OBJECT_TYPES or not isinstance(first, (E.Cb, E.Num)):
        return None
    cb: Expr = E.Cb(first.value)
    if method in CB_ID_METHODS:
        return cb, None
    name = CB_METHODS.get(method)
    return (cb, name) if name is not None else None


def is_value(value: Expr) -> bool:
    """True when a host initialiser has no side effects: constants, value-type constructors and
    their setter chains (`CircularBufferConfig(...).set_page_size(...)`)."""
    for sub in E.walk(value):
        if not isinstance(sub, E.Call):
            continue
        callee = sub.callee
        if isinstance(callee, E.Name) and base_name(callee.value) in VALUE_TYPES:
            continue
        if cast_type(callee) is not None:
            continue
        if isinstance(callee, E.Member) and callee.name.startswith("set_") and is_value(callee.obj):
            continue
        return False
    return True


def base_name(name: str) -> str:
    return name.rsplit("::", 1)[-1]


def integer_cast(type_name: str, inner: Expr) -> Expr:
    """An integer cast: of a constant, the constant ((uint32_t)tt::CBIndex::c_0 is the CB, uint32_t(2048)
    is 2048); of anything else one spelling, `static_cast<uint32_t>(x)`, whichever of the three C++
    spellings (C-style, functional, static_cast) the source used."""
    if isinstance(inner, (E.Num, E.Cb)):
        return inner
    canonical = type_name.replace(" ", "").removeprefix("std::")
    canonical = {"unsigned": "unsigned int", "unsignedint": "unsigned int"}.get(canonical, canonical)
    return E.Call(E.Name(f"static_cast<{canonical}>"), (inner,))


def cast_type(callee: Expr) -> str | None:
    """The integer type a cast's callee names (`static_cast<uint32_t>`, or `uint32_t` of a
    functional cast), else None."""
    if not isinstance(callee, E.Name):
        return None
    name = callee.value.replace(" ", "")
    if name.startswith("static_cast<") and name.endswith(">"):
        inner = name[len("static_cast<") : -1]
        return inner if inner in {t.replace(" ", "") for t in INTEGER_TYPES} else None
    return name if name in INTEGER_TYPES else None
