"""ttmigrate: golden-snapshot regression and migration toolkit for the TileLang -> TT-Metalium backend.

Pipeline (one package per stage, each importing only earlier ones):
corpus -> tt (lowering) -> emit (template | ir_driven) -> normalize -> compare -> snapshot
-> emulate -> report.
"""

__version__ = "0.1.0"

from ttmigrate import tvm_without_torch

tvm_without_torch.install()
