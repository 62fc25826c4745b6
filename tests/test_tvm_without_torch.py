"""TVM's own optional imports of torch are refused (`ttmigrate.tvm_without_torch`); anyone else's
`import torch` (a kernel's reference) still works in the same process. Fresh interpreters: this one
may have imported torch already."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

TORCH = importlib.util.find_spec("torch") is not None


def _probe(code: str, folder: Path) -> list[str]:
    script = folder / "probe.py"  # a file, not -c: TVMScript reads the decorated function's source
    script.write_text(textwrap.dedent(code))
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=False, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.splitlines()


# One interpreter for both tests below (each is a fresh import of TVM, about 1.5 CPU s).
STAGES_THEN_TORCH = """
import sys
import ttmigrate.emit, ttmigrate.compare, ttmigrate.corpus, ttmigrate.run.pipeline
import tvm_ffi
from tvm.script import tirx as T

@T.prim_func
def f(a: T.Buffer((4,), "float32")):
    for i in range(4):
        a[i] = a[i] + T.float32(1)

print("tvmscript", tvm_ffi.structural_equal(f, f), type(f).__name__)
print("torch after the stages", "torch" in sys.modules)
try:
    import torch  # what a kernel's torch reference does, after TVM
except ImportError:
    print("torch not installed")
else:
    print("sum", torch.ones(3).sum().item())
"""


@pytest.fixture(scope="module")
def stages_then_torch(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return _probe(STAGES_THEN_TORCH, tmp_path_factory.mktemp("probe"))


@pytest.mark.skipif(not TORCH, reason="torch is not installed: there is nothing for TVM to import")
def test_the_stages_import_tvm_without_torch_and_a_reference_still_gets_it(
    stages_then_torch: list[str],
) -> None:
    assert stages_then_torch[1:] == ["torch after the stages False", "sum 3.0"], stages_then_torch


def test_tvm_still_works_with_what_it_imports(stages_then_torch: list[str]) -> None:
    """The finder refuses only torch: TVMScript parses and structural equality holds."""
    assert stages_then_torch[0] == "tvmscript True PrimFunc", stages_then_torch


@pytest.mark.skipif(not TORCH, reason="torch is not installed")
def test_torch_imported_first_is_left_alone(tmp_path: Path) -> None:
    """A program that imports torch before ttmigrate keeps it, and TVM sees it as it would."""
    lines = _probe(
        """
        import torch
        import ttmigrate.emit
        import tvm_ffi._convert as convert
        print(convert.torch is torch)
        """,
        tmp_path,
    )
    assert lines == ["True"], lines
