"""The typed contract from tt to emit: one record per ``tt.*`` annotation (docs/LOWERED_IR.md).

The lowering builds these records and stores each as the ``node`` of an ``AttrStmt`` (TIR can only
carry ffi maps); ``decode`` turns an annotation back into its record, so every consumer (verify,
the emitters) reads fields by name and none indexes a dict or a list. Element-wise operator trees
are ``Expr`` values whose operator names are op-registry names (``ttmigrate.ops``).
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from typing import Any, ClassVar, Literal, get_args

Bcast = Literal["none", "row", "col", "scalar"]


# -- element-wise operator trees ------------------------------------------------------------------
@dataclass(frozen=True)
class CbLeaf:
    """A whole tile buffer in CB ``cb_id``, possibly broadcast (a row or a column vector)."""

    cb_id: int
    buffer: str
    bcast: Bcast = "none"


@dataclass(frozen=True)
class Const:
    value: float | int


@dataclass(frozen=True)
class Cast:
    operand: Expr


@dataclass(frozen=True)
class Apply:
    """An op-registry op applied to its operands (``ops.op(op).arity`` of them)."""

    op: str
    operands: tuple[Expr, ...]


Expr = CbLeaf | Const | Cast | Apply


def expr_to_ir(expr: Expr) -> list[Any]:
    """The nested-list form the annotation stores (TIR attributes cannot hold dataclasses)."""
    if isinstance(expr, CbLeaf):
        return ["cb", expr.cb_id, expr.buffer, expr.bcast]
    if isinstance(expr, Const):
        return ["const", expr.value]
    if isinstance(expr, Cast):
        return ["cast", expr_to_ir(expr.operand)]
    return [expr.op, *(expr_to_ir(o) for o in expr.operands)]


def expr_from_ir(value: Any) -> Expr:
    head = str(value[0])
    if head == "cb":
        return CbLeaf(int(value[1]), str(value[2]), str(value[3]) if len(value) > 3 else "none")  # type: ignore[arg-type]
    if head == "const":
        raw = value[1]
        return Const(float(raw) if isinstance(raw, float) else int(raw))
    if head == "cast":
        return Cast(expr_from_ir(value[1]))
    return Apply(head, tuple(expr_from_ir(v) for v in value[1:]))


def leaves(expr: Expr) -> list[CbLeaf]:
    if isinstance(expr, CbLeaf):
        return [expr]
    if isinstance(expr, Cast):
        return leaves(expr.operand)
    if isinstance(expr, Apply):
        return [leaf for o in expr.operands for leaf in leaves(o)]
    return []


# -- annotations ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CopyOp:
    """``tt.copy``: a block of tiles between a DRAM buffer and a CB."""

    KEY: ClassVar[str] = "tt.copy"
    direction: Literal["read", "write"]
    buffer: Any  # the global buffer Var
    cb: Any  # the tile buffer Var
    cb_id: int
    tile_index: tuple[Any, ...]  # PrimExpr tile coordinates of the block origin
    tiles: tuple[int, int]  # (tiles_h, tiles_w)
    transpose: bool = False

    @property
    def num_tiles(self) -> int:
        return self.tiles[0] * self.tiles[1]


@dataclass(frozen=True)
class MatmulOp:
    """``tt.matmul_intrinsic``: C += A @ B over an (mt x kt) by (kt x nt) block of tiles."""

    KEY: ClassVar[str] = "tt.matmul_intrinsic"
    in0: Any
    in1: Any
    out: Any
    in0_cb: int
    in1_cb: int
    out_cb: int
    transpose_a: bool
    transpose_b: bool
    mt: int
    nt: int
    kt: int

    @property
    def writes(self) -> Any:
        return self.out


@dataclass(frozen=True)
class FillOp:
    """``tt.fill``: every element of a tile buffer set to ``value`` (T.clear is value 0)."""

    KEY: ClassVar[str] = "tt.fill"
    cb: Any
    cb_id: int
    value: Any

    @property
    def writes(self) -> Any:
        return self.cb

    @property
    def reads(self) -> tuple[str, ...]:
        return ()


@dataclass(frozen=True)
class EltwiseOp:
    """``tt.eltwise``: ``out = expr`` over a whole tile buffer of ``tiles`` tiles."""

    KEY: ClassVar[str] = "tt.eltwise"
    out: Any
    out_cb: int
    tiles: tuple[int, int]
    expr: Expr
    in_place: bool

    @property
    def num_tiles(self) -> int:
        return self.tiles[0] * self.tiles[1]

    @property
    def writes(self) -> Any:
        return self.out

    @property
    def reads(self) -> tuple[str, ...]:
        return tuple(leaf.buffer for leaf in leaves(self.expr))


@dataclass(frozen=True)
class ReduceOp:
    """``tt.reduce``: a sum or max of ``src`` along ``dim`` into ``dst``, with the scaler CB."""

    KEY: ClassVar[str] = "tt.reduce"
    kind: Literal["sum", "max"]
    src: Any
    dst: Any
    in_cb: int
    out_cb: int
    dim: int
    clear: bool
    tiles: tuple[int, int]
    scaler_cb: int | None
    scaler: float
    scaler_tile: int = 0  # the page of the scaler CB holding ``scaler`` (one page per distinct value)

    @property
    def writes(self) -> Any:
        return self.dst

    @property
    def reads(self) -> tuple[str, ...]:
        return (str(self.src.name),)


@dataclass(frozen=True)
class MaskOp:
    """``tt.mask``: a causal mask over a tile buffer, ``out[i, j] = keep if row >= col else masked``
    with row = i + the block's row origin and col = j + its column origin (``row > col`` when
    ``strict``). ``diagonal`` is (row origin - column origin) in tiles (a PrimExpr); tile (ti, tj)
    is then kept whole above the diagonal, masked whole below it, and the triangular tile on it.
    The three tiles (keep, masked, triangle) are generated by the reader into CB ``mask_cb``."""

    KEY: ClassVar[str] = "tt.mask"
    out: Any
    out_cb: int
    mask_cb: int
    tiles: tuple[int, int]
    diagonal: Any
    strict: bool
    keep: float
    masked: float

    @property
    def num_tiles(self) -> int:
        return self.tiles[0] * self.tiles[1]

    @property
    def writes(self) -> Any:
        return self.out


TileOp = CopyOp | MatmulOp | FillOp | EltwiseOp | ReduceOp | MaskOp
RECORDS: dict[str, type] = {r.KEY: r for r in (CopyOp, MatmulOp, FillOp, EltwiseOp, ReduceOp, MaskOp)}
# The compute steps: each writes one tile buffer (`writes`, a Var), computed in DST. A record that
# also lists what it `reads` (buffer names) has every read modelled; MatmulOp and MaskOp do not, so
# an analysis of reads must assume they read any buffer.
ComputeOp = MatmulOp | FillOp | EltwiseOp | ReduceOp | MaskOp
COMPUTE_KEYS: frozenset[str] = frozenset(r.KEY for r in get_args(ComputeOp))
ReadsModelled = FillOp | EltwiseOp | ReduceOp

# record field -> annotation field, where the stored name differs (docs/LOWERED_IR.md spells these)
_RENAMED: dict[type, dict[str, str]] = {ReduceOp: {"src": "in", "dst": "out"}}


def to_node(record: TileOp) -> dict[str, Any]:
    """The annotation's ``node`` map for a record."""
    renamed = _RENAMED.get(type(record), {})
    node: dict[str, Any] = {}
    for spec in fields(record):
        name = spec.name
        value = getattr(record, name)
        if isinstance(record, EltwiseOp) and name == "expr":
            value = expr_to_ir(value)
        elif isinstance(value, tuple):
            value = list(value)
        node[renamed.get(name, name)] = value
    return node


