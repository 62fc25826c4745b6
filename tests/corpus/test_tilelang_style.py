"""Acceptance: the TileLang-style kernel files of tests/data/tilelang_style/, listed by their
manifest, run unmodified through `ttmigrate run --manifest` with real lowering, emitters, g++ and
the emulator, with torch installed and with torch made unimportable."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ttmigrate.cli import main

ACCEPTANCE = Path(__file__).resolve().parents[1] / "data" / "tilelang_style"
# The corpus's reduction family is not emitted by ir_driven yet (tt.reduce needs a generated scaler
# tile); the TileLang-style kernels of that family must be refused with that named construct, or
# be correct once ir_driven covers it. Every other kernel is in a family ir_driven covers.
NUMPY_REFERENCE_KERNELS = {"elementwise_mul_256", "row_sum_128x256"}
IR_CORRECT = {"parity", "improved", "diverged"}

CLI = "from ttmigrate.cli import main; main()"
# Makes `torch` unimportable in every interpreter of the run, the isolated kernel workers included
# (they are fresh `python -m` processes): find_spec("torch") is None and `import torch` fails, as on a
# machine without torch.
NO_TORCH_SITECUSTOMIZE = "import sys\nsys.modules['torch'] = None\n"


def _torch_installed() -> bool:
    # Looked up, not imported: importing torch here would cost every xdist worker its import
    # (about 1.7 CPU s) at collection; the runs that need it import it in their own workers.
    return importlib.util.find_spec("torch") is not None


@pytest.fixture(scope="module")
def sim_cache(shared_cache_dir: Path) -> Path:
    """The session's cache root (tests/conftest.py), shared by both runs (the artifacts are the same)
    and with the rest of the suite: the emulator runtime is built once per session, not once more
    here. The stage cache tells the two runs apart (its key names whether torch is importable)."""
    return shared_cache_dir


def _run(out: Path, cache: Path, *extra: str, without_torch: bool = False) -> dict[str, Any]:
    args = ["run", "--manifest", str(ACCEPTANCE / "ttmigrate.toml"), "--out-dir", str(out),
            "--snapshots", str(out / "snapshots"), *extra]  # fmt: skip
    if without_torch:
        # Its own interpreter: torch must be unimportable in the parent too, which this process
        # (torch imported) cannot be.
        env = dict(os.environ, TTMIGRATE_CACHE_DIR=str(cache))
        site = out / "no-torch-site"
        site.mkdir(parents=True)
        (site / "sitecustomize.py").write_text(NO_TORCH_SITECUSTOMIZE)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(site), env.get("PYTHONPATH", "")) if p)
        done = subprocess.run(
            [sys.executable, "-c", CLI, *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=900,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    else:
        # In this process (the kernels still run in the run's worker processes): the subject is
        # what the run writes, and a second interpreter would only import TVM once more.
        assert os.environ.get("TTMIGRATE_CACHE_DIR") == str(cache)
        outcome = CliRunner().invoke(main, args)
        assert outcome.exit_code == 0, outcome.output
    results: dict[str, Any] = json.loads((out / "results.json").read_text())
    return {k["name"]: k for k in results["kernels"]}


def _ir(kernel: dict[str, Any]) -> dict[str, Any]:
    mode: dict[str, Any] = kernel["modes"]["ir_driven"]
    return mode


@pytest.mark.skipif(not _torch_installed(), reason="torch is not installed (pip install 'ttmigrate[torch]')")
def test_with_torch_ir_driven_is_correct_on_every_covered_kernel(tmp_path: Path, sim_cache: Path) -> None:
    kernels = _run(tmp_path, sim_cache, "--jobs", "2")
    assert len({k["path"] for k in kernels.values()}) >= 10
    for name, kernel in kernels.items():
        assert kernel["category"] in IR_CORRECT, f"{name}: {kernel['category']}: {kernel['reason']}"
        assert _ir(kernel)["emulation"]["status"] == "correct", name


def test_without_torch_torch_references_are_no_reference(tmp_path: Path, sim_cache: Path) -> None:
    kernels = _run(tmp_path, sim_cache, without_torch=True)
    assert len(kernels) >= 15
    for name, kernel in kernels.items():
        ir = _ir(kernel)
        if name in NUMPY_REFERENCE_KERNELS:
            assert kernel["category"] in IR_CORRECT, f"{name}: {kernel['reason']}"
            continue
        # Emitted, checked and diffed, run on the emulator, but never judged correct.
        assert kernel["category"] == "no-reference", f"{name}: {kernel['category']}: {kernel['reason']}"
        assert "uses torch, which is not installed" in kernel["reason"]
        assert ir["status"] == "emitted" and ir["artifacts"] and kernel["parity"]
        assert ir["emulation"]["status"] == "no-reference"
