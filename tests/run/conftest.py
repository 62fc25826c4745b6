"""The run tests reuse the synthetic results of tests/report (`report.synthetic`, `report.browser`);
with --import-mode=importlib nothing puts tests/ on sys.path, so this does, once."""

from __future__ import annotations

import sys
from pathlib import Path

_TESTS = str(Path(__file__).resolve().parents[1])
if _TESTS not in sys.path:
    sys.path.append(_TESTS)
