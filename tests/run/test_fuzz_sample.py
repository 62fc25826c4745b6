"""A bounded, seeded sample of scripts/fuzz_kernels.py: every mutant ends as a result (ok or a named
error), never a crash, hang, unexpected signal or silent exit. (The 10,000-mutant figures are in
the README; this keeps the property checked on every test run.)"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "fuzz_kernels.py"


def test_a_seeded_sample_of_mutants_has_no_crash_hang_signal_or_silent_exit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = importlib.util.spec_from_file_location("fuzz_kernels", SCRIPT)
    assert spec is not None and spec.loader is not None
    fuzz = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "fuzz_kernels", fuzz)  # its dataclasses look their module up
    spec.loader.exec_module(fuzz)
    # The sample plants 3 endless loops (at import, in a reference); each spins until its stage's
    # CPU limit. 1 CPU s is several times what loading a corpus kernel or computing its NumPy
    # reference takes, so a loop is still told from a slow stage, for 3 s of CPU instead of 11.
    code = fuzz.main(["--n", "40", "--seed", "15", "--jobs", "2", "--emulate-every", "0", "--full-every", "8",
                      "--kernel-code-limit", "1", "--out", str(tmp_path)])  # fmt: skip
    report = json.loads((tmp_path / "fuzz-report.json").read_text())
    assert report["done"] == 40
    assert {k: v for k, v in report["outcomes"].items() if k not in ("ok", "clean-error")} == {
        "crash": 0, "hang": 0, "signal": 0, "silent-exit": 0,
    }, report["problems"]  # fmt: skip
    assert len(report["by_class"]) >= 6  # the sample spans most mutation classes
    assert code == 0
