"""Host <-> kernel agreement:

- runtime-args-cover: on every core a kernel runs on, the host sets at least as many runtime
  arguments as the highest get_arg_val index the kernel reads, plus one;
- cb-created: every CB a kernel uses is created by the host (CreateCircularBuffer);
- cb-page-size: each host CB's page size is the tile size of its data format, its total size is a
  whole number of pages, and a CB that a kernel moves to or from a DRAM buffer has that buffer's page size.
"""

from __future__ import annotations

from collections.abc import Mapping

from ttmigrate import ops
from ttmigrate.compare import expr as E
from ttmigrate.compare.checks.finding import Finding
from ttmigrate.compare.checks.values import buffer_of, core_values, parse_int
from ttmigrate.compare.model import HOST_ARTIFACT, HostModel, KernelModel

TILE_BYTES = {
    "Float16_b": 2048,
    "Float16": 2048,
    "Float32": 4096,
    "Bfp8_b": 1088,
    "UInt32": 4096,
    "UInt16": 2048,
}
# api -> operand holding the L1 address, for every NOC transfer spelling of the release
_TRANSFERS = {f.name: 2 for f in (*ops.NOC_READS, *ops.NOC_WRITES)}


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
                    HOST_ARTIFACT,
                    1,
                    "runtime-args-cover",
                    f"{HOST_ARTIFACT}: {name} reads runtime arguments but the host never creates it",
                )
            )
            continue
        if not created.cores:
            findings.append(
                Finding(
                    HOST_ARTIFACT,
                    created.line,
                    "runtime-args-cover",
                    f"{HOST_ARTIFACT}: cannot tell on which cores {name} runs",
                )
            )
            continue
        per_core = host.runtime_args.get(name, {})
        unset = [core for core in created.cores if core not in per_core]
        short = [core for core in created.cores if core in per_core and len(per_core[core].args) < needed]
        if unset:
            findings.append(
                Finding(
                    HOST_ARTIFACT,
                    created.line,
                    "runtime-args-cover",
                    f"{HOST_ARTIFACT}: {name} reads runtime arguments 0..{needed - 1} but the host sets none on "
                    f"{_cores(unset, len(created.cores))}",
                )
            )
        if short:
            call = per_core[short[0]]
            findings.append(
                Finding(
                    HOST_ARTIFACT,
                    call.line,
                    "runtime-args-cover",
                    f"{HOST_ARTIFACT}: {name} reads runtime argument {needed - 1} (line {model.runtime_args[needed - 1].line}) "
                    f"but SetRuntimeArgs passes {len(call.args)} value(s) on {_cores(short, len(created.cores))}",
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
                        f"{name}: uses CB c_{cb} but {HOST_ARTIFACT} creates no such circular buffer",
                    )
                )
    return findings


def check_cb_page_sizes(kernels: Mapping[str, KernelModel], host: HostModel) -> list[Finding]:
    findings: list[Finding] = []
    page_sizes: dict[int, int] = {}
    for cb, config in sorted(host.cbs.items()):
        fmt = config.data_format.rsplit("::", 1)[-1]
        expected = TILE_BYTES.get(fmt)
        page = parse_int(config.page_size)
        total = parse_int(config.total_size)
        where = f"{HOST_ARTIFACT}: CB c_{cb}"
        if expected is None:
            findings.append(
                Finding(
                    HOST_ARTIFACT,
                    config.line,
                    "cb-page-size",
                    f"{where}: unknown data format {config.data_format}",
                )
            )
        elif page != expected:
            findings.append(
                Finding(
                    HOST_ARTIFACT,
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
                        HOST_ARTIFACT,
                        config.line,
                        "cb-page-size",
                        f"{where}: total size {config.total_size} is not a whole number of {page}-byte pages",
                    )
                )
    buffer_pages = {f"buffer{b.index}": parse_int(b.page_size) for b in host.buffers}
    for name, model in kernels.items():
        values = core_values(host, name)
        for event in model.events:
            if (
                event.kind != "call"
                or event.api not in _TRANSFERS
                or len(event.exprs) <= _TRANSFERS[event.api]
            ):
                continue
            generator = event.exprs[1]
            fields = dict(generator[2]) if generator[0] == "init" else {}
            base = fields.get("bank_base_address")
            for cb in E.cbs_in(event.exprs[_TRANSFERS[event.api]]):
                if base is None or base[0] != "arg" or cb not in page_sizes:
                    continue
                for core, args in sorted(values.items()):
                    handle = args[base[1]] if base[1] < len(args) else None
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


def _cores(cores: list[tuple[int, int]], total: int) -> str:
    if len(cores) == total and total > 1:
        return f"all {total} cores"
    if len(cores) == 1:
        return f"core {cores[0][0]},{cores[0][1]}"
    return f"{len(cores)} of {total} cores (first {cores[0][0]},{cores[0][1]})"
