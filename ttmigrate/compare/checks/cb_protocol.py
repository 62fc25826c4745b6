"""Per-kernel CB protocol, by simulating the event order (see walk.py):

- reserve-before-push: cb_push_back(cb, n) needs n pages reserved by cb_reserve_back and not yet pushed;
- wait-before-pop: cb_pop_front(cb, n) needs n pages made visible by cb_wait_front and not yet popped;
- reserve-before-pack: each pack_tile(dst, cb) since the last push needs a reserved page in cb;
- barrier-before-push: a CB filled by a NoC read (noc_async_read_page/_tile, noc_async_read) is
  pushed only after noc_async_read_barrier;
- barrier-before-pop: a CB drained by a NoC write (noc_async_write_page/_tile, noc_async_write) is
  popped only after noc_async_write_barrier.
"""

from __future__ import annotations

from ttmigrate.compare import expr as E
from ttmigrate.compare.checks.transfers import l1_cbs, transfer_of
from ttmigrate.compare.checks.walk import execution
from ttmigrate.compare.finding import Finding
from ttmigrate.compare.model import Event, KernelModel

# The rules this check reports (the list above).
CB_PROTOCOL_RULES = frozenset(
    {
        "reserve-before-push",
        "wait-before-pop",
        "reserve-before-pack",
        "barrier-before-push",
        "barrier-before-pop",
    }
)
_MANY = 1 << 30  # pages made available by a reserve / wait of a count the model cannot evaluate


def check_cb_protocol(model: KernelModel) -> list[Finding]:
    reserved: dict[int, int] = {}
    waited: dict[int, int] = {}
    packed: dict[int, int] = {}
    pending_reads: dict[int, Event] = {}
    pending_writes: dict[int, Event] = {}
    found: dict[tuple[str, int], Finding] = {}

    def report(rule: str, event: Event, message: str) -> None:
        found.setdefault(
            (rule, event.line), Finding(model.artifact, event.line, rule, f"{model.artifact}: {message}")
        )

    for event in execution(model):
        if event.kind != "call":
            continue
        api, args = event.api, event.exprs
        cb = args[0].value if args and isinstance(args[0], E.Cb) else None
        count = E.as_int(args[1]) if len(args) > 1 else None
        # a page count the model cannot evaluate (a runtime argument): reserving or waiting for it
        # makes "enough" pages available to the calls before the matching push / pop
        symbolic = len(args) > 1 and count is None
        if api == "cb_reserve_back" and cb is not None:
            reserved[cb] = max(reserved.get(cb, 0), _MANY if symbolic else count or 1)
        elif api == "cb_push_back" and cb is not None:
            n = count or 1
            if reserved.get(cb, 0) < n:
                report(
                    "reserve-before-push",
                    event,
                    f"cb_push_back(c_{cb}, {n}) at line {event.line} without {n} page(s) reserved by cb_reserve_back",
                )
            if cb in pending_reads:
                read = pending_reads[cb]
                report(
                    "barrier-before-push",
                    event,
                    f"cb_push_back(c_{cb}) at line {event.line} before noc_async_read_barrier completes the "
                    f"{read.api} at line {read.line}",
                )
            reserved[cb] = 0 if symbolic else max(reserved.get(cb, 0) - n, 0)
            packed[cb] = 0
        elif api == "cb_wait_front" and cb is not None:
            waited[cb] = max(waited.get(cb, 0), _MANY if symbolic else count or 1)
        elif api == "cb_pop_front" and cb is not None:
            n = count or 1
            if waited.get(cb, 0) < n:
                report(
                    "wait-before-pop",
                    event,
                    f"cb_pop_front(c_{cb}, {n}) at line {event.line} without {n} page(s) made visible by cb_wait_front",
                )
            if cb in pending_writes:
                write = pending_writes[cb]
                report(
                    "barrier-before-pop",
                    event,
                    f"cb_pop_front(c_{cb}) at line {event.line} before noc_async_write_barrier completes the "
                    f"{write.api} at line {write.line}",
                )
            waited[cb] = 0 if symbolic else max(waited.get(cb, 0) - n, 0)
        elif api == "pack_tile" and len(args) > 1 and isinstance(args[1], E.Cb):
            out = args[1].value
            packed[out] = packed.get(out, 0) + 1
            if packed[out] > reserved.get(out, 0):
                report(
                    "reserve-before-pack",
                    event,
                    f"pack_tile into c_{out} at line {event.line} without a page reserved by cb_reserve_back(c_{out})",
                )
        elif (transfer := transfer_of(event)) is not None:
            pending = pending_reads if transfer.direction == "read" else pending_writes
            for target in l1_cbs(event, transfer):
                pending[target] = event
        elif api == "noc_async_read_barrier":
            pending_reads.clear()
        elif api == "noc_async_write_barrier":
            pending_writes.clear()
        elif api == "noc_async_full_barrier":
            pending_reads.clear()
            pending_writes.clear()
    for write in pending_writes.values():
        report(
            "barrier-before-pop",
            write,
            f"{write.api} at line {write.line} is never completed by noc_async_write_barrier",
        )
    for read in pending_reads.values():
        report(
            "barrier-before-push",
            read,
            f"{read.api} at line {read.line} is never completed by noc_async_read_barrier",
        )
    return sorted(found.values(), key=Finding.sort_key)
