"""Assembles a kernel file: includes, entry point, runtime arguments, CB ids, body."""

from __future__ import annotations

from ..cpp import CppWriter
from ..program import CircularBufferSpec


def render_kernel(
    *,
    includes: list[str],
    compute: bool,
    args: list[str],
    cbs: list[tuple[str, CircularBufferSpec]],
    prologue: list[str],
    body: list[str],
) -> str:
    out = CppWriter()
    out.emit_line("#include <cstdint>")
    for header in includes:
        out.emit_line(f'#include "{header}"')
    out.emit_line()
    if compute:
        out.emit_line("namespace NAMESPACE {")
        entry = "void MAIN"
    else:
        entry = "void kernel_main()"
    with out.block(entry):
        for index, name in enumerate(args):
            out.emit_line(f"uint32_t {name} = get_arg_val<uint32_t>({index});")
        if args:
            out.emit_line()
        for symbol, cb in sorted(cbs, key=lambda item: item[1].cb_id):
            out.emit_line(f"constexpr uint32_t {symbol} = tt::CBIndex::c_{cb.cb_id};")
        if cbs:
            out.emit_line()
        if prologue:
            out.emit(*prologue)
            out.emit_line()
        out.extend_indented(body)
    if compute:
        out.emit_line("}  // namespace NAMESPACE")
    return out.text()
