"""The emulator's ``include/api/compute/bcast.h``, generated from the op registry: one init and one
tile call per registry op of kind ``bcast`` (``<op>_bcast_<dim>_init``, ``<op>_tiles_bcast_<dim>``),
plus the general forms real code calls (``bcast_init``, ``<op>_tiles_bcast``), with the release's
exact signatures. Every tile call goes through ``ttsim::binary_tiles``; each init programs the FPU
for the registry's ``ConfigState.math``.

    python -m ttmigrate.emulate.bcast_header          # rewrite the header
A test fails when the committed header differs from what the registry generates.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ttmigrate.atomic import write_text
from ttmigrate.ops import OPS, OpDef, kernel_api
from ttmigrate.ops.signature import KernelFn

from .sfpu_headers import INCLUDE_DIR, _function

HEADER = kernel_api.BCAST_H
_DIM_ENUM = {"row": "ROW", "col": "COL", "scalar": "SCALAR"}


def bcast_ops() -> list[OpDef]:
    return [op for op in OPS.values() if op.kind == "bcast"]


def _binary_type(op_name: str) -> str:
    return f"EltwiseBinaryType::ELW{op_name.upper()}"


def _split(op: OpDef) -> tuple[str, str]:
    """(binary op, dim) of ``<op>_bcast_<dim>``."""
    binary, _, dim = op.name.partition("_bcast_")
    return binary, dim


def _tile_body(fn: KernelFn, binary: str, dim: str) -> list[str]:
    names = {p.name for p in fn.params}
    body = [f'ttsim::bcast_row_zero(bcast_row_idx, "{fn.name}");'] if "bcast_row_idx" in names else []
    body.append(f'ttsim::config_unpack("{fn.name}", icb0, icb1);')  # srcA/srcB formats (config.h)
    body.append(
        f'ttsim::binary_tiles({_binary_type(binary)}, {dim}, icb0, icb1, itile0, itile1, idst, "{fn.name}");'
    )
    return body


def render() -> str:
    lines = [
        "// Generated from the op registry (ttmigrate/ops/registry.py) by `python -m",
        "// ttmigrate.emulate.bcast_header`: edit the registry, not this file.",
        "// Emulated api/compute/bcast.h. BroadcastType::ROW broadcasts the first row of B across all rows,",
        "// COL the first column across all columns, SCALAR element (0, 0). DST[idst] = A op broadcast(B)",
        "// (overwrites DST[idst]). The inits are short inits: they program the unpacker and FPU for the",
        "// broadcast op and dim (ttsim/config.h).",
        "#pragma once",
        "",
        '#include "api/compute/common.h"',
        '#include "api/compute/eltwise_binary.h"',
        "",
        "namespace ttsim {",
        "// The emulator broadcasts row 0 of B only; another bcast_row_idx is reported as a fault.",
        "void bcast_row_zero(std::uint32_t bcast_row_idx, const char* call);",
        '// The registry\'s ConfigState.math of a broadcast op ("bcast:<op>:<dim>").',
        "const char* bcast_math(EltwiseBinaryType op, BroadcastType dim);",
        "}  // namespace ttsim",
        "",
    ]
    general = kernel_api.fn("bcast_init")
    lines += _function(
        general,
        [
            "(void)icb0, (void)icb1;",
            'ttsim::config_init(ttsim::Engine::Fpu, ttsim::bcast_math(tBcastOp, tBcastDim), 0, "bcast_init", call_line);',
        ],
    )
    lines.append("")
    tagged: list[str] = []
    binaries: list[str] = []
    for op in bcast_ops():
        binary, dim = _split(op)
        if binary not in binaries:
            binaries.append(binary)
            fn = kernel_api.fn(f"{binary}_tiles_bcast")
            lines += [*_function(fn, _tile_body(fn, binary, "tBcastDim")), ""]
        assert op.init is not None and op.call is not None and op.config is not None
        init, call = op.init.fn, op.call.fn
        lines += _function(
            init,
            [
                "(void)icb0, (void)icb1;",
                f'ttsim::config_init(ttsim::Engine::Fpu, "{op.config.math}", 0, "{init.name}", call_line);',
            ],
        )
        lines += [*_function(call, _tile_body(call, binary, f"BroadcastType::{_DIM_ENUM[dim]}")), ""]
        tagged.append(call.name)
    tagged += [f"{b}_tiles_bcast" for b in binaries]
    lines.append("#ifndef TTSIM_RUNTIME")  # the tile calls take no call_line: tag the call site's line
    lines += [f"#define {name} TTSIM_TAG_LINE({name})" for name in tagged]
    lines += ["#endif", ""]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else INCLUDE_DIR
    path = root / HEADER
    write_text(path, render())
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
