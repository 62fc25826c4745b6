"""Execution parity: run generated TT-Metalium C++ on a host emulation of the Metalium API and
compare its outputs with a NumPy reference.

The emulation headers (`include/`) and runtime (`runtime/`) let the emitted reader, compute,
writer and host program compile unchanged with g++ and run on the CPU; `simulate()` builds
(cached by content, see `build.py`), runs with seeded inputs and returns a typed verdict.

What is emulated (docs/METALIUM_SUBSET.md): an 8x8 grid; per core a byte-array L1 (1464 KiB)
holding the circular buffers; reader, compute and writer of every core on their own threads,
talking only through CBs with real capacity and blocking reserve/wait; interleaved DRAM buffers
paged by tile behind fake addresses; NOC transfers completed at their barrier; bfloat16 tiles in
face layout, float32 DST (16 tiles, zeroed by tile_regs_acquire), round-to-nearest-even on pack.
Checked and reported as faults (one `TTSIM-FAULT {json}` line on stderr, see `faults.py`):
deadlock (exact: every unfinished kernel of a core blocked on a CB that nobody can change), hang
(watchdog: no API call for a while), NOC page out of a buffer or at an unknown address, CB
overflow (push > reserved), underflow (pop > waited), pack or read outside the reserved/waited
pages, push before the read barrier, pop before the write barrier, runtime argument never set,
L1 overflow, host buffer size mismatch, crashes (signals) and uncaught exceptions. Pages left in
a CB at the end are printed as a `TTSIM-WARNING` line and judged a fault (`cb-unbalanced`, see
`faults.FAULT_WARNING_KINDS`): the producer and consumer disagree on the page count.

Program folders (`program_run.py`, `ttmigrate sim --program DIR`): the host linked with the
runtime, each kernel compiled at CreateKernel with its compile_args and defines (runtime/jit.cpp);
see docs/METALIUM_SUBSET.md for what that covers and what it does not.

Not emulated: semaphores and multicast,
block-float formats (Float16_b and Float32 only), and the data formats programmed for srcA /
srcB / packer (reconfig calls).

The numeric state is modelled (docs/EMULATOR_CONFIG_STATE.md, "Numeric state"): a 16-bit DST
rounded on every write unless fp32_dest_acc_en, DST capacity by sync mode and format
(`dst-capacity`), Float32 data as Tf32 / Float16_b in the source registers unless unpacked to
DST; a fidelity other than HiFi4 and math_approx_mode are faults (`unmodelled-fidelity`,
`unmodelled-approx-mode`). Outputs are judged at `judging_tolerance()`.

The compute configuration is modelled (docs/EMULATOR_CONFIG_STATE.md): start-up once and first,
the state each init programs (from the registry's ConfigState), checked by every op call; a
mismatch is an `init-state` fault with the op, what it needs, what is configured and the line.
The DST acquire/commit/wait/release handshake is enforced (`dst-protocol`).
"""

from ttmigrate.emulate.build import BuildResult, ProgramInputError, build_program, default_cache_dir
from ttmigrate.emulate.compare import DEFAULT_TOLERANCES, default_tolerance, judging_tolerance, pcc
from ttmigrate.emulate.harness import KernelLike, SimInputError, simulate, simulate_kernel, specs_from_params
from ttmigrate.emulate.model import (
    SIM_STATUSES,
    Fault,
    SimResult,
    SimStatus,
    TensorComparison,
    TensorSpec,
    Tolerance,
)

__all__ = [
    "DEFAULT_TOLERANCES",
    "SIM_STATUSES",
    "BuildResult",
    "Fault",
    "KernelLike",
    "ProgramInputError",
    "SimInputError",
    "SimResult",
    "SimStatus",
    "TensorComparison",
    "TensorSpec",
    "Tolerance",
    "build_program",
    "default_cache_dir",
    "default_tolerance",
    "judging_tolerance",
    "pcc",
    "simulate",
    "simulate_kernel",
    "specs_from_params",
]
