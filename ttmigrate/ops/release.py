"""The tt-metal release the generated code targets, named once.

Every stage that mentions the SDK version (emitters, golden headers, results.json metadata,
scripts/check_metalium.py) reads it from here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Release:
    project: str
    version: str
    wheel: str  # the PyPI distribution that ships the kernel headers and libtt_metal.so
    wheel_file: str  # the exact file `pip download` fetches for the platform below
    python_version: str
    platform: str

    @property
    def name(self) -> str:
        return f"{self.project} v{self.version}"

    @property
    def requirement(self) -> str:
        return f"{self.wheel}=={self.version}"


TARGET = Release(
    project="tt-metal",
    version="0.81.1",
    wheel="ttnn",
    wheel_file="ttnn-0.81.1-cp310-cp310-manylinux_2_34_x86_64.whl",
    python_version="3.10",
    platform="manylinux_2_34_x86_64",
)

# The warning options tt-metal's JIT gives every kernel it compiles at this release (the cflags of
# JitBuildEnv::init, tt_metal/jit_build/build.cpp; in the release's libtt_metal.so as one string,
# which scripts/check_metalium.py compares with this): -Wall as errors, with these exemptions.
JIT_KERNEL_WARNINGS = (
    "-Wall",
    "-Werror",
    "-Wno-error=deprecated-declarations",
    "-Wno-error=multistatement-macros",
    "-Wno-error=parentheses",
    "-Wno-error=unused-but-set-variable",
    "-Wno-unused-variable",
    "-Wno-unused-function",
)

# The language options of the same JIT kernel compile (the release's other kernel cflags string in
# libtt_metal.so, also compared by scripts/check_metalium.py) that a host g++ honours alike: the
# dialect, and no exceptions or RTTI, so a kernel that throws or asks typeid is refused here as on
# the device. Not modelled: tt-gcc's own -ftt-* options, LTO, and the floating-point options
# (-ffast-math with exceptions), which only apply to the RISC-V code of the kernel itself
# (docs/ARCHITECTURE.md, "Kernel compile flags").
JIT_KERNEL_DIALECT = ("-std=c++17", "-fno-exceptions", "-fno-rtti")
