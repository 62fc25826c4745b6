"""The caches: a warm run reports an unchanged kernel fully without running it (re-judged against
today's goldens and config), the key follows the code, one object per distinct translation unit, and
each C++ text is formatted once per process."""

from __future__ import annotations

import hashlib
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import ttmigrate.normalize as normalize
from ttmigrate.config import Config
from ttmigrate.corpus.local_files import file_digest
from ttmigrate.emulate import build
from ttmigrate.emulate.programs import load_cases
from ttmigrate.report.model import KernelResult, RunMeta, RunResults, ToolError, to_data
from ttmigrate.run.cache import LOOKUP_TIMING, StageCache, cacheable, package_digest
from ttmigrate.run.pipeline import KernelInfo
from ttmigrate.run.runner import CorpusEntry, _reusable, load_entries, run

REPO = Path(__file__).resolve().parents[2]
PROGRAMS = REPO / "tests" / "data" / "programs"


def _without_timings(kernel: KernelResult) -> dict:
    data = to_data(kernel)
    data.pop("timings")
    for mode in data["modes"].values():
        mode.pop("timings")
    return data


def test_warm_run_takes_unchanged_kernels_from_the_cache_and_rejudges_them(tmp_path: Path) -> None:
    entries, root = load_entries(REPO / "corpus")
    snapshots = tmp_path / "snapshots"
    shutil.copytree(REPO / "snapshots" / "eltwise" / "add_32", snapshots / "eltwise" / "add_32")
    cache = StageCache.for_run(root=tmp_path / "cache")

    def once(out: str, config: Config) -> KernelResult:
        # In this process (the real stages, no worker): the cold run is the same work either way,
        # and isolation is tests/run/test_isolation.py's subject; a worker would import TVM again.
        outcome = run(
            selectors=["add_32"], out_dir=tmp_path / out, config=config, snapshot_root=snapshots,
            entries=entries, corpus_root=root, cache=cache, isolate=False,
        )  # fmt: skip
        (kernel,) = outcome.results.kernels
        return kernel

    plain = Config(path=tmp_path / "pyproject.toml")
    cold = once("cold", plain)
    assert LOOKUP_TIMING not in cold.timings and "emulate" in cold.modes["ir_driven"].timings
    warm = once("warm", plain)
    assert LOOKUP_TIMING in warm.timings
    assert _without_timings(warm) == _without_timings(cold)
    assert set(warm.modes["ir_driven"].snapshot.values()) == {"match"}
    # goldens and the expected-divergence list are outside the key: a hit is judged against today's
    golden = snapshots / "eltwise" / "add_32" / "ir_driven" / "compute.cpp"
    golden.write_text(golden.read_text() + "// edited\n")
    listed = Config(path=tmp_path / "pyproject.toml", expected_divergences={"add_32": "a reason"})
    rejudged = once("rejudged", listed)
    assert LOOKUP_TIMING in rejudged.timings
    assert rejudged.modes["ir_driven"].snapshot["compute.cpp"] == "changed"
    assert rejudged.expected_divergence == "a reason"
    off = StageCache.for_run(root=tmp_path / "cache", enabled=False)
    assert off.lookup(
        family="eltwise", name="add_32", path=cold.path, source_hash=cold.source_hash, snapshot_root=snapshots,
        snapshot_status=lambda **_: {}, expected_divergences={},
    ) is None  # fmt: skip


def test_results_with_tool_errors_or_load_dependent_faults_are_not_kept(tmp_path: Path) -> None:
    cache = StageCache.for_run(root=tmp_path)
    failed = KernelResult(name="k", family="f", errors=[ToolError("emit", "RuntimeError", "boom", "log")])
    assert not cacheable(failed) and not cache.store(failed)
    assert cacheable(KernelResult(name="k", family="f")) and cache.store(KernelResult(name="k", family="f"))


