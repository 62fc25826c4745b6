"""Equivalent variants of the GEMM reference are judged at the right parity level, and only there."""

from __future__ import annotations

import json
from collections.abc import Callable

from ttmigrate.compare import LEVELS, compare_artifacts


def _levels(left: dict[str, str], right: dict[str, str]) -> dict[str, str]:
    return {
        name: result.level for name, result in compare_artifacts(left=left, right=right).artifacts.items()
    }


UNCHANGED = {"reader.cpp": "L0", "compute.cpp": "L0", "writer.cpp": "L0", "main.cpp": "L0"}


def test_identical_is_l0(gemm: dict[str, str]) -> None:
    comparison = compare_artifacts(left=gemm, right=dict(gemm))
    assert _levels(gemm, dict(gemm)) == UNCHANGED
    assert comparison.level == "L0"
    assert comparison.differences == []


def test_reformatted_is_l1(gemm: dict[str, str], edit: Callable[..., dict[str, str]]) -> None:
    variant = edit(
        gemm,
        "compute.cpp",
        "    matmul_init(cb_in0, cb_in1);\n    for (uint32_t i = 0; i < num_tiles; ++i) {",
        "    matmul_init( cb_in0,cb_in1 );\r\n    for (uint32_t i = 0; i < num_tiles; ++i)\n    {   ",
    )
    assert _levels(gemm, variant) == {**UNCHANGED, "compute.cpp": "L1"}


def test_comments_changed_is_l2(gemm: dict[str, str], edit: Callable[..., dict[str, str]]) -> None:
    variant = edit(
        gemm,
        "writer.cpp",
        "        noc_async_write_barrier();\n",
        "        noc_async_write_barrier();  // the tile must reach DRAM before its page is freed\n",
    )
    assert _levels(gemm, variant) == {**UNCHANGED, "writer.cpp": "L2"}


def test_renamed_locals_and_cb_symbols_is_l3(gemm: dict[str, str]) -> None:
    compute = gemm["compute.cpp"]
    for old, new in [
        ("cb_in0", "cb_A_shared"),
        ("cb_in1", "cb_B_shared"),
        ("cb_out0", "cb_C_local"),
        ("num_tiles", "tiles_per_core"),
        ("Kt", "k_tiles"),
        ("kt", "k"),
    ]:
        compute = compute.replace(old, new)
    assert "cb_A_shared = tt::CBIndex::c_0" in compute and "k < k_tiles" in compute
    assert _levels(gemm, {**gemm, "compute.cpp": compute}) == {**UNCHANGED, "compute.cpp": "L3"}


def test_renamed_host_locals_and_parameters_is_l3(gemm: dict[str, str]) -> None:
    host = gemm["main.cpp"]
    for old, new in [
        ("buf_A", "buffer_a"),
        ("start_tile", "work_start"),
        ("padded_rows", "rows_p"),
        ("cq", "queue"),
    ]:
        host = host.replace(old, new)
    assert (
        "std::shared_ptr<distributed::MeshBuffer> buffer_a = distributed::MeshBuffer::create" in host
        and "uint32_t rows_p," in host
    )
    assert _levels(gemm, {**gemm, "main.cpp": host}) == {**UNCHANGED, "main.cpp": "L3"}


def test_renaming_a_cb_symbol_onto_another_cb_is_not_l3(
    gemm: dict[str, str], edit: Callable[..., dict[str, str]]
) -> None:
    # Same token shape, but the symbol now names c_1: alpha-equivalence must not hide that.
    variant = edit(gemm, "compute.cpp", "cb_wait_front(cb_in0, 1);", "cb_wait_front(cb_in1, 1);")
    assert _levels(gemm, variant) == {**UNCHANGED, "compute.cpp": "divergent"}


def test_reordered_independent_declarations_is_l4(
    gemm: dict[str, str], edit: Callable[..., dict[str, str]]
) -> None:
    variant = edit(
        gemm,
        "reader.cpp",
        "    uint32_t Kt = get_arg_val<uint32_t>(4);\n    uint32_t Nt = get_arg_val<uint32_t>(5);\n\n"
        "    constexpr uint32_t cb_in0 = tt::CBIndex::c_0;\n    constexpr uint32_t cb_in1 = tt::CBIndex::c_1;",
        "    uint32_t Nt = get_arg_val<uint32_t>(5);\n    uint32_t Kt = get_arg_val<uint32_t>(4);\n\n"
        "    constexpr uint32_t cb_in1 = tt::CBIndex::c_1;\n    constexpr uint32_t cb_in0 = tt::CBIndex::c_0;",
    )
    host = edit(
        variant,
        "main.cpp",
        "    constexpr uint32_t Mt = 8;\n    constexpr uint32_t Kt = 8;",
        "    constexpr uint32_t Kt = 8;\n    constexpr uint32_t Mt = 8;",
    )
    assert _levels(gemm, host) == {**UNCHANGED, "reader.cpp": "L4", "main.cpp": "L4"}


