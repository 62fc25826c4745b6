"""What the kernel-model walker carries: its state while it walks a body, the loop frames a call
hook sees, and the one error it raises."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ttmigrate.compare.expr import Call, Expr, Lit
from ttmigrate.compare.model import Event, Loop

# the end of an argument list whose further entries the model cannot count (see
# statements.KernelExtractor._appended)
UNKNOWN_TAIL: Expr = Lit("...")


class ExtractError(ValueError):
    """The artifact parses but has no shape the model understands (e.g. no entry point)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


# A call hook lets the host extractor interpret host API calls while the generic walker runs; it
# returns a replacement expression for the call's value (e.g. a buffer handle) or None.
CallHook = Callable[[Call, int, tuple["LoopFrame", ...]], Expr | None]


@dataclass(frozen=True)
class LoopFrame:
    depth: int
    start: Expr
    trip: Expr
    step: Expr


@dataclass
class WalkState:
    """The scopes, events, loops and tables of one walk, shared by the expression and statement
    methods."""

    scopes: list[dict[str, Expr]] = field(default_factory=lambda: [{}])
    mutated: set[str] = field(default_factory=set)
    locals_count: int = 0
    events: list[Event] = field(default_factory=list)
    loops: dict[str, Loop] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    cb_symbols: dict[int, set[str]] = field(default_factory=dict)
    arg_lines: dict[str, dict[int, int]] = field(default_factory=lambda: {"arg": {}, "ctarg": {}})
    # get_arg_val(i) with an index the model cannot fold: which arguments are read is then unknown
    dynamic_arg_reads: bool = False
    scope_ids: list[str] = field(default_factory=list)
    frames: list[LoopFrame] = field(default_factory=list)
    # per open scope, how many loops ("L") and branches ("B") it holds so far: names the next child
    child_counts: list[dict[str, int]] = field(default_factory=lambda: [{}])
    # helper functions being inlined (innermost last) and the value each one returned
    inlining: list[str] = field(default_factory=list)
    declared_in_loops: dict[str, int] = field(default_factory=dict)  # name -> loop depth of its declaration
    returns: list[Expr | None] = field(default_factory=list)