def _plain(value: Any) -> Any:
    """ffi immediates and containers -> Python values (strings, numbers, lists)."""
    kind = type(value).__name__
    if kind in ("IntImm", "Bool") and hasattr(value, "value"):
        return bool(value.value) if str(value.ty) == "bool" else int(value.value)
    if kind == "FloatImm":
        return float(value.value)
    if kind == "StringImm":
        return str(value.value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)) or kind in ("Array", "List"):
        return [_plain(v) for v in value]
    return value


# fields kept as TIR objects (buffer Vars, PrimExprs); every other field becomes a Python value
_RAW = {"buffer", "cb", "in0", "in1", "out", "src", "dst", "value", "diagonal"}


def decode(key: str, node: Any) -> TileOp:
    """The record an annotation ``key`` with ``node`` holds (``node``: an ffi Map or a dict)."""
    record = RECORDS.get(key)
    if record is None:
        raise KeyError(f"no tt.* annotation {key!r} (known: {', '.join(sorted(RECORDS))})")
    renamed = _RENAMED.get(record, {})
    values: dict[str, Any] = {}
    for spec in fields(record):
        name = spec.name
        stored = renamed.get(name, name)
        if stored not in node:
            if spec.default is not MISSING:  # a field with a default may be absent
                continue
            raise KeyError(f"{key}: annotation has no field {stored!r}")
        raw = node[stored]
        if name in _RAW:
            values[name] = raw
        elif name == "tile_index":
            values[name] = tuple(raw)
        elif name == "expr":
            values[name] = expr_from_ir(_plain(raw))
        elif name == "tiles":
            h, w = (int(t) for t in _plain(raw))
            values[name] = (h, w)
        else:
            values[name] = _plain(raw)
    return record(**values)  # type: ignore[no-any-return]


