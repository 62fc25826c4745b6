"""The one error an emitter raises for IR it cannot print (never a placeholder, never a fallback),
and `Unsupported`, the record of a refusal that results, goldens and reports keep."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ttmigrate.tt.diagnostics import LoweringError


@dataclass(frozen=True)
class Unsupported:
    """Why an emitter, or the lowering it needs, refused a kernel.

    ``construct`` is what was refused in TileLang terms, ``node_kind`` the TIR node type (or
    ``lowering``), ``location`` where it sits (a path through the lowered TVMScript, e.g.
    ``main/For(wu)/SeqStmt[3]``), ``message`` the whole sentence."""

    construct: str
    node_kind: str
    location: str
    message: str


class UnsupportedConstruct(Exception):
    """The IR-driven emitter met something it cannot emit (fields as in `Unsupported`)."""

    def __init__(self, *, node_kind: str, construct: str, location: str, kernel: str = "") -> None:
        self.node_kind = node_kind
        self.construct = construct
        self.location = location
        self.kernel = kernel
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.kernel}: " if self.kernel else ""
        return f"{where}unsupported {self.node_kind} at {self.location}: {self.construct}"

    def with_kernel(self, kernel: str) -> UnsupportedConstruct:
        return UnsupportedConstruct(
            node_kind=self.node_kind, construct=self.construct, location=self.location, kernel=kernel
        )

    @property
    def record(self) -> Unsupported:
        return Unsupported(
            construct=self.construct, node_kind=self.node_kind, location=self.location, message=str(self)
        )


def lowering_refusal(error: LoweringError) -> Unsupported:
    """A kernel the TT lowering refused: the emitters never saw it, so no mode can emit it."""
    return Unsupported(
        construct="lowering: " + ", ".join(sorted(set(error.kinds))),
        node_kind="lowering",
        location=error.diagnostics[0].location,
        message=str(error),
    )
