"""Host <-> kernel agreement:

- runtime-args-cover: on every core a kernel runs on, the host sets at least as many runtime
  arguments as the highest get_arg_val index the kernel reads, plus one;
- runtime-args-unread: on a core, the host passes more runtime arguments than the kernel reads
  (the highest get_arg_val index plus one). Legal on real Metalium (SetRuntimeArgs cannot know what a
  kernel reads), so a finding, not an emulator fault: an argument set and never read is an argument
  the host and the kernel disagree about. Not judged when an index is not a constant, or when the
  host's list has a tail the model cannot count;
- compile-args-cover: the CreateKernel config passes at least as many compile_args as the highest
  get_compile_time_arg_val index the kernel reads, plus one (when the list is one the model can
  count: a braced list, push_back, but nothing after a TensorAccessorArgs::append_to);
- cb-created: every CB a kernel uses is created by the host (CreateCircularBuffer);
- cb-page-size: each host CB that a compute op reads or writes (any CB operand other than the
  dataflow cb_* / get_*_ptr calls) has the tile size of its data format as page size; every CB's
  total size is a whole number of pages; a CB that a kernel moves to or from a DRAM buffer has that
  buffer's page size. CBs only data-movement kernels touch (row-major sticks, loopback) may hold
  pages of any size.

Messages name the host by its artifact (the file that defines main).
"""

from __future__ import annotations

from collections.abc import Mapping

from ttmigrate.compare import expr as E
from ttmigrate.compare.api_facts import cb_operands
from ttmigrate.compare.checks.transfers import address_generator, l1_cbs, transfer_of
from ttmigrate.compare.checks.values import buffer_of, core_values, parse_int
from ttmigrate.compare.extract import UNKNOWN_TAIL
from ttmigrate.compare.finding import Finding
from ttmigrate.compare.model import HostModel, KernelModel

TILE_BYTES = {
    "Float16_b": 2048,
    "Float16": 2048,
    "Float32": 4096,
    "Bfp8_b": 1088,
    "UInt32": 4096,
    "UInt16": 2048,
}
# CB calls that move or address pages without interpreting them as tiles
_DATAFLOW_CB_CALLS = {
    "cb_reserve_back",
    "cb_push_back",
    "cb_wait_front",
    "cb_pop_front",
    "cb_pages_reservable_at_back",
    "cb_pages_available_at_front",
    "get_write_ptr",
    "get_read_ptr",
    "get_tile_size",
    "get_dataformat",
}


def check_runtime_args(kernels: Mapping[str, KernelModel], host: HostModel) -> list[Finding]:
    findings: list[Finding] = []
    for name, model in kernels.items():
        if not model.runtime_args:
            continue
        needed = max(model.runtime_args) + 1
        created = host.kernels.get(name)
        if created is None:
            findings.append(
                Finding(
                    host.artifact,
                    1,
                    "runtime-args-cover",
                    f"{host.artifact}: {name} reads runtime arguments but the host never creates it",
                )
            )
            continue
        if not created.cores:
            findings.append(
                Finding(
                    host.artifact,
                    created.line,
                    "runtime-args-cover",
                    f"{host.artifact}: cannot tell on which cores {name} runs",
                )
            )
            continue
        per_core = host.runtime_args.get(name, {})
        unset = [core for core in created.cores if core not in per_core]
        short = [core for core in created.cores if core in per_core and len(per_core[core].args) < needed]
        if unset:
            findings.append(
                Finding(
                    host.artifact,
                    created.line,
                    "runtime-args-cover",
                    f"{host.artifact}: {name} reads runtime arguments 0..{needed - 1} but the host sets none on "
                    f"{_cores(unset, len(created.cores))}",
                )
            )
        if short:
            call = per_core[short[0]]
            findings.append(
                Finding(
                    host.artifact,
                    call.line,
                    "runtime-args-cover",
                    f"{host.artifact}: {name} reads runtime argument {needed - 1} (line {model.runtime_args[needed - 1].line}) "
                    f"but SetRuntimeArgs passes {len(call.args)} value(s) on {_cores(short, len(created.cores))}",
                )
            )
    return findings


def check_unread_runtime_args(kernels: Mapping[str, KernelModel], host: HostModel) -> list[Finding]:
    findings: list[Finding] = []
    for name, model in kernels.items():
        if model.runtime_args_dynamic:
            continue
        read = max(model.runtime_args) + 1 if model.runtime_args else 0
        per_core = host.runtime_args.get(name, {})
        extra = sorted(
            core
            for core, call in per_core.items()
            if len(call.args) > read and not any(e == UNKNOWN_TAIL for e in call.exprs)
        )
        if extra:
            call = per_core[extra[0]]
            created = host.kernels.get(name)
            total = len(created.cores) if created is not None and created.cores else len(per_core)
            findings.append(
                Finding(
                    host.artifact,
                    call.line,
                    "runtime-args-unread",
                    f"{host.artifact}: SetRuntimeArgs passes {len(call.args)} value(s) to {name} on "
                    f"{_cores(extra, total)}, but the kernel reads only {read} (get_arg_val 0..{read - 1})"
                    if read
                    else f"{host.artifact}: SetRuntimeArgs passes {len(call.args)} value(s) to {name} on "
                    f"{_cores(extra, total)}, but the kernel reads none",
                )
            )
    return findings