def test_loop_from_start_equals_loop_from_zero_at_l4(
    gemm: dict[str, str], edit: Callable[..., dict[str, str]]
) -> None:
    # for (t = start; t < start + n; ++t) use(t)  ==  for (i = 0; i < n; ++i) use(start + i)
    variant = edit(
        gemm,
        "writer.cpp",
        "    for (uint32_t i = 0; i < num_tiles; ++i) {",
        "    for (uint32_t t = start_tile_id; t < start_tile_id + num_tiles; ++t) {",
    )
    variant = edit(
        variant, "writer.cpp", "noc_async_write_tile(start_tile_id + i,", "noc_async_write_tile(t,"
    )
    assert _levels(gemm, variant) == {**UNCHANGED, "writer.cpp": "L4"}


def test_form_only_difference_is_divergent_but_values_agree(
    gemm: dict[str, str], edit: Callable[..., dict[str, str]]
) -> None:
    # m = tile_id / Nt < Mt = 8 on every core, so `m % 8` is m at run time, yet the model differs
    variant = edit(
        gemm, "reader.cpp", "noc_async_read_tile(m * Kt + kt,", "noc_async_read_tile(m % 8 * Kt + kt,"
    )
    result = compare_artifacts(left=gemm, right=variant).artifacts["reader.cpp"]
    assert result.level == "divergent"
    assert [(d.edit, d.values_agree, d.message) for d in result.differences] == [
        (
            "change",
            True,
            "reader.cpp: noc_async_read_tile (line 27 vs 27) operand 0: (arg[2] + i0) / arg[5] * arg[4] + i1 "
            "vs (arg[2] + i0) / arg[5] % 8 * arg[4] + i1 (same value on every core and iteration)",
        )
    ]


def test_constant_trip_count_equal_to_the_host_argument_is_flagged_same(
    gemm: dict[str, str], edit: Callable[..., dict[str, str]]
) -> None:
    variant = edit(gemm, "compute.cpp", "kt < Kt;", "kt < 8;")
    result = compare_artifacts(left=gemm, right=variant).artifacts["compute.cpp"]
    assert result.level == "divergent"
    assert [(d.category, d.values_agree, d.message) for d in result.differences] == [
        ("runtime-arg", None, "compute.cpp: runtime argument 1 means trip count of loop L0.L0 vs unused"),
        (
            "loop",
            True,
            "compute.cpp: loop L0.L0 (i1, line 17 vs 17) trip count arg[1] (arg[1] = 8 on every core) vs 8 "
            "(same on every core)",
        ),
    ]


def test_plan_json_levels(gemm: dict[str, str]) -> None:
    plan = json.dumps({"kernel": "gemm_256", "cores": 64, "tiles": [1, 2]})
    same_data = json.dumps({"tiles": [1, 2], "cores": 64, "kernel": "gemm_256"}, indent=4)
    changed = json.dumps({"kernel": "gemm_256", "cores": 32, "tiles": [1, 2]})
    left = {**gemm, "tt.plan.json": plan}
    assert _levels(left, {**gemm, "tt.plan.json": plan})["tt.plan.json"] == "L0"
    assert _levels(left, {**gemm, "tt.plan.json": same_data})["tt.plan.json"] == "L1"
    result = compare_artifacts(left=left, right={**gemm, "tt.plan.json": changed}).artifacts["tt.plan.json"]
    assert result.level == "divergent"
    assert [d.message for d in result.differences] == ['tt.plan.json: ["cores"]: 64 vs 32']


def test_missing_and_unparsable_artifacts_do_not_stop_the_others(gemm: dict[str, str]) -> None:
    right = {name: text for name, text in gemm.items() if name != "writer.cpp"}
    right["compute.cpp"] = gemm["compute.cpp"].replace("tile_regs_commit();", "tile_regs_commit(;")
    comparison = compare_artifacts(left=gemm, right=right)
    assert {name: r.level for name, r in comparison.artifacts.items()} == {
        "reader.cpp": "L0",
        "compute.cpp": "divergent",
        "writer.cpp": "divergent",
        "main.cpp": "L0",
    }
    assert comparison.artifacts["writer.cpp"].error == "writer.cpp: present only on the left"
    assert comparison.artifacts["compute.cpp"].error == "compute.cpp:24: C++ syntax error: missing ')'"
    assert comparison.level == "divergent"
    assert LEVELS[-1] == "divergent"
