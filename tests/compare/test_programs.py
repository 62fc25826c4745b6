"""tt-metal program folders (tests/data/metalium_programs): host = the file defining main, kernels
found by their CreateKernel paths. Every fixture is clean; each variant breaks one protocol rule
and is caught by it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ttmigrate.compare import check_artifacts
from ttmigrate.compare.checks import read_program
from ttmigrate.compare.programs import analyse_program, resolve_kernel_path

PROGRAMS = Path(__file__).resolve().parents[1] / "data" / "metalium_programs"
NAMES = sorted(p.name for p in PROGRAMS.iterdir() if p.is_dir())


def _load(name: str) -> dict[str, str]:
    return read_program(PROGRAMS / name)


def _edit(artifacts: dict[str, str], name: str, old: str, new: str) -> dict[str, str]:
    text = artifacts[name]
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
    return {**artifacts, name: text.replace(old, new)}


def test_fixture_set_covers_the_issue() -> None:
    assert NAMES == [
        "compile_time_cb_ids",
        "eltwise_binary",
        "eltwise_sfpu",
        "loopback",
        "matmul_multi_core",
        "matmul_single_core",
        "pad_row_major",
        "vecadd_multi_core",
    ]


@pytest.mark.parametrize("name", NAMES)
def test_fixture_has_no_findings_and_a_full_model(name: str) -> None:
    artifacts = _load(name)
    assert check_artifacts(artifacts=artifacts) == []
    program = analyse_program(artifacts=artifacts)
    assert program.host_name == "main.cpp" and program.errors == {}
    host = program.host
    assert host is not None
    kernels = program.kernels()
    # every kernel file is created by the host, on at least one core, and reads its runtime args
    assert set(host.kernels) == set(kernels) and kernels
    for kernel_name, created in host.kernels.items():
        assert created.cores, kernel_name
    # every CB a kernel touches is one the host creates (the rule above would say otherwise)
    used = {cb for model in kernels.values() for cb in model.cbs}
    assert used <= set(host.cbs)


def test_host_calls_in_helpers_try_blocks_and_loops() -> None:
    """vecadd_multi_core creates its buffers, CBs and kernels in helper functions called from a
    try block; SetRuntimeArgs runs in a loop over 4 cores."""
    host = analyse_program(artifacts=_load("vecadd_multi_core")).host
    assert host is not None
    assert [(b.size, b.page_size) for b in host.buffers] == [("24576", "2048")] * 3
    assert sorted(host.cbs) == [0, 1, 16]
    assert {cb.page_size for cb in host.cbs.values()} == {"2048"}
    reader = host.runtime_args["kernels/dataflow/reader_vecadd.cpp"]
    assert sorted(reader) == [(0, 0), (1, 0), (2, 0), (3, 0)]
    assert reader[(2, 0)].args == (
        "static_cast<uint32_t>(buffer0->address())",
        "static_cast<uint32_t>(buffer1->address())",
        "6",
        "3",
    )


@pytest.mark.parametrize(
    "spelling",
    ["(uint32_t)dst->address()", "uint32_t(dst->address())", "static_cast<std::uint32_t>(dst->address())"],
)
def test_an_integer_cast_of_an_address_is_one_expression_in_every_spelling(spelling: str) -> None:
    """C-style, functional and static_cast spellings of the same cast mean the same: the host model
    shows one spelling, so changing it is no difference."""
    program = _load("eltwise_binary")
    before = analyse_program(artifacts=program).host
    edited = _edit(program, "main.cpp", "static_cast<uint32_t>(dst->address())", spelling)
    after = analyse_program(artifacts=edited).host
    assert before is not None and after is not None
    writer = after.runtime_args["kernels/dataflow/write_one.cpp"]
    assert writer == before.runtime_args["kernels/dataflow/write_one.cpp"]
    assert next(iter(writer.values())).args[0] == "static_cast<uint32_t>(buffer2->address())"


def test_cb_ids_in_every_spelling() -> None:
    program = analyse_program(artifacts=_load("compile_time_cb_ids"))
    kernels = program.kernels()
    # get_compile_time_arg_val(i) resolved from the host's compile_args
    assert sorted(kernels["kernels/dataflow/reader_ct.cpp"].cbs) == [2, 3]
    assert sorted(kernels["kernels/compute/mul_ct.cpp"].cbs) == [2, 3, 20]
    assert sorted(kernels["kernels/dataflow/writer_ct.cpp"].cbs) == [20]
    # integer ids (eltwise_sfpu, vecadd reader) and the deprecated tt::CB enum (matmul_single_core)
    sfpu = analyse_program(artifacts=_load("eltwise_sfpu")).kernels()
    assert sorted(sfpu["kernels/compute/exp_tiles.cpp"].cbs) == [0, 16]
    matmul = analyse_program(artifacts=_load("matmul_single_core")).kernels()
    assert sorted(matmul["kernels/dataflow/reader_mm.cpp"].cbs) == [0, 1]
    assert sorted(matmul["kernels/dataflow/writer_mm.cpp"].cbs) == [16]


def test_kernel_defines_from_the_host_decide_its_conditionals() -> None:
    artifacts = _load("eltwise_binary")
    compute = "kernels/compute/add.cpp"
    plain = analyse_program(artifacts=artifacts).kernels()[compute]
    assert {"add_init", "add_tiles"} <= {e.api for e in plain.events}
    defined = _edit(
        artifacts,
        "main.cpp",
        "ComputeConfig{.math_fidelity = MathFidelity::HiFi4}",
        'ComputeConfig{.math_fidelity = MathFidelity::HiFi4, .defines = {{"ELTWISE_SUB", "1"}}}',
    )
    model = analyse_program(artifacts=defined).kernels()[compute]
    apis = {e.api for e in model.events}
    assert {"sub_init", "sub_tiles"} <= apis and not {"add_init", "add_tiles"} & apis
    assert check_artifacts(artifacts=defined) == []


def test_kernel_paths_resolve_by_longest_suffix() -> None:
    names = ["kernels/dataflow/reader.cpp", "kernels/compute/reader.cpp", "other/writer.cpp"]
    assert resolve_kernel_path("kernels/dataflow/reader.cpp", names) == "kernels/dataflow/reader.cpp"
    assert resolve_kernel_path("tt_metal/x/kernels/compute/reader.cpp", names) == "kernels/compute/reader.cpp"
    assert resolve_kernel_path("x/writer.cpp", names) == "other/writer.cpp"
    assert resolve_kernel_path("reader.cpp", names) == [
        "kernels/dataflow/reader.cpp",
        "kernels/compute/reader.cpp",
    ]
    assert resolve_kernel_path("nothing.cpp", names) is None


# (program, file, old text, new text, the rule that must catch it)
VARIANTS = [
    (
        "eltwise_binary",
        "kernels/compute/add.cpp",
        "        cb_pop_front(cb_b, TILES_PER_STEP);\n",
        "",
        "cb-balance",
    ),
    (
        "vecadd_multi_core",
        "kernels/dataflow/reader_vecadd.cpp",
        "        noc_async_read_barrier();\n",
        "",
        "barrier-before-push",
    ),
    (
        "pad_row_major",
        "kernels/dataflow/pad_writer.cpp",
        "        noc_async_write_barrier();\n",
        "",
        "barrier-before-pop",
    ),
    (
        "vecadd_multi_core",
        "kernels/dataflow/writer_vecadd.cpp",
        "        cb_wait_front(cb_c, 1);\n",
        "",
        "wait-before-pop",
    ),
    (
        "pad_row_major",
        "kernels/dataflow/pad_reader.cpp",
        "        cb_reserve_back(cb_sticks, 1);\n",
        "",
        "reserve-before-push",
    ),
    (
        "matmul_multi_core",
        "main.cpp",
        "{static_cast<uint32_t>(c_buf->address()), first, per_core}",
        "{static_cast<uint32_t>(c_buf->address()), first}",
        "runtime-args-cover",
    ),
    (
        "eltwise_binary",
        "main.cpp",
        "SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(dst->address()), n_tiles});",
        "SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(dst->address()), n_tiles, 7u});",
        "runtime-args-unread",
    ),
    (
        "eltwise_sfpu",
        "main.cpp",
        ".set_page_size(cb_out, tile_size)",
        ".set_page_size(cb_out, tile_size / 2)",
        "cb-page-size",
    ),
    (
        "matmul_single_core",
        "kernels/dataflow/writer_mm.cpp",
        "constexpr uint32_t cb_c = tt::CB::c_out0;",
        "constexpr uint32_t cb_c = tt::CB::c_out1;",
        "cb-created",
    ),
    (
        "compile_time_cb_ids",
        "main.cpp",
        "std::vector<uint32_t> writer_args = {c_cb};",
        "std::vector<uint32_t> writer_args = {tt::CBIndex::c_21};",
        "cb-created",
    ),
    (
        "compile_time_cb_ids",
        "main.cpp",
        "compute_args = {a_cb, b_cb, c_cb, n_tiles};",
        "compute_args = {a_cb, b_cb, c_cb};",
        "compile-args-cover",
    ),
    (
        "loopback",
        "main.cpp",
        "static_cast<uint32_t>(dst->address()), n_tiles, page_bytes}",
        "static_cast<uint32_t>(dst->address()), n_tiles + 1, page_bytes}",
        "tile-index-range",
    ),
    (
        "matmul_single_core",
        "kernels/compute/mm.cpp",
        "            tile_regs_wait();\n            pack_tile(0, cb_c);\n",
        "            pack_tile(0, cb_c);\n            tile_regs_wait();\n",
        "dst-order",
    ),
    (
        "eltwise_binary",
        "main.cpp",
        '"kernels/dataflow/write_one.cpp"',
        '"kernels/dataflow/write_two.cpp"',
        "kernel-path",
    ),
    (
        "eltwise_binary",
        "kernels/compute/add.cpp",
        "#ifdef ELTWISE_SUB\n    sub_init",
        "#if SELECT(ELTWISE_SUB)\n    sub_init",
        "parse",
    ),
]


@pytest.mark.parametrize(
    ("program", "artifact", "old", "new", "rule"), VARIANTS, ids=[f"{v[0]}-{v[4]}" for v in VARIANTS]
)
def test_variant_is_caught_by_its_rule(program: str, artifact: str, old: str, new: str, rule: str) -> None:
    assert check_artifacts(artifacts=_load(program)) == []
    findings = check_artifacts(artifacts=_edit(_load(program), artifact, old, new))
    caught = [f for f in findings if f.rule == rule]
    assert caught, findings
    # each finding names a line of a file of the program
    assert all(f.line >= 1 and f.artifact in _load(program) for f in caught), caught


def test_an_argument_read_at_an_unfolded_index_keeps_unread_arguments_unjudged() -> None:
    """get_arg_val(i) with a loop index: which arguments are read is unknown, so none is 'unread'."""
    program = _load("eltwise_binary")
    writer = next(p for p in program if p.endswith("write_one.cpp"))
    extra = _edit(
        program,
        "main.cpp",
        "SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(dst->address()), n_tiles});",
        "SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(dst->address()), n_tiles, 7u});",
    )
    assert any(f.rule == "runtime-args-unread" for f in check_artifacts(artifacts=extra))
    text = extra[writer]
    body = text.index("{", text.index("void kernel_main")) + 1
    dynamic = {
        **extra,
        writer: text[:body]
        + "\n    for (uint32_t i = 0; i < 3; ++i) { (void)get_arg_val<uint32_t>(i); }"
        + text[body:],
    }
    assert not any(f.rule == "runtime-args-unread" for f in check_artifacts(artifacts=dynamic))
