"""local_files: the project modules a kernel file imports (directly, from a function body, through
another project module, relatively inside a package) and the files its code reads, and nothing of the
installation or ttmigrate."""

from __future__ import annotations

import compileall
import hashlib
import importlib
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from ttmigrate.corpus.local_files import file_digest, kernel_code, local_files, recording, unchanged


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A project folder on sys.path with uniquely named modules, removed from sys.modules after."""
    tag = tmp_path.name.replace("-", "_")
    root = tmp_path / "project"
    (root / f"pkg_{tag}").mkdir(parents=True)
    (root / f"helpers_{tag}.py").write_text(f"from pkg_{tag}.shapes import BLOCK\nSCALE = 2.0\n")
    (root / f"pkg_{tag}" / "__init__.py").write_text("")
    (root / f"pkg_{tag}" / "shapes.py").write_text("from .units import TILE\nBLOCK = 2 * TILE\n")
    (root / f"pkg_{tag}" / "units.py").write_text("TILE = 32\n")
    (root / f"lazy_{tag}.py").write_text("OFFSET = 1\n")
    (root / f"unused_{tag}.py").write_text("NOTHING = 0\n")
    (root / "kernel.py").write_text(
        "import json\n"
        "import numpy as np\n"
        "from ttmigrate.frontend import T\n"
        f"from helpers_{tag} import SCALE\n"
        "def reference(a):\n"
        f"    import lazy_{tag}\n"
        f"    return a * SCALE + lazy_{tag}.OFFSET\n"
    )
    monkeypatch.syspath_prepend(str(root))
    yield root
    for name in [n for n in sys.modules if n.endswith(tag)]:
        del sys.modules[name]


def _run_kernel_code(root: Path) -> None:
    spec = importlib.util.spec_from_file_location(f"kernel_{root.parent.name}", root / "kernel.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.reference(1.0)


def test_the_project_modules_the_kernel_code_imported_are_named_with_their_digests(project: Path) -> None:
    _run_kernel_code(project)
    tag = project.parent.name.replace("-", "_")
    found = local_files(project / "kernel.py")
    expected = [
        project / f"helpers_{tag}.py",  # from helpers import SCALE
        project / f"lazy_{tag}.py",  # imported in a function body, by the reference
        project / f"pkg_{tag}" / "__init__.py",  # through helpers: from pkg.shapes import BLOCK
        project / f"pkg_{tag}" / "shapes.py",
        project / f"pkg_{tag}" / "units.py",  # a relative import inside the package
    ]
    assert list(found) == sorted(str(p.resolve()) for p in expected)  # not json, numpy, ttmigrate, unused
    assert found[str((project / f"helpers_{tag}.py").resolve())] == file_digest(project / f"helpers_{tag}.py")


def test_a_module_another_kernel_imported_first_is_still_named(project: Path) -> None:
    # A worker runs many kernels: the helper is in sys.modules before this kernel's code runs, so it
    # is never seen being imported; the kernel's import statement still names it.
    tag = project.parent.name.replace("-", "_")
    importlib.import_module(f"helpers_{tag}")
    _run_kernel_code(project)
    assert str((project / f"pkg_{tag}" / "units.py").resolve()) in local_files(project / "kernel.py")


def _digest_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_a_module_edited_after_its_import_keeps_the_digest_it_was_imported_with(project: Path) -> None:
    # The module in memory is the one imported: an edit after the import, during this kernel's run
    # or between two kernels of a worker, must not be recorded as what they were built from.
    tag = project.parent.name.replace("-", "_")
    units = project / f"pkg_{tag}" / "units.py"
    with recording() as first:
        with kernel_code():
            _run_kernel_code(project)
        units.write_text("TILE = 16\n")  # during the run, after the import
        found = local_files(project / "kernel.py", opened=first)
    assert found[str(units.resolve())] == _digest_of("TILE = 32\n") and not unchanged(found)
    with recording() as second:  # the next kernel of the same worker: everything is imported already
        with kernel_code():
            _run_kernel_code(project)
        assert str(units.resolve()) not in second.read
        again = local_files(project / "kernel.py", opened=second)
    assert again[str(units.resolve())] == _digest_of("TILE = 32\n")


def test_a_module_imported_from_its_bytecode_is_recorded_by_its_source(project: Path) -> None:
    tag = project.parent.name.replace("-", "_")
    # the bytecode an earlier import would have cached (written here also under PYTHONDONTWRITEBYTECODE)
    assert compileall.compile_dir(project, quiet=1)
    shapes = (project / f"pkg_{tag}" / "shapes.py").resolve()
    with recording() as opened:
        with kernel_code():
            _run_kernel_code(project)  # imports from __pycache__ now
        found = local_files(project / "kernel.py", opened=opened)
    assert importlib.util.cache_from_source(str(shapes)) in opened.read
    assert str(shapes) not in opened.read  # the source itself was not opened ...
    assert opened.digests[shapes] == file_digest(shapes)  # ... yet its digest was taken at the import
    assert not any(name.endswith(".pyc") for name in found)


def test_a_file_edited_after_the_kernel_code_read_it_keeps_the_digest_it_was_read_with(tmp_path: Path) -> None:
    data = tmp_path / "scale.txt"
    data.write_text("1.0\n")
    kernel = tmp_path / "kernel.py"
    kernel.write_text("")
    with recording() as opened:
        with kernel_code():
            assert data.read_text() == "1.0\n"
        data.write_text("2.0\n")  # by the tool or another process: not the kernel code
    found = local_files(kernel, opened=opened)
    assert found == {str(data.resolve()): _digest_of("1.0\n")} and not unchanged(found)


def test_a_module_not_imported_is_not_followed(project: Path) -> None:
    # before the kernel code runs, nothing it names is in sys.modules under those names
    assert local_files(project / "kernel.py") == {}


def test_unchanged_fails_on_an_edited_or_missing_module(project: Path) -> None:
    _run_kernel_code(project)
    found = local_files(project / "kernel.py")
    assert unchanged(found)
    tag = project.parent.name.replace("-", "_")
    units = project / f"pkg_{tag}" / "units.py"
    units.write_text("TILE = 16\n")
    assert not unchanged(found)
    units.unlink()
    assert not unchanged(found)
    assert unchanged({})


def test_the_files_kernel_code_reads_are_named_and_nothing_else(tmp_path: Path) -> None:
    data = tmp_path / "expected.npy"
    np.save(data, np.arange(4.0))
    scratch = tmp_path / "scratch.txt"
    untouched = tmp_path / "elsewhere.txt"
    untouched.write_text("read by ttmigrate, not by kernel code\n")
    metadata = tmp_path / "helper-1.0.dist-info" / "METADATA"
    metadata.parent.mkdir()
    metadata.write_text("Name: helper\n")
    kernel = tmp_path / "kernel.py"
    kernel.write_text("# the kernel file itself is in its source hash already\n")
    with recording() as opened:
        untouched.read_text()  # outside kernel_code(): the tool's own reads
        with kernel_code():
            np.load(data)
            scratch.write_text("written by the kernel, not an input\n")
            scratch.read_text()
            kernel.read_text()
            json.loads((Path(json.__file__).parent / "__init__.py").read_text() and "{}")  # stdlib
            Path("/proc/self/maps").read_text()  # torch reads it at import; it differs on every read
            metadata.read_text()  # a package's metadata (importlib.metadata): versions are in the key
    assert local_files(kernel, opened=opened) == {str(data.resolve()): file_digest(data)}
    with kernel_code():
        untouched.read_text()  # no recording(): nothing is collected
    assert str(untouched) not in opened.read


def test_recordings_nest_and_a_reference_that_reads_is_seen_by_the_harness(tmp_path: Path) -> None:
    from ttmigrate.emulate.harness import _run_reference
    from ttmigrate.emulate.model import TensorSpec

    scale = tmp_path / "scale.txt"
    scale.write_text("2.0\n")

    def reference(A: np.ndarray) -> dict[str, np.ndarray]:
        return {"C": A * float(scale.read_text())}

    tensors = [
        TensorSpec(name="A", shape=(2, 2), dtype="float32", role="input"),
        TensorSpec(name="C", shape=(2, 2), dtype="float32", role="output"),
    ]
    with recording() as outer:
        with recording() as inner:
            _run_reference(reference, {"A": np.ones((2, 2), np.float32)}, tensors)
        assert str(scale) in inner.read and str(scale) not in outer.read


def test_a_failure_inside_the_audit_hook_never_reaches_the_kernel_codes_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ttmigrate.corpus.local_files as module

    def broken(*_args: object) -> None:
        raise RuntimeError("a bug in the recorder")

    monkeypatch.setattr(module, "_record", broken)
    data = tmp_path / "data.txt"
    data.write_text("42\n")
    with recording() as opened, kernel_code():
        assert data.read_text() == "42\n"
    assert opened.read == set()