def check_compile_args(kernels: Mapping[str, KernelModel], host: HostModel) -> list[Finding]:
    findings: list[Finding] = []
    for name, model in kernels.items():
        created = host.kernels.get(name)
        if not model.compile_time_args or created is None or not created.compile_args_known:
            continue
        needed = max(model.compile_time_args) + 1
        if len(created.compile_args) < needed:
            findings.append(
                Finding(
                    host.artifact,
                    created.line,
                    "compile-args-cover",
                    f"{host.artifact}: {name} reads compile-time argument {needed - 1} "
                    f"(line {model.compile_time_args[needed - 1].line}) but CreateKernel passes "
                    f"{len(created.compile_args)} compile_args",
                )
            )
    return findings


def check_cbs_created(kernels: Mapping[str, KernelModel], host: HostModel) -> list[Finding]:
    findings: list[Finding] = []
    for name, model in kernels.items():
        for cb in model.cbs:
            if cb not in host.cbs:
                line = next((e.line for e in model.events if cb in set().union(*map(E.cbs_in, e.exprs))), 1)
                findings.append(
                    Finding(
                        name,
                        line,
                        "cb-created",
                        f"{name}: uses CB c_{cb} but {host.artifact} creates no such circular buffer",
                    )
                )
    return findings


def check_cb_page_sizes(kernels: Mapping[str, KernelModel], host: HostModel) -> list[Finding]:
    findings: list[Finding] = []
    page_sizes: dict[int, int] = {}
    tile_cbs = _tile_cbs(kernels)
    for cb, config in sorted(host.cbs.items()):
        fmt = config.data_format.rsplit("::", 1)[-1]
        expected = TILE_BYTES.get(fmt)
        page = parse_int(config.page_size)
        total = parse_int(config.total_size)
        where = f"{host.artifact}: CB c_{cb}"
        if expected is None and cb in tile_cbs:
            findings.append(
                Finding(
                    host.artifact,
                    config.line,
                    "cb-page-size",
                    f"{where}: unknown data format {config.data_format}",
                )
            )
        elif page != expected and cb in tile_cbs:
            findings.append(
                Finding(
                    host.artifact,
                    config.line,
                    "cb-page-size",
                    f"{where}: page size {config.page_size} but a {fmt} tile is {expected} bytes",
                )
            )
        if page is not None:
            page_sizes[cb] = page
            if total is None or total % page or total == 0:
                findings.append(
                    Finding(
                        host.artifact,
                        config.line,
                        "cb-page-size",
                        f"{where}: total size {config.total_size} is not a whole number of {page}-byte pages",
                    )
                )
    buffer_pages = {f"buffer{b.index}": parse_int(b.page_size) for b in host.buffers}
    for name, model in kernels.items():
        values = core_values(host, name)
        for event in model.events:
            transfer = transfer_of(event)
            generator = address_generator(event, transfer) if transfer is not None else None
            if transfer is None or generator is None:
                continue
            base = generator.base
            for cb in l1_cbs(event, transfer):
                if not isinstance(base, E.Arg) or cb not in page_sizes:
                    continue
                for core, args in sorted(values.items()):
                    handle = args[base.value] if base.value < len(args) else None
                    buffer = buffer_of(handle)
                    dram_page = buffer_pages.get(buffer or "")
                    if dram_page is not None and dram_page != page_sizes[cb]:
                        findings.append(
                            Finding(
                                name,
                                event.line,
                                "cb-page-size",
                                f"{name}: {event.api} moves {dram_page}-byte pages of {buffer} through CB c_{cb} "
                                f"whose page size is {page_sizes[cb]} (core {core[0]},{core[1]})",
                            )
                        )
                        break
    return findings


def _tile_cbs(kernels: Mapping[str, KernelModel]) -> set[int]:
    """CBs some kernel hands to a tile operation (unpack, math, pack), not only to dataflow calls."""
    found: set[int] = set()
    for model in kernels.values():
        for event in model.events:
            if event.kind != "call" or event.api in _DATAFLOW_CB_CALLS:
                continue
            for position in cb_operands(event.api):
                operand = event.exprs[position] if position < len(event.exprs) else None
                if isinstance(operand, E.Cb):
                    found.add(operand.value)
    return found


def _cores(cores: list[tuple[int, int]], total: int) -> str:
    if len(cores) == total and total > 1:
        return f"all {total} cores"
    if len(cores) == 1:
        return f"core {cores[0][0]},{cores[0][1]}"
    return f"{len(cores)} of {total} cores (first {cores[0][0]},{cores[0][1]})"
