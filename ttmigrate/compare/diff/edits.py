"""The typed edits a comparison finds: what differs between two models, with its values, in no words.

The diff modules (`tables`, `events`, `host`, `plan`) return these; `ttmigrate.compare.words`
phrases each one, and root causes group on `Edit.key`. A key names the kind of edit and its subject
(the API, the field, the kernel, the side) and none of its numbers (ids, counts, lines, values), so
"loop L0 trip count arg[1] vs 8" and "loop L1 trip count arg[2] vs 4" are one cause, and a changed
operand 0 of `cb_wait_front` is another cause than a changed operand 1.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Literal

from ttmigrate.compare.expr import Expr
from ttmigrate.compare.model import Event

Side = Literal["left", "right"]
_LOCAL = re.compile(r"\bv\d+\b")  # a local of the model: v0, v1, ...
ArgKind = Literal["runtime", "compile-time"]
Core = tuple[int, int]


@dataclass(frozen=True)
class Edit(ABC):
    """One difference. `category` is the stable kebab-case section name results and reports use."""

    @property
    @abstractmethod
    def category(self) -> str: ...

    # The key, as str.format over the edit's fields (a tuple field reads as its items joined by commas).
    key_format: ClassVar[str]

    @property
    def key(self) -> str:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        joined = {name: ",".join(map(str, v)) if isinstance(v, tuple) else v for name, v in values.items()}
        return self.key_format.format(**joined)

    @property
    def lines(self) -> tuple[int | None, int | None]:
        """(left line, right line), where the edit has one on that side."""
        return None, None

    @property
    def op(self) -> str | None:
        """The edit-script operation of an event edit: insert, delete, change or move."""
        return None

    @property
    def values_agree(self) -> bool | None:
        """For a change of values: do both sides take the same values at run time (None: unknown)?"""
        return None


@dataclass(frozen=True)
class Lined(Edit, ABC):
    left_line: int | None
    right_line: int | None

    @property
    def lines(self) -> tuple[int | None, int | None]:
        return self.left_line, self.right_line


# ---- the kernel's tables -----------------------------------------------------------------------
@dataclass(frozen=True)
class EntryChanged(Edit):
    left: str
    right: str
    category = "entry"
    key_format = "entry"


@dataclass(frozen=True)
class IncludeOnlyOn(Edit):
    include: str
    side: Side
    category = "include"
    key_format = "include:{include}:only-{side}"


@dataclass(frozen=True)
class CbRenumbered(Edit):
    """A CB used the same way on both sides under another id."""

    left_cb: int
    right_cb: int
    apis: tuple[str, ...]
    category = "circular-buffer"
    key_format = "circular-buffer:renumbered:{apis}"


@dataclass(frozen=True)
class CbOnlyOn(Edit):
    cb: int
    role: str
    side: Side
    category = "circular-buffer"
    key_format = "circular-buffer:only-{side}:{role}"


@dataclass(frozen=True)
class CbApisOnlyOn(Edit):
    """APIs that use a CB on one side only."""

    cb: int
    apis: tuple[str, ...]  # sorted
    side: Side
    category = "circular-buffer"
    key_format = "circular-buffer:apis-only-{side}:{apis}"


@dataclass(frozen=True)
class ArgOnlyOn(Lined):
    kind: ArgKind
    index: int
    meaning: tuple[str, ...]
    side: Side

    @property
    def category(self) -> str:
        return f"{self.kind}-arg"

    key_format = "{kind}-arg:only-{side}"


@dataclass(frozen=True)
class ArgMeaningChanged(Lined):
    kind: ArgKind
    index: int
    left: tuple[str, ...]
    right: tuple[str, ...]

    @property
    def category(self) -> str:
        return f"{self.kind}-arg"

    key_format = "{kind}-arg:meaning"


@dataclass(frozen=True)
class LoopOnlyOn(Lined):
    loop: str
    var: str
    side: Side
    category = "loop"
    key_format = "loop:only-{side}"


@dataclass(frozen=True)
class LoopFieldChanged(Lined):
    """A loop's field (its induction variable, its trip count) differs.

    `left_args`/`right_args` are the runtime arguments each host sets to one value on every core,
    (index, value), so the words can say what an `arg[i]` in the value is."""

    loop: str
    var: str
    field: str
    left: str
    right: str
    left_args: tuple[tuple[int, int], ...]
    right_args: tuple[tuple[int, int], ...]
    agree: bool | None  # trip counts: equal on every core?
    category = "loop"
    key_format = "loop:{field}"

    @property
    def values_agree(self) -> bool | None:
        return self.agree


# ---- the event sequence ------------------------------------------------------------------------
def subject(event: Event) -> str:
    """What an event edit is about: a call's function (template arguments included: another
    instantiation is another cause), the object of a method call read as `v` (the model numbers
    locals v0, v1, ... in order of appearance), else the event's kind (a loop's position, an
    assigned local's name and subscript are numbers and generated names)."""
    return _LOCAL.sub("v", event.name) if event.kind == "call" else event.kind


@dataclass(frozen=True)
class Neighbour:
    """Where an event sits: after the event before it, else before the one after it, else alone."""

    relation: Literal["after", "before", "alone"]
    event: Event | None


@dataclass(frozen=True)
class Crossing:
    """The unchanged events a moved event moved across (at most three)."""

    relation: Literal["before", "after"]
    events: tuple[Event, ...]


@dataclass(frozen=True)
class EventMoved(Lined):
    left: Event
    right: Event
    crossing: Crossing | None
    left_neighbour: Neighbour
    right_neighbour: Neighbour
    category = "event"
    op = "move"

    @property
    def key(self) -> str:
        return f"event:move:{subject(self.left)}"


