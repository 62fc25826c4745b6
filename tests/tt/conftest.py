"""The lowering tests share hand-built kernels and IR helpers (``tt_kernels``); pytest runs with
``--import-mode=importlib``, which does not put a test directory on ``sys.path``, so do it here."""

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
