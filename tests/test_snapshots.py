"""Golden snapshots: every corpus kernel x emitter mode x artifact, normalised, one file each.

Goldens live at snapshots/<family>/<kernel>/<mode>/<artifact>; see docs/REVIEWING.md for the
reviewer's workflow (`pytest --snapshot-update`, `ttmigrate snapshot review`).
"""

from __future__ import annotations

import pytest

from ttmigrate.snapshot.cases import SnapshotCase, session_cases
from ttmigrate.snapshot.pytest_plugin import Golden

CASES = session_cases()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_snapshot(case: SnapshotCase, golden: Golden) -> None:
    target = golden.target(case)
    assert target.snapshot == target.text
