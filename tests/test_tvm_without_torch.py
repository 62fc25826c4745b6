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


@pytest.mark.skipif(not TORCH, reason="torch is not installed: there is nothing for TVM to import")
def test_the_stages_import_tvm_without_torch_and_a_reference_still_gets_it(tmp_path: Path) -> None:
    lines = _probe(
        """
        import sys
        import ttmigrate.emit, ttmigrate.compare, ttmigrate.corpus, ttmigrate.run.pipeline
        import tvm, tvm_ffi
        from tvm.script import tirx as T
        print("tvm", "tvm" in sys.modules, "torch", "torch" in sys.modules)
        import torch  # what a kernel's torch reference does, after TVM
        print("sum", torch.ones(3).sum().item())
        """,
        tmp_path,
    )
    assert lines == ["tvm True torch False", "sum 3.0"], lines


def test_tvm_still_works_with_what_it_imports(tmp_path: Path) -> None:
    """The finder refuses only torch: TVMScript parses and structural equality holds."""
    lines = _probe(
        """
        import ttmigrate
        import tvm_ffi
        from tvm.script import tirx as T

        @T.prim_func
        def f(a: T.Buffer((4,), "float32")):
            for i in range(4):
                a[i] = a[i] + T.float32(1)

        print(tvm_ffi.structural_equal(f, f), type(f).__name__)
        """,
        tmp_path,
    )
    assert lines == ["True PrimFunc"], lines


def test_torch_imported_first_is_left_alone(tmp_path: Path) -> None:
    """A program that imports torch before ttmigrate keeps it, and TVM sees it as it would."""
    if not TORCH:
        pytest.skip("torch is not installed")
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
