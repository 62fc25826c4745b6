"""The emulator's SFPU unary headers (``include/api/compute/eltwise_unary/<op>.h``), generated from
the op registry: one per registry op of kind ``sfpu``, declaring its init and tile call with the
release's exact signatures; the tile call applies the op through ``ttsim::sfpu_unary`` (whose
per-op formula is the one line of runtime/math.cpp an SFPU op needs).

    python -m ttmigrate.emulate.sfpu_headers          # rewrite the headers
A test fails when a committed header differs from what the registry generates.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ttmigrate.atomic import write_text
from ttmigrate.ops import OPS, OpDef
from ttmigrate.ops.signature import KernelFn, Param

INCLUDE_DIR = Path(__file__).resolve().parent / "include"


def _param(p: Param) -> str:
    text = f"{p.type} {p.name}"
    return f"{text} = {p.default}" if p.default is not None else text


def _function(fn: KernelFn, body: list[str]) -> list[str]:
    lines = [f"template <{', '.join(_param(p) for p in fn.template)}>"] if fn.template else []
    lines.append(f"inline {fn.returns} {fn.name}({', '.join(_param(p) for p in fn.params)}) {{")
    lines += [f"    {line}" for line in body]
    lines.append("}")
    return lines


def sfpu_ops() -> list[OpDef]:
    return [op for op in OPS.values() if op.kind == "sfpu"]


def header_path(op: OpDef) -> str:
    return op.headers[-1]  # (eltwise_unary.h, the op's own header)


def render(op: OpDef) -> str:
    assert op.init is not None and op.call is not None and op.dst_param is not None and op.config is not None
    unused = [p.name for p in op.call.fn.params if p.name != op.dst_param]
    call_body = [f"(void){name};" for name in unused]
    # the init programs the SFPU for the registry's ConfigState.math; the line is the tagged call's
    init_body = f'ttsim::config_init(ttsim::Engine::Sfpu, "{op.config.math}", 0, "{op.init.fn.name}", 0);'
    call_body.append(f'ttsim::sfpu_unary("{op.name}", {op.dst_param}, "{op.call.fn.name}");')
    lines = [
        "// Generated from the op registry (ttmigrate/ops/registry.py) by `python -m",
        "// ttmigrate.emulate.sfpu_headers`: edit the registry, not this file.",
        f"// Emulated {header_path(op)}: DST[{op.dst_param}] = {op.name}(DST[{op.dst_param}]) in float32 (approximation",
        "// template flags are accepted and ignored: the emulator computes exactly).",
        "#pragma once",
        "",
        '#include "api/compute/common.h"',
        "",
        *_function(op.init.fn, [*(f"(void){p.name};" for p in op.init.fn.params), init_body]),
        "",
        *_function(op.call.fn, call_body),
        "",
        "#ifndef TTSIM_RUNTIME",  # the real SFPU calls take no call_line: tag the call site's line
        f"#define {op.init.fn.name} TTSIM_TAG_LINE({op.init.fn.name})",
        f"#define {op.call.fn.name} TTSIM_TAG_LINE({op.call.fn.name})",
        "#endif",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else INCLUDE_DIR
    for op in sfpu_ops():
        path = root / header_path(op)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, render(op))
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