def test_the_code_fingerprint_follows_every_package_file(tmp_path: Path) -> None:
    copy = tmp_path / "pkg"
    shutil.copytree(REPO / "ttmigrate" / "emulate" / "include", copy)
    before = package_digest(copy)
    assert package_digest(copy) == before
    header = next(copy.rglob("*.h"))
    header.write_text(header.read_text() + "\n// changed\n")
    assert package_digest(copy) != before


def _unique(artifacts: dict[str, str], tag: str, name: str = "main.cpp") -> dict[str, str]:
    """The program with a comment unique to this test run in one file: new to the session cache."""
    return {**artifacts, name: artifacts[name] + f"\n// {tag}\n"}


def _objects(artifacts: dict[str, str], root: Path) -> dict[str, Path]:
    """source file -> the object file its unit compiles to in the cache at `root`."""
    sources = build.program_sources(artifacts)
    runtime = build.runtime_for(root)
    return {
        unit.source_name: root / build.OBJECTS_DIR / f"{build._unit_key(unit, sources, runtime)}.o"
        for unit in build._units(sources)
    }


def test_an_identical_kernel_file_is_compiled_once_across_programs(tmp_path: Path) -> None:
    # The session's cache (the runtime is built once per session); uniqueness comes from the content.
    root = build.default_cache_dir()
    case = load_cases(PROGRAMS / "cases.json")["eltwise_add_100x200"]
    first = _unique(case.artifacts, f"{tmp_path} first", name="reader.cpp")
    assert build.build_program(artifacts=first, cache_dir=root).binary is not None
    objects = _objects(first, root)
    assert all(path.exists() for path in objects.values())
    stamps = {name: path.stat().st_ino for name, path in objects.items()}
    # another program with the same kernel files and another host: only its main.cpp is compiled
    second = _unique(first, f"{tmp_path} second")
    built = build.build_program(artifacts=second, cache_dir=root)
    assert built.binary is not None and not built.cache_hit
    again = _objects(second, root)
    assert again["main.cpp"] != objects["main.cpp"] and again["main.cpp"].exists()
    for name in ("reader.cpp", "compute.cpp", "writer.cpp"):
        assert again[name] == objects[name] and again[name].stat().st_ino == stamps[name]


def test_no_cache_compiles_afresh_and_keeps_the_object_cache_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build.default_cache_dir()
    case = load_cases(PROGRAMS / "cases.json")["eltwise_add_100x200"]
    program = _unique(case.artifacts, f"{tmp_path} no cache", name="writer.cpp")
    monkeypatch.setenv(build.NO_CACHE_ENV, "1")
    result = build.build_program(artifacts=program, cache_dir=root)
    again = build.build_program(artifacts=program, cache_dir=root)
    assert result.binary is not None and result.binary.exists() and not again.cache_hit
    assert not (root / "programs" / result.key).exists()
    assert not any(path.exists() for name, path in _objects(program, root).items() if name == "writer.cpp")


def test_each_text_is_formatted_once_per_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[int] = []
    real = normalize.format_cpp_batch

    def counting(*, sources: list[str], labels: list[str] | None = None) -> list[str]:
        calls.append(len(sources))
        return real(sources=sources, labels=labels)

    monkeypatch.setattr(normalize, "format_cpp_batch", counting)
    unique = f"int  f_{abs(hash(str(tmp_path)))}( ) {{ return 1; }}\n"
    first = normalize.normalize_cpp_many(texts=[unique, "int g();\n"])
    assert normalize.normalize_cpp_many(texts=[unique]) == first[:1]
    assert normalize.normalize_cpp_many(texts=["int g();\n", unique]) == first[::-1]
    assert len(calls) == 1


