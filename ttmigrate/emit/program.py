"""What a generated TT-Metalium program needs on the host side, independent of how the kernels
were produced. Each emitter builds one ``ProgramSpec``; ``host.py`` prints ``main.cpp`` from it and
``plan.py`` prints ``tt.plan.json``, so host, plan and kernels agree by construction only as far
as the emitter's spec is right (the protocol checks verify the rest).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

TILE = 32
DATA_FORMATS = {"bfloat16": "Float16_b", "float16": "Float16", "float32": "Float32"}
ELEMENT_BYTES = {"bfloat16": 2, "float16": 2, "float32": 4}

KERNELS = ("reader", "compute", "writer")


@dataclass(frozen=True)
class DramTensor:
    """A PrimFunc buffer parameter as an interleaved DRAM buffer of 32x32 tile pages."""

    name: str
    dtype: str
    batch: int  # product of leading dims
    rows: int  # logical trailing dims (a 1-D tensor is 1 x N)
    cols: int
    is_input: bool
    is_output: bool

    @property
    def tiles_h(self) -> int:
        return -(-self.rows // TILE)

    @property
    def tiles_w(self) -> int:
        return -(-self.cols // TILE)

    @property
    def num_pages(self) -> int:
        return self.batch * self.tiles_h * self.tiles_w

    @property
    def page_size(self) -> int:
        return TILE * TILE * ELEMENT_BYTES[self.dtype]


@dataclass(frozen=True)
class CircularBufferSpec:
    cb_id: int
    name: str
    role: str
    num_pages: int
    page_size: int
    dtype: str
    # the T.Pipelined depth of an input CB (num_pages = num_stages x block pages); None: the
    # default double buffering of an input, a single block otherwise
    num_stages: int | None = None

    @property
    def data_format(self) -> str:
        return DATA_FORMATS[self.dtype]

    @property
    def block_pages(self) -> int:
        """Pages of one block: what one wait / pop moves."""
        if self.role == "input":
            return max(1, self.num_pages // (self.num_stages or 2))
        return self.num_pages


ArgKind = Literal["addr", "start", "count", "const"]


@dataclass(frozen=True)
class RuntimeArg:
    """One runtime argument of one kernel: a buffer address, the core's work range, or a constant."""

    kind: ArgKind
    name: str
    buffer: str | None = None
    value: int | None = None


@dataclass(frozen=True)
class ProgramSpec:
    tensors: tuple[DramTensor, ...]
    circular_buffers: tuple[CircularBufferSpec, ...]
    core_work: tuple[tuple[int, int], ...]  # [start, count] per active core, in core-id order
    runtime_args: dict[str, tuple[RuntimeArg, ...]]  # "reader" | "compute" | "writer"
    core_grid: tuple[int, int] = (8, 8)
    grid: tuple[int, int, int] = (1, 1, 1)
    schedule: dict[str, str] = field(default_factory=dict)

    @property
    def num_active_cores(self) -> int:
        return len(self.core_work)

    @property
    def core_range(self) -> tuple[int, int]:
        """(columns, rows) of the rectangle of cores the program runs on (core id -> {id % w, id // w})."""
        width = self.core_grid[0]
        used = max(1, self.num_active_cores)
        return (min(used, width), -(-used // width))

    @property
    def num_range_cores(self) -> int:
        cols, rows = self.core_range
        return cols * rows