@dataclass(frozen=True)
class EventDeleted(Lined):
    event: Event
    neighbour: Neighbour
    category = "event"
    op = "delete"

    @property
    def key(self) -> str:
        return f"event:delete:{subject(self.event)}"


@dataclass(frozen=True)
class EventInserted(Lined):
    event: Event
    neighbour: Neighbour
    category = "event"
    op = "insert"

    @property
    def key(self) -> str:
        return f"event:insert:{subject(self.event)}"


@dataclass(frozen=True)
class ElementChange:
    """One changed value inside an operand: `path` the element indices into braced lists (empty for
    the operand itself), `left`/`right` None where the element exists on the other side only."""

    path: tuple[int, ...]
    left: Expr | None
    right: Expr | None


@dataclass(frozen=True)
class OperandChange:
    index: int
    elements: tuple[ElementChange, ...]
    agree: bool | None  # does the operand take the same values on every core and iteration?


@dataclass(frozen=True)
class EventChanged(Lined):
    """The same event (API, loop position) with other operands, operand count or scope."""

    left: Event
    right: Event
    operands: tuple[OperandChange, ...]
    category = "event"
    op = "change"

    @property
    def count_changed(self) -> bool:
        return len(self.left.args) != len(self.right.args)

    @property
    def scope_changed(self) -> bool:
        return self.left.scope != self.right.scope

    @property
    def values_agree(self) -> bool | None:
        verdicts = [operand.agree for operand in self.operands]
        if False in verdicts:
            return False
        if verdicts and None not in verdicts and not (self.count_changed or self.scope_changed):
            return True
        return None

    @property
    def key(self) -> str:
        what = [
            f"operand-{'.'.join(map(str, (o.index, *e.path)))}" for o in self.operands for e in o.elements
        ]
        what += ["operand-count"] * self.count_changed + ["scope"] * self.scope_changed
        return f"event:change:{subject(self.left)}:{','.join(what)}"


# ---- the host ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class BufferCountChanged(Edit):
    left: int
    right: int
    category = "buffer"
    key_format = "buffer:count"


@dataclass(frozen=True)
class FieldChanged(Lined, ABC):
    """A field of a host object that both sides create, with another value."""

    field: str
    left: str
    right: str


@dataclass(frozen=True)
class BufferFieldChanged(FieldChanged):
    index: int
    category = "buffer"
    key_format = "buffer:{field}"


@dataclass(frozen=True)
class HostCbOnlyOn(Lined):
    cb: int
    side: Side
    category = "host-cb"
    key_format = "host-cb:only-{side}"


@dataclass(frozen=True)
class HostCbFieldChanged(FieldChanged):
    cb: int
    category = "host-cb"
    key_format = "host-cb:{field}"


@dataclass(frozen=True)
class KernelOnlyOn(Lined):
    kernel: str
    side: Side
    category = "kernel"
    key_format = "kernel:only-{side}:{kernel}"


@dataclass(frozen=True)
class KernelConfigChanged(Lined):
    kernel: str
    left: str  # the canonical renderings of the kernel's config initialiser
    right: str
    category = "kernel"
    key_format = "kernel:config:{kernel}"


@dataclass(frozen=True)
class KernelCoresChanged(Lined):
    kernel: str
    left: int  # core counts
    right: int
    category = "kernel"
    key_format = "kernel:cores:{kernel}"


@dataclass(frozen=True)
class CoreSet:
    """Some of the cores a kernel's runtime arguments are set on, out of `total`."""

    cores: tuple[Core, ...]
    total: int


@dataclass(frozen=True)
class RuntimeArgsOnlyOn(Lined):
    kernel: str
    side: Side
    cores: CoreSet
    category = "host-runtime-args"
    key_format = "host-runtime-args:{kernel}:only-{side}"


@dataclass(frozen=True)
class RuntimeArgsCountChanged(Lined):
    """Cores where the two sides set another number of values; `sample` is the first of them."""

    kernel: str
    left: tuple[str, ...]  # the values on the sample core
    right: tuple[str, ...]
    cores: CoreSet
    sample: Core
    category = "host-runtime-args"
    key_format = "host-runtime-args:{kernel}:count"


@dataclass(frozen=True)
class RuntimeArgChanged(Lined):
    """Cores where one argument position holds another value; `sample` is the first of them."""

    kernel: str
    position: int
    left: str  # the value on the sample core
    right: str
    cores: CoreSet
    sample: Core
    category = "host-runtime-args"
    key_format = "host-runtime-args:{kernel}:argument-{position}"


# ---- the plan ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlanChanged(Edit):
    """One change of the plan document at a JSON path (`left`/`right` absent on an add/remove)."""

    path: tuple[Any, ...]
    change: Literal["added", "removed", "changed"]
    left: Any
    right: Any
    category = "plan"

    @property
    def key(self) -> str:
        # list positions are numbers: the same field of another array element is the same cause
        path = "".join("[*]" if isinstance(p, int) else f"[{p}]" for p in self.path)
        return f"plan:{self.change}:{path}"


# ---- what could not be compared as models ------------------------------------------------------
@dataclass(frozen=True)
class ArtifactOnlyOn(Edit):
    side: Side
    category = "missing"
    key_format = "missing:only-{side}"


@dataclass(frozen=True)
class TextsDiffer(Edit):
    """An artifact kind with no semantic comparison."""

    category = "text"
    key_format = "text"


@dataclass(frozen=True)
class NotAnalysable(Edit):
    """A side that does not parse or format; `error` is the tool's message, whole."""

    error: str
    category = "syntax"
    key_format = "syntax"


@dataclass(frozen=True)
class ModelDiffers(Edit):
    """A model difference no section phrases: one line of deepdiff's report."""

    text: str
    category = "model"
    key_format = "model"
