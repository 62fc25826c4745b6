"""The op registry and the Metalium API at the pinned release (stage-free: any stage may import it).

- ``ttmigrate.ops.release.TARGET``: the tt-metal release, named once.
- ``ttmigrate.ops.registry``: ``OpDef`` entries (``OPS``, ``op``, ``for_node``, ``for_call``,
  ``bcast``, ``reduce``, ``math_calls`` ...).
- ``ttmigrate.ops.kernel_api``: every kernel-side ``KernelFn`` signature; ``host_api``: the host
  calls with the exported symbols that implement them.
"""

from __future__ import annotations

from . import sfpu as _sfpu  # noqa: F401  (registers the SFPU and scalar ops)
from .registry import (
    BCAST_DIMS,
    DST_PROTOCOL,
    NOC_READS,
    NOC_WRITES,
    OPS,
    REDUCE_DIM_OF_AXIS,
    ConfigState,
    DstUse,
    Invocation,
    OpDef,
    ScalarSide,
    TirPattern,
    bcast,
    deprecated_spellings,
    float32_form,
    for_call,
    for_gate,
    for_node,
    kernel_function,
    math_calls,
    op,
    printable_kernel_functions,
    reduce,
    scalar_bits,
)
from .release import TARGET, Release
from .signature import HostFn, KernelFn, Param

__all__ = [
    "BCAST_DIMS",
    "DST_PROTOCOL",
    "NOC_READS",
    "NOC_WRITES",
    "OPS",
    "REDUCE_DIM_OF_AXIS",
    "TARGET",
    "ConfigState",
    "DstUse",
    "HostFn",
    "Invocation",
    "KernelFn",
    "OpDef",
    "Param",
    "Release",
    "ScalarSide",
    "TirPattern",
    "bcast",
    "deprecated_spellings",
    "float32_form",
    "for_call",
    "for_gate",
    "for_node",
    "kernel_function",
    "math_calls",
    "op",
    "printable_kernel_functions",
    "reduce",
    "scalar_bits",
]
