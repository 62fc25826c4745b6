"""What the kernel does next with a buffer's value, read off the ``tt.*`` annotations in order.

An element-wise block larger than DST is computed chunk by chunk and every chunk is packed: into
the buffer's output CB when the next thing done with the value is its write to DRAM (the writer
drains it, as tt-metal's softmax packs its last step straight into ``cb_out0``), else into a CB
that holds the whole block for the ops that read it. Only a write in the same loop body, with
nothing reading the buffer in between, counts: across a loop boundary the next iteration may read
the value again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ttmigrate.tt import contract
from ttmigrate.tt.contract import CopyOp


@dataclass(frozen=True)
class Step:
    node: Any  # the AttrStmt
    info: Any  # its decoded annotation
    scope: tuple[int, ...]  # the loops and branches around it, innermost last


def annotation_steps(body: Any) -> list[Step]:
    """The ``tt.*`` annotations of ``body`` in program order."""
    steps: list[Step] = []
    scopes = iter(range(1, 1 << 30))

    def visit(node: Any, scope: tuple[int, ...]) -> None:
        kind = type(node).__name__
        if kind == "SeqStmt":
            for child in node.seq:
                visit(child, scope)
        elif kind == "AttrStmt" and str(node.attr_key).startswith("tt."):
            key = str(node.attr_key)
            steps.append(Step(node=node, info=contract.decode(key, node.node), scope=scope))
        elif kind in ("AttrStmt", "LetStmt"):
            visit(node.body, scope)
        elif kind in ("For", "While"):
            visit(node.body, (*scope, next(scopes)))
        elif kind == "IfThenElse":
            visit(node.then_case, (*scope, next(scopes)))
            if node.else_case is not None:
                visit(node.else_case, (*scope, next(scopes)))

    visit(body, ())
    return steps


def written_next(steps: list[Step], node: Any, name: str) -> bool:
    """True when the step after ``node`` that touches buffer ``name`` is its write to DRAM, in the
    same scope (loop body or branch) as ``node``."""
    index = next((i for i, s in enumerate(steps) if s.node.same_as(node)), None)
    if index is None:
        return False
    scope = steps[index].scope
    for step in steps[index + 1 :]:
        if step.scope != scope:
            return False
        info = step.info
        if isinstance(info, CopyOp):
            if str(info.cb.name) == name:
                return info.direction == "write"
        elif not isinstance(info, contract.ReadsModelled):
            return False  # an annotation whose reads are not modelled here: assume it reads the value
        elif str(info.writes.name) == name or name in info.reads:
            return False
    return False
