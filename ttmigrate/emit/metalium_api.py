"""The Metalium functions the emitters may call (docs/METALIUM_SUBSET.md), derived from the op
registry (``ttmigrate.ops``) at the pinned release.

Tests check every call in every emitted artifact against these sets, so an invented or deprecated
API name cannot reach a snapshot.
"""

from __future__ import annotations

from ttmigrate import ops
from ttmigrate.ops.host_api import HOST_FUNCTIONS

KERNEL_API = frozenset(f.name for f in ops.printable_kernel_functions())
HOST_API = frozenset(HOST_FUNCTIONS)
