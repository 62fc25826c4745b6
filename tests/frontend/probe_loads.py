"""Each probe kernel file loaded once per test process, for the tests that read the same probe.

Several tests read one probe (its reference, its printed IR, its round trip); loading it is
importing the file and building its PrimFunc through the frontend, the same work every time. A
loaded `Kernel` is immutable IR plus the file's functions, so those tests share one load of each
file (per xdist worker). A file that fails to load raises every time: errors are not cached.
"""

from __future__ import annotations

import functools
from pathlib import Path

from ttmigrate.corpus import Kernel, load_kernel


@functools.cache
def loaded(path: Path) -> Kernel:
    """`load_kernel(path)`, loaded once per file in this process."""
    return load_kernel(path)