def test_a_hit_is_classified_exactly_as_the_fresh_result_was(tmp_path: Path) -> None:
    from report.synthetic import kernel, levels

    from ttmigrate.run.stages import snapshot_status

    expected = {"eltwise_diverged": "a reason"}
    fresh = kernel(
        "eltwise_diverged", family="eltwise", parity=levels(compute_cpp="divergent"), expected=expected
    )
    assert fresh.category == "diverged"
    cache = StageCache.for_run(root=tmp_path)
    assert cache.store(fresh)
    hit = cache.lookup(
        family=fresh.family, name=fresh.name, path=fresh.path, source_hash=fresh.source_hash,
        snapshot_root=tmp_path / "snapshots", snapshot_status=snapshot_status, expected_divergences=expected,
    )  # fmt: skip
    assert hit is not None
    assert (hit.category, hit.reason, hit.root_cause, hit.expected_divergence) == (
        fresh.category, fresh.reason, fresh.root_cause, fresh.expected_divergence,
    )  # fmt: skip


def test_the_fingerprint_follows_whether_torch_is_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    """A torch reference is `no-reference` without torch: installing (or removing) torch must not
    reuse results judged the other way."""
    from ttmigrate.run import cache

    monkeypatch.setattr(cache, "_optional_framework", lambda name: "2.13.0")
    with_torch = cache.fingerprint()
    monkeypatch.setattr(cache, "_optional_framework", lambda name: "absent")
    assert cache.fingerprint() != with_torch


def test_a_blocked_torch_reads_as_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from ttmigrate.run.cache import _optional_framework

    monkeypatch.setitem(sys.modules, "torch", None)
    assert _optional_framework("torch") == "absent"


def _scaled_add_32(tmp_path: Path, *, scale_source: str) -> Callable[[str], KernelResult]:
    """add_32 whose reference multiplies by SCALE, which `scale_source` (a line of the kernel file)
    takes from outside the file; returns a run of it (in this process, one stage cache)."""
    corpus = tmp_path / "corpus" / "eltwise"
    corpus.mkdir(parents=True)
    source = (REPO / "corpus" / "eltwise" / "add_32.py").read_text()
    source = source.replace("import numpy as np\n", f"import numpy as np\n{scale_source}\n")
    source = source.replace('return {"C": A.astype', 'return {"C": SCALE * A.astype')
    source = source.replace("+ B.astype(np.float32)}", "+ SCALE * B.astype(np.float32)}")
    assert source.count("SCALE") == 3
    (corpus / "add_32.py").write_text(source)
    snapshots = tmp_path / "snapshots"
    shutil.copytree(REPO / "snapshots" / "eltwise" / "add_32", snapshots / "eltwise" / "add_32")
    entries, root = load_entries(tmp_path / "corpus")
    cache = StageCache.for_run(root=tmp_path / "cache")

    def once(out: str) -> KernelResult:
        outcome = run(
            selectors=["add_32"], out_dir=tmp_path / out, config=Config(path=tmp_path / "pyproject.toml"),
            snapshot_root=snapshots, entries=entries, corpus_root=root, cache=cache, isolate=False,
        )  # fmt: skip
        (kernel,) = outcome.results.kernels
        return kernel

    return once


def _verdict(kernel: KernelResult) -> str:
    emulation = kernel.modes["ir_driven"].emulation
    assert emulation is not None
    return emulation.status


def test_a_change_to_a_project_module_the_kernel_imports_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kernel's file is unchanged, its helper is not: the stored result must not be reused."""
    helper_name = f"add_scale_{tmp_path.name.replace('-', '_')}"
    helpers = tmp_path / "project"
    helpers.mkdir()
    helper = helpers / f"{helper_name}.py"
    helper.write_text("SCALE = 1.0\n")
    monkeypatch.syspath_prepend(str(helpers))
    run_once = _scaled_add_32(tmp_path, scale_source=f"from {helper_name} import SCALE")

    def once(out: str) -> KernelResult:
        # a new run imports the helper afresh, as each run's workers do (here: in this process)
        monkeypatch.delitem(sys.modules, helper_name, raising=False)
        return run_once(out)

    cold = once("cold")
    assert cold.local_files == {str(helper.resolve()): file_digest(helper)}
    assert _verdict(cold) == "correct"
    assert LOOKUP_TIMING in once("warm").timings  # unchanged helper: a hit
    helper.write_text("SCALE = 2.0\n")  # the reference now doubles the sum the program computes
    edited = once("edited")
    assert LOOKUP_TIMING not in edited.timings and _verdict(edited) == "wrong"
    assert edited.local_files == {str(helper.resolve()): file_digest(helper)}
    helper.unlink()  # a helper gone: a miss too (the kernel then fails to load, and says so)
    gone = once("gone")
    assert LOOKUP_TIMING not in gone.timings and gone.category == "error"


