"""A cold isolated `ttmigrate run` first emits every kernel, compiles their hosts in batches and
then runs the kernels (ttmigrate.run.prebuild): its results are a `--no-cache` run's apart from
timings, its programs take their hosts from the batch objects, and a kernel that fails to load is
loaded once, not once per pass."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from ttmigrate.config import Config
from ttmigrate.emulate import build
from ttmigrate.run import prebuild
from ttmigrate.run.cache import StageCache
from ttmigrate.run.runner import load_entries, run

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
from bench_run import comparable  # noqa: E402  (the benchmark's own comparison of two runs)

COUNTED_BAD = (
    'import pathlib\npathlib.Path(__file__).with_suffix(".count").open("a").write("x")\n'
    'raise ValueError("bad")\n'
)


def _corpus(root: Path) -> Path:
    corpus = root / "corpus"
    for family, name in (("eltwise", "add_32"), ("degenerate", "gemm_single_tile")):
        (corpus / family).mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "corpus" / family / f"{name}.py", corpus / family / f"{name}.py")
    (corpus / "broken").mkdir()
    (corpus / "broken" / "raises.py").write_text(COUNTED_BAD)
    return corpus


def _run(corpus: Path, out: Path, *, cache: StageCache) -> dict:
    entries, root = load_entries(corpus)
    outcome = run(
        selectors=[], out_dir=out, config=Config(path=out / "pyproject.toml"), snapshot_root=out / "snapshots",
        entries=entries, corpus_root=root, jobs=2, cache=cache,
    )  # fmt: skip
    return json.loads(outcome.results_path.read_text(encoding="utf-8"))


def test_a_cold_run_batches_its_hosts_and_reports_what_a_no_cache_run_does(
    tmp_path: Path, shared_cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus(tmp_path)
    sim = tmp_path / "cache" / "sim"
    sim.mkdir(parents=True)
    # the session's emulator runtime, the costliest compile and not this test's subject, is shared
    runtime = build.runtime_for(shared_cache_dir / "sim").pch_dir.parent
    (sim / runtime.name).symlink_to(runtime)
    monkeypatch.setenv("TTMIGRATE_CACHE_DIR", str(tmp_path / "cache"))
    cold = _run(corpus, tmp_path / "cold", cache=StageCache.for_run(root=tmp_path / "cache"))
    assert (corpus / "broken" / "raises.count").read_text() == "x"  # loaded once, in the first pass
    records = sorted((sim / build.OBJECTS_DIR).glob(f"*{build.BATCH_SUFFIX}"))
    hosts = {
        mode["artifacts"]["main.cpp"]
        for kernel in cold["kernels"]
        for mode in kernel["modes"].values()
        if "main.cpp" in mode.get("artifacts", {})
    }
    assert len(hosts) >= 2 and len(records) == len(hosts)
    for record in records:
        assert (sim / build.OBJECTS_DIR / json.loads(record.read_text())["object"]).exists()
    with build.object_cache_disabled():
        uncached = _run(corpus, tmp_path / "uncached", cache=StageCache.disabled())
    assert comparable(cold) == comparable(uncached)
    # the batched hosts ran their programs (the template mode of add_32 is the GEMM pattern: wrong)
    ir_driven = {
        k["name"]: k["modes"]["ir_driven"]["emulation"]["status"] for k in cold["kernels"] if k["modes"]
    }
    assert ir_driven == {"add_32": "correct", "gemm_single_tile": "correct"}
    assert [k["errors"][0]["kind"] for k in cold["kernels"] if k["family"] == "broken"] == ["KernelLoadError"]


def test_a_re_run_whose_hosts_are_compiled_stops_the_first_pass_after_its_probe(
    tmp_path: Path, shared_cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the stage cache gone but every host in the object cache (a change to ttmigrate's Python
    that leaves the generated hosts alone), only the first PROBE_KERNELS kernels take the first pass;
    the others are loaded once. The results are the same either way."""
    corpus = tmp_path / "corpus" / "eltwise"
    corpus.mkdir(parents=True)
    counting = 'import pathlib\npathlib.Path(__file__).with_suffix(".count").open("a").write("x")\n'
    source = (REPO / "corpus" / "eltwise" / "add_32.py").read_text()
    count = prebuild.PROBE_KERNELS + 6
    for index in range(count):
        (corpus / f"add_32_{index:02d}.py").write_text(counting + source)
    sim = tmp_path / "cache" / "sim"
    sim.mkdir(parents=True)
    runtime = build.runtime_for(shared_cache_dir / "sim").pch_dir.parent
    (sim / runtime.name).symlink_to(runtime)
    monkeypatch.setenv("TTMIGRATE_CACHE_DIR", str(tmp_path / "cache"))
    first = _run(corpus.parent, tmp_path / "first", cache=StageCache.for_run(root=tmp_path / "cache"))
    loads = [path.read_text() for path in sorted(corpus.glob("*.count"))]
    assert loads == ["xx"] * count  # a cold run: every kernel takes both passes
    shutil.rmtree(tmp_path / "cache" / "stages")
    again = _run(corpus.parent, tmp_path / "again", cache=StageCache.for_run(root=tmp_path / "cache"))
    loads = [path.read_text() for path in sorted(corpus.glob("*.count"))]
    twice = sum(text == "xxxx" for text in loads)
    assert set(loads) <= {"xxx", "xxxx"} and prebuild.PROBE_KERNELS <= twice < count
    assert comparable(again) == comparable(first)
