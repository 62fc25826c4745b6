"""The NoC transfers the rules follow, and the address generator a paged transfer goes through.

v0.81.1 (api/dataflow/dataflow_api.h): `noc_async_read_page(id, addrgen, l1_addr)` and
`noc_async_write_page(id, addrgen, l1_addr)`, their deprecated `_tile` forms with the same operands,
and the raw `noc_async_read(noc_addr, l1_addr, size)` / `noc_async_write(l1_addr, noc_addr, size)`.
An address generator is an `InterleavedAddrGen{Fast}` initialiser (`.bank_base_address`,
`.page_size`) or a `TensorAccessor(args, bank_base_address, page_size)`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ttmigrate.compare import expr as E
from ttmigrate.compare.expr import Expr
from ttmigrate.compare.model import Event


@dataclass(frozen=True)
class Transfer:
    direction: str  # "read" (DRAM -> L1) or "write" (L1 -> DRAM)
    l1: int  # operand holding the L1 address
    page: int | None  # operand holding the page index (paged transfers)
    addrgen: int | None  # operand holding the address generator (paged transfers)


TRANSFERS = {
    "noc_async_read_tile": Transfer("read", 2, 0, 1),
    "noc_async_read_page": Transfer("read", 2, 0, 1),
    "noc_async_write_tile": Transfer("write", 2, 0, 1),
    "noc_async_write_page": Transfer("write", 2, 0, 1),
    "noc_async_read": Transfer("read", 1, None, None),
    "noc_async_write": Transfer("write", 0, None, None),
}


def transfer_of(event: Event) -> Transfer | None:
    if event.kind != "call":
        return None
    transfer = TRANSFERS.get(event.api)
    if transfer is None or len(event.exprs) <= transfer.l1:
        return None
    return transfer


def l1_cbs(event: Event, transfer: Transfer) -> set[int]:
    """The CBs whose L1 pages a transfer reads into or writes from (via get_write_ptr/get_read_ptr)."""
    return E.cbs_in(event.exprs[transfer.l1])


@dataclass(frozen=True)
class AddressGenerator:
    base: Expr | None  # bank base address (a runtime argument for a DRAM buffer)
    page_size: Expr | None


def address_generator(event: Event, transfer: Transfer) -> AddressGenerator | None:
    if transfer.addrgen is None or len(event.exprs) <= transfer.addrgen:
        return None
    generator = event.exprs[transfer.addrgen]
    if isinstance(generator, E.Init):
        fields = dict(generator.fields)
        return AddressGenerator(fields.get("bank_base_address"), fields.get("page_size"))
    if (
        isinstance(generator, E.Call)
        and isinstance(generator.callee, E.Name)
        and generator.callee.value.endswith("TensorAccessor")
    ):
        args = generator.args
        return AddressGenerator(args[1] if len(args) > 1 else None, args[2] if len(args) > 2 else None)
    return None
