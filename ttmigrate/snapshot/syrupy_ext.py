"""syrupy glue: a single-file, text-mode extension that stores each golden at
``snapshots/<family>/<kernel>/<mode>/<artifact>``, compares content only (headers apart), shows a
unified diff, and writes atomically (never in CI).

syrupy's own unused-snapshot detection matches files to tests by the test module's name, which
this layout does not carry; discovery is therefore switched off here, and orphans are found by
:mod:`ttmigrate.snapshot.pytest_plugin` instead.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from syrupy.data import SnapshotCollection, SnapshotCollections
from syrupy.extensions.base import AbstractSyrupyExtension
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from ttmigrate.snapshot.cases import case_id_from_nodeid
from ttmigrate.snapshot.header import content_of_any
from ttmigrate.snapshot.layout import GoldenKey, ensure_writable, relpath, snapshot_root
from ttmigrate.snapshot.store import write_golden

if TYPE_CHECKING:
    from syrupy.location import PyTestLocation
    from syrupy.types import SerializableData, SerializedData, SnapshotIndex


def golden_key(test_location: PyTestLocation, index: SnapshotIndex = 0) -> GoldenKey:
    """The test id is the golden's path; a string index (``name=``) replaces the file name."""
    case = case_id_from_nodeid(test_location.nodeid)
    key = GoldenKey.parse(case) if case else None
    if key is None:
        raise ValueError(f"{test_location.nodeid}: not a snapshot test id (family/kernel/mode/artifact)")
    return key.with_name(index) if isinstance(index, str) else key


class GoldenSnapshotExtension(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = ""
    # Set from --snapshot-update: when updating, a header-only difference is rewritten too.
    compare_headers: ClassVar[bool] = False

    def serialize(self, data: SerializableData, **_: Any) -> SerializedData:
        if not isinstance(data, str):
            raise TypeError(f"golden snapshots are text, got {type(data).__name__}")
        return data

    def matches(self, *, serialized_data: SerializableData, snapshot_data: SerializableData) -> bool:
        if self.compare_headers:
            return bool(serialized_data == snapshot_data)
        return content_of_any(str(serialized_data)) == content_of_any(str(snapshot_data))

    def diff_lines(self, serialized_data: SerializedData, snapshot_data: SerializedData) -> Iterator[str]:
        old = content_of_any(str(snapshot_data)).splitlines()
        new = content_of_any(str(serialized_data)).splitlines()
        yield from difflib.unified_diff(old, new, fromfile="golden", tofile="current", lineterm="")

    @classmethod
    def get_snapshot_name(cls, *, test_location: PyTestLocation, index: SnapshotIndex = 0) -> str:
        return AbstractSyrupyExtension.get_snapshot_name(test_location=test_location, index=index)

    @classmethod
    def get_location(cls, *, test_location: PyTestLocation, index: SnapshotIndex) -> str:
        return str(golden_key(test_location, index).path(snapshot_root()))

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        return str(snapshot_root())

    @classmethod
    def discovery_dirname(cls, *, test_location: PyTestLocation) -> str:
        return str(snapshot_root())

    @classmethod
    def matches_test_location(cls, *, test_location: PyTestLocation, snapshot_location: str) -> bool:
        case = case_id_from_nodeid(test_location.nodeid)
        return (
            case is not None
            and Path(snapshot_location).parent
            == Path(cls.get_location(test_location=test_location, index=0)).parent
        )

    def discover_snapshots(self, **_: Any) -> SnapshotCollections:
        return SnapshotCollections()  # orphans: see ttmigrate.snapshot.pytest_plugin

    def delete_snapshots(self, *, snapshot_location: str, snapshot_names: set[str]) -> None:
        ensure_writable()
        Path(snapshot_location).unlink(missing_ok=True)

    @classmethod
    def write_snapshot_collection(
        cls, *, snapshot_collection: SnapshotCollection, name_order: dict[str, int] | None = None
    ) -> None:
        root = snapshot_root()
        location = Path(snapshot_collection.location)
        key = GoldenKey.parse(relpath(root, location))
        data = next(iter(snapshot_collection)).data
        if key is None or not isinstance(data, str):
            raise ValueError(f"{location}: not a golden location under {root}")
        write_golden(root=root, key=key, text=data)
