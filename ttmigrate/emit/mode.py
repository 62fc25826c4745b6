"""Task 5: codegen-mode selection.

Precedence: an explicit ``mode`` argument, then the function attribute ``tt_codegen_mode``, then
the project configuration (``[tool.ttmigrate] kernel_modes`` for this kernel, else
``default_mode``; it starts at "template" until ``ttmigrate flip`` moves it), then "template".
"""

from __future__ import annotations

import enum
from typing import Any

from .. import config


class CodegenMode(enum.Enum):
    TEMPLATE = "template"
    IR_DRIVEN = "ir_driven"

    @classmethod
    def parse(cls, value: str | CodegenMode) -> CodegenMode:
        if isinstance(value, CodegenMode):
            return value
        try:
            return cls(value)
        except ValueError:
            known = ", ".join(m.value for m in cls)
            raise ValueError(f"unknown codegen mode {value!r} (known: {known})") from None


MODES: tuple[str, ...] = tuple(m.value for m in CodegenMode)


def resolve_mode(
    func: Any, *, explicit: str | CodegenMode | None = None, kernel_name: str | None = None
) -> CodegenMode:
    if explicit is not None:
        return CodegenMode.parse(explicit)
    from .attrs import attr  # TVM: only when a function is asked, so `import ttmigrate.emit` stays light

    from_attr = attr(func, "tt_codegen_mode")
    if from_attr is not None:
        return CodegenMode.parse(str(from_attr))
    cfg = config.load_config()
    if kernel_name is not None:
        return CodegenMode.parse(cfg.mode_for(kernel_name))
    return CodegenMode.parse(cfg.default_mode or CodegenMode.TEMPLATE.value)
