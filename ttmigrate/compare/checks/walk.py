"""Event trees and their execution order, shared by the rules that simulate a kernel.

The model stores events flat with their enclosing scope; rules that follow the protocol state
(reserve/push, wait/pop, DST registers) need the tree back and an execution order. A loop body is
replayed twice (once when its trip count is the constant 1, never when it is 0) so that state
carried from one iteration to the next is checked; branches contribute their `then` side only.

The deprecated `acquire_dst()` / `release_dst()` pair (api/compute/reg_api.h) holds DST for math and
pack at once: acquire_dst is tile_regs_acquire on the math side and tile_regs_wait on the pack side,
release_dst is tile_regs_commit + tile_regs_release. The execution order spells them in the four
step protocol so the DST rule checks one protocol: acquire_dst -> tile_regs_acquire; the first pack
(or release_dst) in the section -> tile_regs_commit, tile_regs_wait; release_dst -> tile_regs_release.
The synthetic steps carry the line of the call they stand for.
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
    yield from _desugar_dst(_run(event_tree(model.events), model))


def _step(event: Event, name: str) -> Event:
    return Event(kind="call", name=name, args=(), scope=event.scope, line=event.line, exprs=())


def _desugar_dst(events: Iterator[Event]) -> Iterator[Event]:
    held = False  # inside acquire_dst .. release_dst
    committed = False
    for event in events:
        api = event.api if event.kind == "call" else ""
        if api == "acquire_dst":
            held, committed = True, False
            yield _step(event, "tile_regs_acquire")
        elif api == "release_dst":
            if not held:
                yield _step(event, "tile_regs_release")  # unbalanced: the DST rule names it
                continue
            if not committed:
                yield _step(event, "tile_regs_commit")
                yield _step(event, "tile_regs_wait")
            yield _step(event, "tile_regs_release")
            held = committed = False
        elif api == "pack_tile" and held and not committed:
            yield _step(event, "tile_regs_commit")
            yield _step(event, "tile_regs_wait")
            committed = True
            yield event
        else:
            yield event


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
