"""Event trees and their execution order, shared by the rules that simulate a kernel.

The model stores events flat with their enclosing scope; rules that follow the protocol state
(reserve/push, wait/pop, DST registers) need the tree back and an execution order. A loop body is
replayed twice (once when its trip count is the constant 1, never when it is 0) so that state
carried from one iteration to the next is checked; branches contribute their `then` side only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ttmigrate.compare import expr as E
from ttmigrate.compare.model import Event, KernelModel


@dataclass
class Block:
    event: Event | None  # the loop / branch header; None for the kernel body
    children: list[Block | Event] = field(default_factory=list)


def event_tree(events: Sequence[Event]) -> Block:
    root = Block(None)
    stack: list[tuple[str | None, Block]] = [(None, root)]
    for event in events:
        target = event.scope[-1] if event.scope else None
        while len(stack) > 1 and stack[-1][0] != target:
            stack.pop()
        parent = stack[-1][1]
        if event.kind in ("loop", "if", "else"):
            block = Block(event)
            parent.children.append(block)
            stack.append((event.name, block))
        else:
            parent.children.append(event)
    return root


def execution(model: KernelModel) -> Iterator[Event]:
    """Events in a plausible execution order (see module docstring)."""
    yield from _run(event_tree(model.events), model)


def _run(block: Block, model: KernelModel) -> Iterator[Event]:
    for child in block.children:
        if isinstance(child, Event):
            yield child
            continue
        header = child.event
        assert header is not None
        if header.kind == "else":
            continue
        if header.kind == "loop":
            trip = E.as_int(model.loops[header.name].trip_expr)
            repeats = 2 if trip is None or trip >= 2 else trip
        else:
            repeats = 1
        for _ in range(repeats):
            yield from _run(child, model)
