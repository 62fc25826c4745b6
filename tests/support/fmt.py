"""Whether this machine can build the hosts of program folders: they print with {fmt}, as tt-metal
hosts do, and link Debian's libfmt-dev (its headers and its libfmt.so)."""

from __future__ import annotations

import functools
import os
import subprocess
from pathlib import Path

FMT_HEADER = Path("/usr/include/fmt/core.h")


@functools.cache
def fmt_missing() -> str | None:
    """Why a program-folder host cannot be built here, or None when it can."""
    if not FMT_HEADER.exists():
        return "{fmt} headers missing: install the Debian package libfmt-dev"
    # g++ prints the library's full path when its linker finds it, else the bare name
    found = subprocess.run(["g++", "-print-file-name=libfmt.so"], capture_output=True, text=True, check=False)
    if not os.path.isabs(found.stdout.strip()):
        return "{fmt} library (libfmt.so) missing: install the Debian package libfmt-dev"
    return None
