"""The registry as Markdown: the generated part of docs/METALIUM_SUBSET.md.

``python -m ttmigrate.ops.doc docs/METALIUM_SUBSET.md`` rewrites the text between the two markers;
a test fails when the document and the registry disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ttmigrate.atomic import write_text

from . import kernel_api
from .host_api import HOST_FUNCTIONS, HOST_HEADERS
from .registry import OPS, Invocation, OpDef, TirPattern
from .release import TARGET
from .signature import KernelFn, Param

BEGIN = "<!-- generated from ttmigrate/ops (python -m ttmigrate.ops.doc docs/METALIUM_SUBSET.md): begin -->"
END = "<!-- generated from ttmigrate/ops: end -->"


def _param(p: Param) -> str:
    text = f"{p.type} {p.name}"
    return f"{text} = {p.default}" if p.default is not None else text


def declaration(fn: KernelFn) -> str:
    template = f"template <{', '.join(_param(p) for p in fn.template)}> " if fn.template else ""
    return f"{template}{fn.returns} {fn.name}({', '.join(_param(p) for p in fn.params)})"


# an SFPU binary swapped in for the FPU op of the same node when its operands are Float32
_FLOAT32_NOTE = " on Float32 data"


def _pattern(p: TirPattern) -> str:
    if p.tile_op:
        return f"`T.{p.tile_op}`"
    if p.call:
        return f"`{p.call}(x)`"
    if p.node:
        if p.gate is not None:
            return f"`{p.node}` node `x * {p.gate}(x)`"
        if p.scalar != "none":
            constant = f"{p.scalar_value:g}" if p.scalar_value is not None else "a constant"
            side = "either" if p.scalar == "either" else f"the {p.scalar}"
            return f"`{p.node}` node with {constant} on {side} side"
        return f"`{p.node}` node" + (" with a zero operand" if p.zero_operand else "")
    return ""


def _call(inv: Invocation | None) -> str:
    if inv is None:
        return "—"
    template = ", ".join(inv.template.values())
    return f"`{inv.fn.name}{f'<{template}>' if template else ''}`"


def _dst(op: OpDef) -> str:
    parts = [
        w
        for w, on in (("reads", op.dst.reads), ("writes", op.dst.writes), ("accumulates", op.dst.accumulates))
        if on
    ]
    return ", ".join(parts) or "—"


def render() -> str:
    lines = [
        BEGIN,
        "",
        f"Target release: **{TARGET.name}** (`{TARGET.requirement}`, `{TARGET.wheel_file}`).",
        "",
        "### Ops",
        "| op | kind | TIR | annotation | start-up | init | call | headers | DST | CB params | configures |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for op in OPS.values():
        config = f"`{op.config.math}`" if op.config else "—"
        if op.config and op.config.uninit is not None:
            config += f", then `{op.config.uninit.name}`"
        lines.append(
            f"| {op.name} | {op.kind} | {_pattern(op.pattern)}{_FLOAT32_NOTE if op.float32_form_of else ''} | `{op.annotation}` | {_call(op.startup)} | "
            f"{_call(op.init)} | {_call(op.call)} | {', '.join(f'`{h}`' for h in op.headers) or '—'} | "
            f"{_dst(op)} | {', '.join(f'`{c}`' for c in op.cb_params) or '—'} | {config} |"
        )
    lines += [
        "",
        "### Kernel functions (exact declarations)",
        "| function | header | declaration |",
        "|---|---|---|",
    ]
    for fn in sorted(kernel_api.KERNEL_FUNCTIONS.values(), key=lambda f: (f.header, f.name)):
        note = f" **deprecated**: use {fn.deprecated}; never emitted" if fn.deprecated else ""
        if not fn.emulated:  # declared for reading real code only
            note += (
                "; not emulated" if fn.deprecated else " read in real code only: not emulated, never emitted"
            )
        lines.append(f"| `{fn.name}` | `{fn.header}` | `{declaration(fn)}`{note} |")
    lines += ["", "### Host functions (libtt_metal.so symbols)", "| call | symbol |", "|---|---|"]
    for host in HOST_FUNCTIONS.values():
        if host.symbol:
            where = f"`{host.symbol}`"
        elif host.inline_over:
            where = f"{host.note}; calls `{host.inline_over}`"
        else:
            where = host.note
        lines.append(f"| `{host.name}` (`{host.qualified}`) | {where} |")
    lines += ["", "Host includes: " + ", ".join(f"`<{h}>`" for h in HOST_HEADERS) + ".", "", END]
    return "\n".join(lines)


def splice(document: str) -> str:
    if BEGIN not in document or END not in document:
        raise ValueError("the document has no generated section markers")
    head, rest = document.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return head + render() + tail


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else Path("docs/METALIUM_SUBSET.md")
    write_text(path, splice(path.read_text(encoding="utf-8")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
