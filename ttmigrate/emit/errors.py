"""The one error an emitter raises for IR it cannot print (never a placeholder, never a fallback)."""

from __future__ import annotations


class UnsupportedConstruct(Exception):
    """The IR-driven emitter met something it cannot emit.

    ``node_kind`` is the TIR node type, ``construct`` what it is in TileLang terms, ``location``
    where it sits (a path through the lowered TVMScript, e.g. ``main/For(wu)/SeqStmt[3]``).
    """

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
