"""Host batches (ttmigrate.emulate.host_batch): hosts compiled together link and run exactly as they
do compiled alone; a host the batch could change is left out; a batch that does not compile leaves
each of its hosts to be compiled alone, with its own errors; `--no-cache` batches nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from ttmigrate.emulate import SimResult, build, simulate
from ttmigrate.emulate.host_batch import HostBatcher, batch_member_text, prebuild_hosts
from ttmigrate.emulate.programs import ProgramCase

Mutate = Callable[..., dict[str, str]]

REPO = Path(__file__).resolve().parents[2]
MAIN = "int main(int argc, char** argv) {\n    return 0;\n}\n"


def _unique(artifacts: dict[str, str], tag: str) -> dict[str, str]:
    """The program with a host no other test has compiled (a miss in the shared object cache)."""
    return {**artifacts, "main.cpp": artifacts["main.cpp"] + f"\n// {tag}\n"}


def _host_key(artifacts: dict[str, str], cache: Path) -> str:
    return build.host_unit_key(build.program_sources(artifacts), build.runtime_for(cache))


def _run(case: ProgramCase, artifacts: dict[str, str], cache: Path) -> SimResult:
    return simulate(
        artifacts=artifacts, tensors=list(case.tensors), reference=case.reference, cache_dir=cache
    )


def _outcome(result: SimResult) -> tuple[object, ...]:
    return (result.status, result.detail, result.max_abs_err, result.max_rel_err, result.pcc, result.warnings)


def test_every_golden_host_can_be_batched() -> None:
    """The emitter's hosts meet the batch's conditions; otherwise a cold run would gain nothing."""
    hosts = sorted((REPO / "snapshots").glob("*/*/*/main.cpp"))
    assert len(hosts) > 100
    assert [str(h) for h in hosts if batch_member_text(h.read_text(encoding="utf-8")) is None] == []


@pytest.mark.parametrize(
    "text",
    [
        "#include <vector>\n#define TILES 4\n" + MAIN,  # a macro would leak into the hosts after it
        "#include <vector>\nint g = 1;\n#include <string>\n" + MAIN,  # an include after code
        '#include "helpers.hpp"\n' + MAIN,  # a program header
        "#include <vector>\nint main() {\n    return 0;\n}\n",  # not the entry the batch calls
        "#include <vector>\n#if 1\n" + MAIN + "#endif\n",
        # constructed in every program linking the batch, whichever host it runs
        '#include <fstream>\nstd::ofstream trace("trace.txt");\n' + MAIN,
        "#include <vector>\nnamespace {\nstd::vector<int> table(4);\n}\n" + MAIN,
        '#include <vector>\nextern "C" {\nint hook(int);\n}\n' + MAIN,
    ],
)
def test_a_host_the_batch_could_change_is_left_out(text: str) -> None:
    assert batch_member_text(text) is None
    helpers = (
        "namespace {\nstruct Pair { int a; };\nint twice(int x) { return 2 * x; }\n}\nint once(int x);\n"
    )
    assert batch_member_text("#include <vector>\n// a comment\n" + helpers + MAIN) is not None


def test_batched_hosts_run_as_they_do_compiled_alone(cases: dict[str, ProgramCase], sim_cache: Path) -> None:
    tag = uuid.uuid4().hex
    programs = {name: _unique(case.artifacts, f"{tag} {name}") for name, case in cases.items()}
    report = prebuild_hosts(programs.values(), cache_dir=sim_cache, jobs=2)
    assert (report.hosts, report.batches, report.failed) == (len(programs), 2, 0)
    objects = sim_cache / build.OBJECTS_DIR
    for name, artifacts in programs.items():
        key = _host_key(artifacts, sim_cache)
        linked = build.unit_object(objects, key)
        assert linked is not None and linked[0].name.startswith("hosts-"), name
        assert linked[1] == (f"-Wl,--defsym=main=ttsim_host_entry_{key}",)
        batched = _run(cases[name], artifacts, sim_cache)
        assert not (objects / f"{key}.o").exists()  # the program took its host from the batch
        with build.object_cache_disabled():
            alone = _run(cases[name], artifacts, sim_cache)
        assert batched.status == "correct", batched.detail
        assert _outcome(batched) == _outcome(alone), name


def test_a_batch_that_does_not_compile_leaves_each_host_to_compile_alone(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Mutate
) -> None:
    tag = uuid.uuid4().hex
    good = _unique(cases["gemm_256"].artifacts, f"{tag} good")
    bad = mutate(
        _unique(cases["tile_ops_32"].artifacts, f"{tag} bad"),
        "main.cpp",
        "CreateProgram()",
        "CreateProgramme()",
    )
    batcher = HostBatcher(cache_dir=sim_cache, jobs=1)
    assert len(batcher.add([good, bad])) == 2
    batcher.finish_adding()
    while batcher.busy:
        batcher.wait()
    assert (batcher.hosts, batcher.batches, batcher.failed) == (2, 1, 1)
    assert batcher.add([bad]) == frozenset() and not batcher.busy  # not tried again
    objects = sim_cache / build.OBJECTS_DIR
    assert all(build.unit_object(objects, _host_key(p, sim_cache)) is None for p in (good, bad))
    broken = _run(cases["tile_ops_32"], bad, sim_cache)
    assert broken.status == "compile-error"
    assert broken.detail.startswith("main.cpp:") and "CreateProgramme" in broken.detail.splitlines()[0]
    assert _run(cases["gemm_256"], good, sim_cache).status == "correct"
    assert (objects / f"{_host_key(good, sim_cache)}.o").exists()  # compiled alone


def test_a_host_that_falls_off_the_end_of_main_is_compiled_alone(
    cases: dict[str, ProgramCase], sim_cache: Path, mutate: Mutate
) -> None:
    """Only the global main returns 0 at its closing brace: in a batch it would be a function whose
    value is undefined there, so the batch refuses it (-Werror=return-type) and it compiles alone."""
    case = cases["eltwise_add_100x200"]
    host = _unique(case.artifacts, uuid.uuid4().hex)
    host = mutate(host, "main.cpp", "    return 0;\n}", "}")
    report = prebuild_hosts([host], cache_dir=sim_cache, jobs=1)
    assert (report.hosts, report.failed) == (1, 1)
    assert _run(case, host, sim_cache).status == "correct"


def test_without_the_object_cache_nothing_is_batched(cases: dict[str, ProgramCase], sim_cache: Path) -> None:
    program = _unique(cases["gemm_256"].artifacts, uuid.uuid4().hex)
    with build.object_cache_disabled():
        report = prebuild_hosts([program], cache_dir=sim_cache, jobs=1)
    assert (report.hosts, report.batches) == (0, 0)
    assert build.unit_object(sim_cache / build.OBJECTS_DIR, _host_key(program, sim_cache)) is None
