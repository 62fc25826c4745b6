"""The CPU count every pool and `run --jobs` use: the affinity mask capped by the cgroup's CPU quota,
on cgroup trees laid out as the kernel lays them out (v2's cpu.max, v1's cfs files)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ttmigrate.cpus import available_cpus, cgroup_cpu_quota, cpus_for
from ttmigrate.run.runner import default_jobs


def _tree(root: Path, files: dict[str, str], self_cgroup: str) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    proc = root / "proc-self-cgroup"
    proc.write_text(self_cgroup)
    return proc


def test_a_v2_quota_on_the_process_cgroup(tmp_path: Path) -> None:
    proc = _tree(tmp_path, {"cg/runner/job/cpu.max": "200000 100000\n"}, "0::/runner/job\n")
    assert cgroup_cpu_quota(root=tmp_path / "cg", self_cgroup=proc) == 2.0


def test_the_tightest_v2_quota_of_the_cgroup_and_its_ancestors(tmp_path: Path) -> None:
    files = {
        "cg/cpu.max": "max 100000\n",  # the root: no limit
        "cg/ci/cpu.max": "150000 100000\n",  # a parent's limit applies to its children
        "cg/ci/job/cpu.max": "max 100000\n",
    }
    proc = _tree(tmp_path, files, "0::/ci/job\n")
    assert cgroup_cpu_quota(root=tmp_path / "cg", self_cgroup=proc) == 1.5
    assert cpus_for(affinity=64, quota=1.5) == 2  # rounded up, as GOMAXPROCS and the JVM do


def test_a_container_sees_its_own_cgroup_at_the_mount(tmp_path: Path) -> None:
    # in a cgroup namespace (docker --cpus=2) the path is "/" and the limit sits on the mount itself
    proc = _tree(tmp_path, {"cg/cpu.max": "200000 100000\n"}, "0::/\n")
    assert cgroup_cpu_quota(root=tmp_path / "cg", self_cgroup=proc) == 2.0


def test_v1_quota_and_no_quota(tmp_path: Path) -> None:
    v1 = "12:cpu,cpuacct:/docker/abc\n11:memory:/docker/abc\n0::/\n"
    files = {
        "cg/cpu,cpuacct/docker/abc/cpu.cfs_quota_us": "50000\n",
        "cg/cpu,cpuacct/docker/abc/cpu.cfs_period_us": "100000\n",
        "cg/cpu,cpuacct/cpu.cfs_quota_us": "-1\n",  # the root: unlimited
        "cg/cpu,cpuacct/cpu.cfs_period_us": "100000\n",
    }
    proc = _tree(tmp_path, files, v1)
    assert cgroup_cpu_quota(root=tmp_path / "cg", self_cgroup=proc) == 0.5
    assert cpus_for(affinity=8, quota=0.5) == 1
    (tmp_path / "cg/cpu,cpuacct/docker/abc/cpu.cfs_quota_us").write_text("-1\n")
    assert cgroup_cpu_quota(root=tmp_path / "cg", self_cgroup=proc) is None


@pytest.mark.parametrize("text", ["", "max 100000\n", "0 100000\n", "abc 100000\n", "100000 0\n", "200000\n"])
def test_an_absent_unlimited_or_unreadable_quota_is_none(tmp_path: Path, text: str) -> None:
    proc = _tree(tmp_path, {"cg/job/cpu.max": text}, "0::/job\n")
    assert cgroup_cpu_quota(root=tmp_path / "cg", self_cgroup=proc) is None
    assert cgroup_cpu_quota(root=tmp_path / "cg", self_cgroup=tmp_path / "no-such-file") is None


def test_the_affinity_mask_caps_a_larger_quota() -> None:
    assert cpus_for(affinity=2, quota=8.0) == 2
    assert cpus_for(affinity=64, quota=2.0) == 2
    assert cpus_for(affinity=4, quota=None) == 4


def test_this_process_and_run_jobs_use_the_same_count() -> None:
    assert 1 <= available_cpus() <= len(os.sched_getaffinity(0))
    assert default_jobs() == available_cpus()
