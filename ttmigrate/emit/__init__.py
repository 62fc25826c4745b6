"""Stage 3: the emitters. A lowered kernel becomes five artifacts: ``reader.cpp``,
``compute.cpp``, ``writer.cpp``, ``main.cpp`` (host) and ``tt.plan.json``.

``template`` mode is the legacy emitter (attributes only); ``ir_driven`` walks the lowered body.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import atomic
from .errors import UnsupportedConstruct
from .host import render_host
from .mode import MODES, CodegenMode, resolve_mode
from .plan import render_plan

ARTIFACTS: tuple[str, ...] = ("reader.cpp", "compute.cpp", "writer.cpp", "main.cpp", "tt.plan.json")

__all__ = [
    "ARTIFACTS",
    "MODES",
    "CodegenMode",
    "UnsupportedConstruct",
    "emit_kernel",
    "emit_tt_artifacts",
    "resolve_mode",
    "write_artifacts_to_disk",
]


def _main_func(mod: Any) -> Any:
    if type(mod).__name__ == "PrimFunc":
        return mod
    functions = {str(gv.name_hint): f for gv, f in mod.functions.items()}
    return functions.get("main") or next(iter(functions.values()))


def emit_tt_artifacts(
    mod: Any, *, mode: str | CodegenMode | None = None, kernel_name: str | None = None
) -> dict[str, str]:
    """The five artifacts of a lowered module (see ``ttmigrate.tt.lower``) in the chosen mode."""
    func = _main_func(mod)
    chosen = resolve_mode(func, explicit=mode, kernel_name=kernel_name)
    if chosen is CodegenMode.TEMPLATE:
        from .template import emit_template

        kernels, spec = emit_template(func)
    else:
        from .ir_driven import emit_ir_driven

        try:
            kernels, spec = emit_ir_driven(func)
        except UnsupportedConstruct as err:
            raise (err.with_kernel(kernel_name) if kernel_name else err) from None
    return {**kernels, "main.cpp": render_host(spec), "tt.plan.json": render_plan(spec)}


def emit_kernel(kernel: Any, *, mode: str | CodegenMode | None = None) -> dict[str, str]:
    """Lower a corpus kernel (``ttmigrate.corpus.Kernel``) and emit it."""
    from ..tt import lower

    return emit_tt_artifacts(lower(kernel.main), mode=mode, kernel_name=kernel.name)


def write_artifacts_to_disk(artifacts: dict[str, str], out_dir: Path | str) -> list[Path]:
    out = Path(out_dir)
    written = []
    for name, text in artifacts.items():
        atomic.write_text(out / name, text)
        written.append(out / name)
    return written
