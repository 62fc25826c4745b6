"""The parent <-> worker wire format: length-prefixed pickles on a private pipe.

The pipe is not the worker's stdout or stderr, so whatever kernel code prints cannot corrupt it.
"""

from __future__ import annotations

import pickle
import struct
from dataclasses import dataclass, field
from typing import Any, BinaryIO

_HEADER = struct.Struct("!Q")


@dataclass(frozen=True, kw_only=True)
class Job:
    """One kernel for a worker: everything it needs to load the file and run its stages."""

    path: str
    name: str
    family: str
    source_hash: str
    snapshot_root: str
    expected_divergences: dict[str, str] = field(default_factory=dict)
    manifest: str | None = None  # a manifest kernel instance: reloaded from it by name
    emulate: bool = True  # False: no emulation (the fuzzer at scale)
    emit_only: bool = False  # True: stop each mode after emission (the fuzzer at scale)


@dataclass(frozen=True, kw_only=True)
class StageStarted:
    """Sent when the worker enters a stage; the parent starts that stage's clock."""

    stage: str  # load | emit | normalize | snapshot | check | emulate | compare
    mode: str | None = None


@dataclass(frozen=True, kw_only=True)
class JobDone:
    result: Any  # KernelResult


def write_message(stream: BinaryIO, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def read_message(stream: BinaryIO) -> object | None:
    """The next message, or None at end of stream."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)


class FrameBuffer:
    """Reassembles messages from the non-blocking reads of the parent."""

    def __init__(self) -> None:
        self._data = bytearray()

    def feed(self, chunk: bytes) -> list[object]:
        self._data += chunk
        out: list[object] = []
        while len(self._data) >= _HEADER.size:
            (size,) = _HEADER.unpack_from(self._data)
            end = _HEADER.size + size
            if len(self._data) < end:
                break
            out.append(pickle.loads(bytes(self._data[_HEADER.size : end])))
            del self._data[:end]
        return out