# -- runtime arguments (the function attribute ``tt_runtime_args``) ------------------------------------
START_ID = "start_id"
NUM_UNITS = "num_units"
ADDR_SUFFIX = "_addr"


@dataclass(frozen=True)
class KernelArg:
    """One runtime argument of a kernel: a DRAM buffer's address, or the core's work-unit range."""

    kind: Literal["addr", "start", "count"]
    name: str
    buffer: str | None = None


def runtime_arg_names(*, copied_in: tuple[str, ...], copied_out: tuple[str, ...]) -> dict[str, list[str]]:
    """The ``tt_runtime_args`` value: per kernel, ``<buffer>_addr`` for each DRAM buffer it moves
    (reader: copied in, writer: copied out, in parameter order), then the work-unit range."""
    work = [START_ID, NUM_UNITS]
    return {
        "reader": [f"{n}{ADDR_SUFFIX}" for n in copied_in] + work,
        "compute": list(work),
        "writer": [f"{n}{ADDR_SUFFIX}" for n in copied_out] + work,
    }


def decode_runtime_args(value: Any) -> dict[str, tuple[KernelArg, ...]]:
    """``tt_runtime_args`` as typed arguments (the inverse of ``runtime_arg_names``)."""
    out: dict[str, tuple[KernelArg, ...]] = {}
    for kernel in ("reader", "compute", "writer"):
        args: list[KernelArg] = []
        for raw in (value or {}).get(kernel, []):
            name = str(_plain(raw))
            if name == START_ID:
                args.append(KernelArg("start", name))
            elif name == NUM_UNITS:
                args.append(KernelArg("count", name))
            elif name.endswith(ADDR_SUFFIX) and kernel != "compute":
                args.append(KernelArg("addr", name, name.removesuffix(ADDR_SUFFIX)))
            else:
                raise ValueError(
                    f"tt_runtime_args[{kernel}] names {name!r}, which is neither an address nor a work range"
                )
        out[kernel] = tuple(args)
    return out
