"""`ttmigrate run --manifest` lists the manifest's kernels without running kernel code in the parent:
a factory that segfaults or hangs is that kernel's named error from its worker, a file that
segfaults while its autotune configs are read is that entry's named error, and the run goes on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from ttmigrate.cli import main
from ttmigrate.run.runner import load_manifest_entries

MARK = 'import pathlib\npathlib.Path(__file__).with_suffix(".imported").write_text("x")\n'
SEGV_FACTORY = MARK + "def make(M):\n    import os, signal\n    os.kill(os.getpid(), signal.SIGSEGV)\n"
LOOP_FACTORY = MARK + "def make(M):\n    while True:\n        pass\n"
SEGV_AT_IMPORT = "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n"
MANIFEST = """
[[kernel]]
name = "segv"
path = "segv.py"
factory = "make"
args = { M = 32 }

[[kernel]]
name = "loop"
path = "loop.py"
factory = "make"
[[kernel.params]]
M = 32
[[kernel.params]]
M = 64

[[kernel]]
name = "tuned"
path = "tuned.py"
factory = "make"
autotune = true
"""


def _manifest(root: Path) -> Path:
    (root / "segv.py").write_text(SEGV_FACTORY)
    (root / "loop.py").write_text(LOOP_FACTORY)
    (root / "tuned.py").write_text(SEGV_AT_IMPORT)
    (root / "ttmigrate.toml").write_text(MANIFEST)
    return root / "ttmigrate.toml"


def test_discovery_runs_no_kernel_code_in_the_parent(tmp_path: Path) -> None:
    manifest = _manifest(tmp_path)
    entries, _root = load_manifest_entries(manifest)
    assert [e.info.name for e in entries] == ["segv", "loop_M32", "loop_M64", "tuned"]
    assert not list(tmp_path.glob("*.imported")), "a kernel file was imported in the parent"
    assert [e.broken is None for e in entries] == [True, True, True, False]
    tuned = entries[-1].broken or ""
    assert "autotune configs was killed by SIGSEGV" in tuned and "tuned.py" in tuned
    assert all(len(e.info.source_hash) == 64 for e in entries[:3])


def test_discovery_imports_no_tvm_in_the_parent(tmp_path: Path) -> None:
    """Naming the kernels is TOML and hashing: the parent leaves TVM (about a second) to the workers."""
    probe = (
        "import sys\nfrom pathlib import Path\nfrom ttmigrate.run.runner import load_manifest_entries\n"
        f"entries, _ = load_manifest_entries(Path({str(_manifest(tmp_path))!r}))\n"
        "print(len(entries), sorted(m for m in ('tvm', 'tvm_ffi', 'torch') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "4 []", done.stdout + done.stderr


def test_a_crashing_or_hanging_factory_is_that_kernels_error(tmp_path: Path) -> None:
    manifest = _manifest(tmp_path)
    out = tmp_path / "out"
    # --stage-timeout is CPU time, which each looping factory burns in full before it is named (a
    # factory's load is a few lines: 0.5 s is ample); a fresh worker's own start (importing TVM) is
    # its startup stage, outside this limit. The run is in this process: the kernel code runs, and
    # crashes or hangs, in the run's worker processes, which is what is tested.
    done = CliRunner().invoke(
        main,
        ["run", "--manifest", str(manifest), "--out-dir", str(out), "--snapshots", str(out / "snapshots"),
         "-j", "2", "--stage-timeout", "0.5", "--no-cache"],
    )  # fmt: skip
    results = json.loads((out / "results.json").read_text())
    kernels = {k["name"]: k for k in results["kernels"]}
    assert sorted(kernels) == ["loop_M32", "loop_M64", "segv", "tuned"], done.output
    first = {name: k["errors"][0] for name, k in kernels.items()}
    assert all(k["category"] == "error" for k in kernels.values())
    assert first["segv"]["kind"] == "WorkerSignal" and "SIGSEGV" in first["segv"]["message"]
    assert first["segv"]["stage"] == "load"
    for name in ("loop_M32", "loop_M64"):
        assert first[name]["kind"] == "WorkerTimeout" and first[name]["stage"] == "load"
    assert first["tuned"]["kind"] == "KernelLoadError" and "SIGSEGV" in first["tuned"]["message"]
