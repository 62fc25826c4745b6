"""The syrupy extension's own hooks: where goldens go, content-only matching, the diff."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from ttmigrate.snapshot.cases import case_id_from_nodeid
from ttmigrate.snapshot.header import Provenance, join_golden
from ttmigrate.snapshot.syrupy_ext import GoldenSnapshotExtension, golden_key

PROV = Provenance("corpus/gemm/gemm_128.py", "ab" * 32, "template", "0.1.0", "23.1.5", "cd" * 32)
NODEID = "tests/test_snapshots.py::test_snapshot[gemm/gemm_128/template/reader.cpp]"


def location(nodeid: str = NODEID) -> Any:
    return SimpleNamespace(nodeid=nodeid)


def test_case_id_from_nodeid() -> None:
    assert case_id_from_nodeid(NODEID) == "gemm/gemm_128/template/reader.cpp"
    assert case_id_from_nodeid("tests/other/test_snapshots.py::test_other[x]") is None
    assert case_id_from_nodeid("tests/test_x.py::test_snapshot[a/b/c/d]") is None


def test_location_follows_the_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TTMIGRATE_SNAPSHOT_ROOT", str(tmp_path))
    loc = location()
    assert GoldenSnapshotExtension.get_location(test_location=loc, index=0) == str(
        tmp_path / "gemm/gemm_128/template/reader.cpp"
    )
    assert GoldenSnapshotExtension.get_location(test_location=loc, index="UNSUPPORTED") == str(
        tmp_path / "gemm/gemm_128/template/UNSUPPORTED"
    )
    with pytest.raises(ValueError, match="not a snapshot test id"):
        golden_key(location("tests/test_snapshots.py::test_snapshot[gemm/x]"))


def test_matches_content_only_unless_updating(monkeypatch: pytest.MonkeyPatch) -> None:
    ext = GoldenSnapshotExtension()
    other = Provenance(PROV.source_path, "ef" * 32, "template", "0.1.0", "23.1.5", "cd" * 32)
    for name, body in (("reader.cpp", "int a;\n"), ("tt.plan.json", '{\n  "a": 1\n}\n')):
        old = join_golden(provenance=PROV, body=body, name=name)
        drifted = join_golden(provenance=other, body=body, name=name)
        changed = join_golden(provenance=PROV, body=body.replace("a", "b"), name=name)
        assert ext.matches(serialized_data=drifted, snapshot_data=old)
        assert not ext.matches(serialized_data=changed, snapshot_data=old)
        monkeypatch.setattr(GoldenSnapshotExtension, "compare_headers", True)
        assert not ext.matches(serialized_data=drifted, snapshot_data=old)
        assert ext.matches(serialized_data=old, snapshot_data=old)
        monkeypatch.setattr(GoldenSnapshotExtension, "compare_headers", False)


def test_diff_is_unified_over_content() -> None:
    ext = GoldenSnapshotExtension()
    old = join_golden(provenance=PROV, body="a;\nb;\n", name="reader.cpp")
    new = join_golden(provenance=PROV, body="a;\nc;\n", name="reader.cpp")
    assert list(ext.diff_lines(new, old)) == [
        "--- golden",
        "+++ current",
        "@@ -1,2 +1,2 @@",
        " a;",
        "-b;",
        "+c;",
    ]


def test_only_text_is_accepted() -> None:
    with pytest.raises(TypeError, match="golden snapshots are text"):
        GoldenSnapshotExtension().serialize(b"bytes")