def test_a_change_to_a_data_file_the_kernel_reads_is_a_miss(tmp_path: Path) -> None:
    data = tmp_path / "scale.txt"
    data.write_text("1.0\n")
    once = _scaled_add_32(tmp_path, scale_source=f"SCALE = float(open({str(data)!r}).read())")
    cold = once("cold")
    assert cold.local_files == {str(data.resolve()): file_digest(data)} and _verdict(cold) == "correct"
    assert LOOKUP_TIMING in once("warm").timings
    data.write_text("2.0\n")
    edited = once("edited")
    assert LOOKUP_TIMING not in edited.timings and _verdict(edited) == "wrong"


@pytest.mark.parametrize("used", ["imported", "read"])
def test_a_file_edited_while_the_kernel_runs_is_a_miss_next_time(
    used: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kernel's code takes SCALE from a helper module or a data file, and another process edits
    that file while the kernel runs (here: right after the kernel code used it, from its own load).
    The result was built from the old contents, so it must be recorded with the old digest: a digest
    taken after the run would make the next run a hit with the old verdict."""
    name = f"scale_{used}_{tmp_path.name.replace('-', '_')}"
    project = tmp_path / "project"
    project.mkdir()
    used_file = project / (f"{name}.py" if used == "imported" else f"{name}.txt")
    old, new = ("SCALE = 1.0\n", "SCALE = 2.0\n") if used == "imported" else ("1.0\n", "2.0\n")
    used_file.write_text(old)
    editor = project / "edit.py"
    editor.write_text(f"import pathlib\npathlib.Path({str(used_file)!r}).write_text({new!r})\n")
    monkeypatch.syspath_prepend(str(project))
    take = (
        f"from {name} import SCALE"
        if used == "imported"
        else f"SCALE = float(open({str(used_file)!r}).read())"
    )
    edit = f"import subprocess, sys\nsubprocess.run([sys.executable, {str(editor)!r}], check=True)"
    run_once = _scaled_add_32(tmp_path, scale_source=f"{take}\n{edit}")

    def once(out: str) -> KernelResult:
        monkeypatch.delitem(sys.modules, name, raising=False)  # each run imports afresh, as workers do
        return run_once(out)

    cold = once("cold")  # built with SCALE 1.0: correct, and the file says 2.0 by the end of the run
    assert used_file.read_text() == new and _verdict(cold) == "correct"
    rerun = once("rerun")
    assert LOOKUP_TIMING not in rerun.timings and _verdict(rerun) == "wrong"
    assert list(cold.local_files.values()) == [hashlib.sha256(old.encode()).hexdigest()]
    assert LOOKUP_TIMING in once("warm").timings  # nothing edited since: a hit


def test_resume_reruns_a_finished_kernel_whose_imported_module_changed(tmp_path: Path) -> None:
    helper = tmp_path / "helper.py"
    helper.write_text("SCALE = 1.0\n")
    finished = KernelResult(
        name="k", family="f", source_hash="abc", local_files={str(helper): file_digest(helper)}
    )
    previous = RunResults(meta=RunMeta(), kernels=[finished])
    todo = [CorpusEntry(KernelInfo("k", "f", str(tmp_path / "k.py"), "abc"))]
    assert list(_reusable(previous, todo)) == ["f/k"]
    helper.write_text("SCALE = 2.0\n")
    assert _reusable(previous, todo) == {}
