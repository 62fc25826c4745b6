"""The emulator's SFPU headers (``include/api/compute/eltwise_unary/<op>.h``, ``compute_kernel_api.h``,
``binop_with_scalar.h``), generated from the op registry: one file per header of the registry's ops
of kind ``sfpu`` or ``scalar``, declaring each op's init and tile call with the release's exact
signatures (an init several ops share, once); the tile call applies the op through
``ttsim::sfpu_unary`` / ``ttsim::sfpu_scalar``, whose per-op formula is the one line of
runtime/math.cpp an SFPU op needs.

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
_FP32 = "is_fp32_dest_acc_en"


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
    return [op for op in OPS.values() if op.kind in ("sfpu", "scalar")]


def header_path(op: OpDef) -> str:
    return op.headers[-1]  # (eltwise_unary.h, the op's own header)


def headers() -> dict[str, list[OpDef]]:
    """Header path -> the registry ops it declares, in registry order."""
    grouped: dict[str, list[OpDef]] = {}
    for op in sfpu_ops():
        grouped.setdefault(header_path(op), []).append(op)
    return grouped


def _fp32_flag(fn: KernelFn) -> str:
    return _FP32 if any(p.name == _FP32 for p in fn.template) else "false"


def _init(op: OpDef) -> list[str]:
    assert op.init is not None and op.config is not None
    # the init programs the SFPU for the registry's ConfigState.math; the line is the tagged call's
    body = [f"(void){p.name};" for p in op.init.fn.params]
    body.append(f'ttsim::config_init(ttsim::Engine::Sfpu, "{op.config.math}", 0, "{op.init.fn.name}", 0);')
    return _function(op.init.fn, body)


def _call(op: OpDef) -> list[str]:
    assert op.call is not None and op.dst_param is not None
    fn = op.call.fn
    # a scalar op's constant, or the constant an SFPU op fixes (log2's base_scale), reaches the formula
    param = "param1" if op.kind == "scalar" else next(iter(op.call.fixed), None)
    if param is not None:
        assert op.config is not None
        unused = [p.name for p in fn.params if p.name not in (op.dst_param, param)]
        apply = (
            f'ttsim::sfpu_scalar("{op.name}", "{op.config.math}", {op.dst_param}, {param}, '
            f'{_fp32_flag(fn)}, "{fn.name}");'
        )
    else:
        unused = [p.name for p in fn.params if p.name != op.dst_param]
        apply = f'ttsim::sfpu_unary("{op.name}", {op.dst_param}, "{fn.name}");'
    return _function(fn, [*(f"(void){name};" for name in unused), apply])


def render_header(path: str, ops: list[OpDef]) -> str:
    described = ", ".join(f"{op.name}" for op in ops)
    lines = [
        "// Generated from the op registry (ttmigrate/ops/registry.py, ttmigrate/ops/sfpu.py) by `python -m",
        "// ttmigrate.emulate.sfpu_headers`: edit the registry, not this file.",
        f"// Emulated {path}: {described}, in place on DST in float32 (approximation template",
        "// flags are accepted and ignored: the emulator computes exactly).",
        "#pragma once",
        "",
        '#include "api/compute/common.h"',
        "",
    ]
    inits: list[str] = []
    for op in ops:
        assert op.init is not None and op.call is not None
        if op.init.fn.name not in inits:
            inits.append(op.init.fn.name)
            lines += [*_init(op), ""]
        lines += [*_call(op), ""]
    lines.append("#ifndef TTSIM_RUNTIME")  # the real SFPU calls take no call_line: tag the call site's line
    for name in [*inits, *(op.call.fn.name for op in ops if op.call is not None)]:
        lines.append(f"#define {name} TTSIM_TAG_LINE({name})")
    lines += ["#endif", ""]
    return "\n".join(lines)


def render(op: OpDef) -> str:
    """The header that declares ``op`` (with the other ops it shares that header with)."""
    return render_header(header_path(op), headers()[header_path(op)])


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else INCLUDE_DIR
    for path, ops in headers().items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text(target, render_header(path, ops))
        print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
