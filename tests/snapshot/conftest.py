"""Setup for the snapshot tool's own tests.

- The recorded source ``fake_source`` is imported by module name, here and by the subprocesses the
  tests start (``TTMIGRATE_SNAPSHOT_SOURCE=fake_source:make_source``), so its folder is put on
  sys.path whatever ``--import-mode`` is in use.
- These tests write temporary snapshot trees; under a CI job (``$CI`` set) every snapshot write is
  refused, so each test starts with ``$CI`` cleared and sets it itself where CI behaviour is the
  subject.
"""

import sys
from pathlib import Path

import pytest

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)


@pytest.fixture(autouse=True)
def _not_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
