"""tile-index-range: every page index a kernel reads or writes lies inside the DRAM buffer.

For each noc_async_read_tile / noc_async_write_tile whose address generator's bank_base_address is
a runtime argument the host binds to `bufferK->address()`, the tile index is evaluated on every core
over every iteration of the enclosing loops (with that core's runtime arguments) and compared with
the buffer's page count (size / page_size). Loop nests with more than evaluate.MAX_POINTS iterations on
a core are not enumerated (the rule then says nothing about that event on that core).
"""

from __future__ import annotations

from collections.abc import Mapping

from ttmigrate.compare.checks.transfers import address_generator, transfer_of
from ttmigrate.compare.checks.values import buffer_of, parse_int
from ttmigrate.compare.evaluate import core_values, evaluate_points
from ttmigrate.compare.expr import Arg, Expr
from ttmigrate.compare.finding import Finding
from ttmigrate.compare.model import Event, HostModel, KernelModel


def check_tile_ranges(kernels: Mapping[str, KernelModel], host: HostModel) -> list[Finding]:
    pages: dict[str, int] = {}
    for buffer in host.buffers:
        size, page = parse_int(buffer.size), parse_int(buffer.page_size)
        if size is not None and page:
            pages[buffer.name] = size // page
    findings: list[Finding] = []
    for name, model in kernels.items():
        values = core_values(host, name)
        for event in model.events:
            transfer = transfer_of(event)
            generator = address_generator(event, transfer) if transfer is not None else None
            base = generator.base if generator is not None else None
            if transfer is None or transfer.page is None or not isinstance(base, Arg):
                continue
            for core, args in sorted(values.items(), key=lambda item: (item[0][1], item[0][0])):
                buffer_name = buffer_of(args[base.value]) if base.value < len(args) else None
                if buffer_name is None or buffer_name not in pages:
                    continue
                bad = _out_of_range(model, event, args, pages[buffer_name])
                if bad is not None:
                    findings.append(
                        Finding(
                            name,
                            event.line,
                            "tile-index-range",
                            f"{name}: {event.api} index {event.args[0]} reaches {bad} on core {core[0]},{core[1]} "
                            f"but {buffer_name} has {pages[buffer_name]} pages",
                        )
                    )
                    break
    return findings


def _out_of_range(model: KernelModel, event: Event, args: tuple[Expr, ...], count: int) -> int | None:
    for _, value in evaluate_points(model, event, event.exprs[0], args):  # operand 0: the page index
        if value is not None and not 0 <= value < count:
            return value
    return None
