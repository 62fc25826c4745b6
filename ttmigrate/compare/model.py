"""The kernel model: what a generated artifact means, independent of the names it uses.

Kernel artifacts (reader.cpp, compute.cpp, writer.cpp) become a KernelModel; the host program
(main.cpp) becomes a HostModel, which also carries the generic model of its `main` body.

Definitions the comparison relies on:
- A loop is named by its position in the loop tree ("L0" = first top-level loop, "L0.1" = second
  loop inside it), its induction variable by its depth ("i0", "i1", ...). Trip counts are canonical
  expressions over argument indices and constants (`arg[1]`, never the variable name `Kt`).
- An event is one statement in program order: an API call, a loop header, an assignment to a
  mutable local, a branch. Its arguments are canonical: CB symbols replaced by `c_N`, runtime
  arguments by `arg[i]`, loop variables by `i<depth>`, immutable locals inlined.
- The meaning of a runtime argument is the set of places it is used: "trip count of loop L0", or
  "<api>(<CB ids of the call>) operand <n>[.<field>]" (with " term" when it is part of a larger
  expression, e.g. a tile index), or "value of v<k>". Never the variable name it was bound to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ttmigrate.compare.expr import Expr
from ttmigrate.ops import kernel_api

# `tt::CBIndex::c_16` (whitespace removed) -> 16; the one spelling docs/METALIUM_SUBSET.md allows
CB_INDEX = re.compile(r"^(?:::)?(?:tt::)?CBIndex::c_(\d+)$")
KERNEL_ARTIFACTS = ("reader.cpp", "compute.cpp", "writer.cpp")
HOST_ARTIFACT = "main.cpp"
PLAN_ARTIFACT = "tt.plan.json"
ARTIFACTS = (*KERNEL_ARTIFACTS, HOST_ARTIFACT, PLAN_ARTIFACT)


def cb_role(cb_id: int) -> str:
    """Metalium convention: c_0..c_15 inputs, c_16..c_23 outputs, c_24 and up intermediates (the
    ranges are declared once, in ``ttmigrate.ops.kernel_api.CB_ID_RANGES``)."""
    return kernel_api.cb_role(cb_id)


@dataclass(frozen=True)
class Loop:
    id: str
    var: str
    start: str
    trip_count: str
    step: str
    line: int
    trip_expr: Expr = field(compare=False, repr=False)
    start_expr: Expr = field(compare=False, repr=False)
    step_expr: Expr = field(compare=False, repr=False)

    def comparable(self) -> dict[str, str]:
        # start and step are folded into the uses of the induction variable (see extract/statements.py)
        return {"var": self.var, "trip_count": self.trip_count}


@dataclass(frozen=True)
class Event:
    kind: str  # "call" | "loop" | "assign" | "decl" | "if" | "else" | "return" | "stmt"
    name: str  # API function, loop id, local name or statement kind
    args: tuple[str, ...]
    scope: tuple[str, ...]  # ids of the enclosing loops and branches, outermost first
    line: int
    exprs: tuple[Expr, ...] = field(compare=False, repr=False)

    @property
    def key(self) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
        """Identity for sequence comparison (no line number)."""
        return (self.kind, self.name, self.args, self.scope)

    @property
    def api(self) -> str:
        """Function name without template arguments."""
        return self.name.split("<", 1)[0]

    def describe_short(self) -> str:
        return self.api if self.kind == "call" else self.describe()

    def describe(self) -> str:
        if self.kind == "call":
            return f"{self.name}({', '.join(self.args)})"
        if self.kind == "loop":
            return f"loop {self.name}"
        if self.kind == "assign":
            return f"{self.name} {' '.join(self.args)}"
        return f"{self.kind} {self.name} {' '.join(self.args)}".strip()


@dataclass(frozen=True)
class ArgUse:
    index: int
    meaning: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class CbUse:
    cb_id: int
    role: str
    symbols: tuple[str, ...]
    apis: tuple[str, ...]


@dataclass
class KernelModel:
    artifact: str
    entry: str
    includes: tuple[str, ...]
    constants: dict[str, str]
    cbs: dict[int, CbUse]
    runtime_args: dict[int, ArgUse]
    compile_time_args: dict[int, ArgUse]
    loops: dict[str, Loop]
    events: tuple[Event, ...]
    # Some get_arg_val index is not a constant: the set of arguments read is unknown.
    runtime_args_dynamic: bool = False

    def comparable(self) -> dict[str, Any]:
        """Everything that has meaning, nothing that is a name or a line number (the L4 test).

        constexpr locals are not listed: they are inlined into every use, which is where they matter.
        """
        return {
            "entry": self.entry,
            "includes": sorted(self.includes),
            "cbs": {cb: {"role": use.role, "apis": list(use.apis)} for cb, use in sorted(self.cbs.items())},
            "runtime_args": {i: list(arg.meaning) for i, arg in sorted(self.runtime_args.items())},
            "compile_time_args": {i: list(arg.meaning) for i, arg in sorted(self.compile_time_args.items())},
            "loops": {loop_id: loop.comparable() for loop_id, loop in self.loops.items()},
            "events": [
                [event.kind, event.name, list(event.args), list(event.scope)] for event in self.events
            ],
        }


@dataclass(frozen=True)
class HostBuffer:
    index: int
    name: str
    size: str
    page_size: str
    buffer_type: str
    line: int

    def comparable(self) -> dict[str, str]:
        return {"size": self.size, "page_size": self.page_size, "buffer_type": self.buffer_type}


@dataclass(frozen=True)
class HostCb:
    cb_id: int
    total_size: str
    page_size: str
    data_format: str
    line: int

    def comparable(self) -> dict[str, str]:
        return {"total_size": self.total_size, "page_size": self.page_size, "data_format": self.data_format}


@dataclass(frozen=True)
class HostKernel:
    file: str  # the artifact the CreateKernel path resolves to (programs.py)
    config: str  # canonical rendering of the DataMovementConfig / ComputeConfig initialiser
    cores: tuple[tuple[int, int], ...]
    line: int
    path: str = ""  # the path as the host writes it
    compile_args: tuple[Expr, ...] = field(default=(), compare=False, repr=False)
    compile_args_known: bool = True  # False when the list is built in ways the model cannot count
    defines: tuple[tuple[str, str], ...] = ()  # the config's `.defines`, for the kernel's preprocessor


@dataclass(frozen=True)
class HostRuntimeArgs:
    kernel: str  # kernel file
    core: tuple[int, int]
    args: tuple[str, ...]
    line: int
    exprs: tuple[Expr, ...] = field(compare=False, repr=False)


@dataclass
class HostModel:
    artifact: str
    body: KernelModel  # the generic model of main(): host API events in order
    buffers: tuple[HostBuffer, ...]
    cbs: dict[int, HostCb]
    kernels: dict[str, HostKernel]
    runtime_args: dict[str, dict[tuple[int, int], HostRuntimeArgs]]

    def comparable(self) -> dict[str, Any]:
        return {
            "includes": sorted(self.body.includes),
            "events": self.body.comparable()["events"],
            "buffers": [buffer.comparable() for buffer in self.buffers],
            "cbs": {cb: config.comparable() for cb, config in sorted(self.cbs.items())},
            "kernels": {
                name: {"config": k.config, "cores": len(k.cores)} for name, k in sorted(self.kernels.items())
            },
            "runtime_args": {
                kernel: {f"{x},{y}": list(call.args) for (x, y), call in sorted(per_core.items())}
                for kernel, per_core in sorted(self.runtime_args.items())
            },
        }
