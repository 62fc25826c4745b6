"""Stage 2: lowering TileLang TIR to the Tenstorrent form the code generators read.

``lower(mod)`` = ``apply_ws3_passes(apply_ws2_passes(apply_tt_defaults(mod)))``; the contract is
``docs/LOWERED_IR.md``.
"""

from .diagnostics import Diagnostic, LoweringError
from .pipeline import STAGES, apply_tt_defaults, apply_ws2_passes, apply_ws3_passes, lower

__all__ = [
    "STAGES",
    "Diagnostic",
    "LoweringError",
    "apply_tt_defaults",
    "apply_ws2_passes",
    "apply_ws3_passes",
    "lower",
]
