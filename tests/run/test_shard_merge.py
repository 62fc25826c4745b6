"""Sharding (`run --shard K/N`) and `ttmigrate merge`: the plan, the refusals, orphans judged on the
union of the shards, JUnit merging; on the synthetic pipeline of test_runner and once end to end on
real kernels (3 shards + merge equal to an unsharded run apart from timings)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from junitparser import JUnitXml

from run.test_runner import Behaviour, _entries
from ttmigrate.cli import main
from ttmigrate.config import Config
from ttmigrate.report.model import RunResults, to_data
from ttmigrate.run.merge import MergeError, merge_junit, merge_shards
from ttmigrate.run.runner import run
from ttmigrate.run.selection import Shard, plan_shards
from ttmigrate.run.shard import read_shard, write_shard

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SNAPSHOTS = Path(__file__).resolve().parents[2] / "snapshots"


def without_timings(results: RunResults) -> Any:
    """results.json data minus what legitimately differs between a sharded and an unsharded run."""
    data = to_data(results)
    for key in ("started_at", "finished_at", "duration_s"):
        data["meta"].pop(key)
    for kernel in data["kernels"]:
        kernel.pop("timings")
        for mode in kernel["modes"].values():
            mode.pop("timings")
    return data


def test_shard_parse_accepts_k_of_n_and_names_bad_text() -> None:
    assert Shard.parse("2/3") == Shard(2, 3)
    for bad in ("0/3", "4/3", "3", "a/b", "1/0"):
        with pytest.raises(ValueError, match="shard"):
            Shard.parse(bad)


def test_plan_without_durations_deals_by_hash_evenly_and_deterministically() -> None:
    names = [f"fam/k{i}" for i in range(10)]
    plan = plan_shards(names, total=3)
    assert sorted(n for shard in plan for n in shard) == sorted(names)
    assert sorted(len(shard) for shard in plan) == [3, 3, 4]
    # the input order does not change who goes where (every shard computes the same plan)
    again = plan_shards(list(reversed(names)), total=3)
    assert [sorted(shard) for shard in again] == [sorted(shard) for shard in plan]
    assert plan_shards(names, total=1) == [names]


def test_plan_with_durations_balances_the_load() -> None:
    durations = {"f/big": 10.0, "f/a": 3.0, "f/b": 3.0, "f/c": 2.0, "f/d": 2.0}
    plan = plan_shards(["f/a", "f/b", "f/big", "f/c", "f/d", "f/new"], total=2, durations=durations)
    # longest first to the lightest shard; f/new (no record) counts as the mean, 4 s: 12 s each
    assert plan == [["f/big", "f/c"], ["f/a", "f/b", "f/d", "f/new"]]


def _synthetic(tmp_path: Path, *, shard: Shard | None, out: str) -> Path:
    outcome = run(
        selectors=[],
        out_dir=tmp_path / out,
        config=Config(path=tmp_path / "pyproject.toml"),
        snapshot_root=tmp_path / "snapshots",
        entries=_entries(),
        corpus_root=str(tmp_path),
        stages=Behaviour().stages(),
        shard=shard,
    )
    if shard is None:
        return outcome.results_path
    assert outcome.shard_path is not None and outcome.shard_path.name == f"shard-{shard.index}-of-3.json"
    return outcome.shard_path


def _three_shards(tmp_path: Path) -> list[Path]:
    return [_synthetic(tmp_path, shard=Shard(i, 3), out=f"s{i}") for i in (1, 2, 3)]


def test_three_synthetic_shards_merge_into_the_unsharded_results(tmp_path: Path) -> None:
    paths = _three_shards(tmp_path)
    stamps = [read_shard(p).stamp for p in paths]
    assert all(s.corpus_hash and s.tool_version for s in stamps)
    assert {s.label for s in stamps} == {"1/3", "2/3", "3/3"}
    merged = merge_shards(paths=paths, snapshot_root=tmp_path / "snapshots").results
    single = RunResults.from_json(_synthetic(tmp_path, shard=None, out="all").read_text())
    assert merged.meta.complete is True
    assert without_timings(merged) == without_timings(single)


def test_merge_refuses_overlapping_missing_and_mismatched_shards(tmp_path: Path) -> None:
    paths = _three_shards(tmp_path)
    snapshots = tmp_path / "snapshots"
    with pytest.raises(MergeError, match=r"missing shards: 3/3") as missing:
        merge_shards(paths=paths[:2], snapshot_root=snapshots)
    assert str(paths[0]) in str(missing.value)
    copy = tmp_path / "copy.json"
    copy.write_text(paths[1].read_text())
    with pytest.raises(MergeError, match="overlapping shards") as overlap:
        merge_shards(paths=[*paths, copy], snapshot_root=snapshots)
    assert str(copy) in str(overlap.value) and str(paths[1]) in str(overlap.value)
    for key, what in (("corpus_hash", "corpus hashes"), ("tool_version", "tool versions")):
        odd = tmp_path / f"odd-{key}.json"
        data = json.loads(paths[2].read_text())
        data["stamp"][key] = "something else"
        odd.write_text(json.dumps(data))
        with pytest.raises(MergeError, match=f"different {what}") as mismatch:
            merge_shards(paths=[paths[0], paths[1], odd], snapshot_root=snapshots)
        assert str(odd) in str(mismatch.value) and "something else" in str(mismatch.value)
    interrupted = read_shard(paths[2])
    dropped = interrupted.results.kernels.pop()
    lacking = tmp_path / "lacking.json"
    write_shard(lacking, interrupted)
    with pytest.raises(MergeError, match=f"lacks results .*{dropped.name}"):
        merge_shards(paths=[paths[0], paths[1], lacking], snapshot_root=snapshots)


def test_orphans_are_judged_on_the_union_of_all_shards(tmp_path: Path) -> None:
    paths = _three_shards(tmp_path)
    snapshots = tmp_path / "snapshots"
    for family, kernel in (
        ("gemm", "gemm_256"),
        ("eltwise", "add_256"),
        ("reduce", "reduce_sum"),
        ("x", "gone"),
    ):
        folder = snapshots / family / kernel / "template"
        folder.mkdir(parents=True)
        (folder / "compute.cpp").write_text("// golden\n")
    owners = {read_shard(p).stamp.index: read_shard(p).stamp.kernels for p in paths}
    assert len({i for i, kernels in owners.items() if kernels}) >= 2  # the goldens belong to several shards
    orphans = merge_shards(paths=paths, snapshot_root=snapshots).orphans
    assert [o.relpath for o in orphans] == ["x/gone/template/compute.cpp"]


def test_junit_files_merge_with_junitparser(tmp_path: Path) -> None:
    for i in (1, 2):
        (tmp_path / f"{i}.xml").write_text(
            f'<testsuites><testsuite name="s{i}"><testcase name="t{i}a"/><testcase name="t{i}b">'
            f'<failure message="boom"/></testcase></testsuite></testsuites>'
        )
    out = tmp_path / "merged.xml"
    assert merge_junit(paths=[tmp_path / "1.xml", tmp_path / "2.xml"], out=out) == 4
    merged = JUnitXml.fromfile(str(out))
    assert sorted(case.name for suite in merged for case in suite) == ["t1a", "t1b", "t2a", "t2b"]
    assert merged.failures == 2
    (tmp_path / "bad.xml").write_text("not xml")
    with pytest.raises(MergeError, match=r"bad\.xml"):
        merge_junit(paths=[tmp_path / "bad.xml"], out=out)


REAL = ("add_32", "gemm_64", "softmax_128", "copy_256")


def test_three_real_shards_plus_merge_equal_an_unsharded_run(tmp_path: Path) -> None:
    runner = CliRunner()
    # --in-process: sharding and merging are this test's subject, not the worker processes
    # (test_isolation.py's), and each shard would start one that imports TVM again.
    common = [*REAL, "--corpus", str(CORPUS), "--snapshots", str(SNAPSHOTS), "--in-process"]
    shard_files = []
    for i in (1, 2, 3):
        done = runner.invoke(
            main, ["run", *common, "--shard", f"{i}/3", "--out-dir", str(tmp_path / f"s{i}")]
        )
        assert done.exit_code == 0, done.output
        shard_files.append(tmp_path / f"s{i}" / f"shard-{i}-of-3.json")
        assert f"shard results: {shard_files[-1]}" in done.output
    # As parity.yml's merge job calls it: the JUnit files of the test groups go into the out-dir,
    # which nothing has made yet.
    junit = []
    for group in (1, 2):
        junit += ["--junit", str(tmp_path / f"junit-{group}.xml")]
        Path(junit[-1]).write_text(
            f'<testsuites><testsuite name="g{group}"><testcase name="t"/></testsuite></testsuites>'
        )
    merged_dir = tmp_path / "merged"
    done = runner.invoke(
        main,
        ["merge", *map(str, shard_files), "--out-dir", str(merged_dir), "--snapshots", str(SNAPSHOTS),
         *junit, "--junit-out", str(merged_dir / "tests.junit.xml")],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "merged 3 shards, 4 kernels" in done.output
    assert sorted(p.name for p in merged_dir.iterdir()) == ["orphans.txt", "results.json", "tests.junit.xml"]
    assert JUnitXml.fromfile(str(merged_dir / "tests.junit.xml")).tests == 2
    done = runner.invoke(main, ["run", *common, "--out-dir", str(tmp_path / "single")])
    assert done.exit_code == 0, done.output
    merged = RunResults.from_json((merged_dir / "results.json").read_text())
    single = RunResults.from_json((tmp_path / "single" / "results.json").read_text())
    assert sorted(k.name for k in merged.kernels) == sorted(REAL)
    assert without_timings(merged) == without_timings(single)
    # a selection of four kernels leaves the rest of the corpus's goldens alone: never orphans
    assert (merged_dir / "orphans.txt").read_text() == ""
    done = runner.invoke(main, ["merge", str(shard_files[0]), "--out-dir", str(tmp_path / "bad")])
    assert done.exit_code == 2 and "missing shards: 2/3, 3/3" in done.output
