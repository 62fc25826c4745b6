"""Mutation suite: each class of defect is named by the semantic diff and by its protocol rule.

Left is the unmodified GEMM reference, right the mutant. The assertions are the complete lists of
differences and findings, so an extra or a missing word fails the test.
"""

from __future__ import annotations

from collections.abc import Callable

from ttmigrate.compare import check_artifacts, compare_artifacts


def _diff(left: dict[str, str], right: dict[str, str], artifact: str) -> list[tuple[str | None, str]]:
    comparison = compare_artifacts(left=left, right=right)
    others = {name: r.level for name, r in comparison.artifacts.items() if name != artifact}
    assert set(others.values()) == {"L0"}, others
    result = comparison.artifacts[artifact]
    assert result.level == "divergent"
    return [(d.edit, d.message) for d in result.differences]


def _findings(artifacts: dict[str, str]) -> list[tuple[str, int, str, str]]:
    return [(f.artifact, f.line, f.rule, f.message) for f in check_artifacts(artifacts=artifacts)]


def test_dropped_cb_pop_front(gemm: dict[str, str], edit: Callable[..., dict[str, str]]) -> None:
    mutant = edit(gemm, "compute.cpp", "            cb_pop_front(cb_in1, 1);\n", "")
    assert _diff(gemm, mutant, "compute.cpp") == [
        (None, "compute.cpp: CB c_1 used by cb_pop_front only on the left"),
        ("delete", "compute.cpp: cb_pop_front(c_1, 1) missing after cb_pop_front (left line 22)"),
    ]
    assert _findings(mutant) == [
        (
            "reader.cpp",
            33,
            "cb-balance",
            "reader.cpp: CB c_1: pushes arg[4] = 8 page(s) per work unit but no kernel pops it",
        ),
    ]


def test_barrier_swapped_after_push(gemm: dict[str, str], edit: Callable[..., dict[str, str]]) -> None:
    mutant = edit(
        gemm,
        "reader.cpp",
        "            noc_async_read_barrier();\n            cb_push_back(cb_in0, 1);\n",
        "            cb_push_back(cb_in0, 1);\n            noc_async_read_barrier();\n",
    )
    assert _diff(gemm, mutant, "reader.cpp") == [
        (
            "move",
            "reader.cpp: cb_push_back(c_0, 1) moved before noc_async_read_barrier: left line 32 "
            "(after noc_async_read_barrier) vs right line 31 (after noc_async_read_tile)",
        ),
    ]
    edit_script = compare_artifacts(left=gemm, right=mutant).artifacts["reader.cpp"].to_json()["edit_script"]
    assert [(e["op"], e["left_line"], e["right_line"]) for e in edit_script] == [("move", 32, 31)]
    assert _findings(mutant) == [
        (
            "reader.cpp",
            31,
            "barrier-before-push",
            "reader.cpp: cb_push_back(c_0) at line 31 before noc_async_read_barrier completes the "
            "noc_async_read_tile at line 27",
        ),
    ]


def test_dst_steps_swapped(gemm: dict[str, str], edit: Callable[..., dict[str, str]]) -> None:
    mutant = edit(
        gemm,
        "compute.cpp",
        "        tile_regs_wait();\n        cb_reserve_back(cb_out0, 1);\n        pack_tile(0, cb_out0);\n",
        "        cb_reserve_back(cb_out0, 1);\n        pack_tile(0, cb_out0);\n        tile_regs_wait();\n",
    )
    assert _diff(gemm, mutant, "compute.cpp") == [
        (
            "move",
            "compute.cpp: tile_regs_wait() moved after cb_reserve_back, pack_tile: left line 25 "
            "(after tile_regs_commit) vs right line 27 (after pack_tile)",
        ),
    ]
    assert _findings(mutant) == [
        (
            "compute.cpp",
            26,
            "dst-order",
            "compute.cpp: pack_tile at line 26 needs DST waited by tile_regs_wait "
            "but it is committed after tile_regs_commit at line 24",
        ),
        (
            "compute.cpp",
            27,
            "dst-order",
            "compute.cpp: tile_regs_wait at line 27 needs DST committed by tile_regs_commit "
            "but it is waited after pack_tile at line 26",
        ),
    ]


def test_changed_trip_count(gemm: dict[str, str], edit: Callable[..., dict[str, str]]) -> None:
    mutant = edit(gemm, "compute.cpp", "kt < Kt;", "kt < 4;")
    assert _diff(gemm, mutant, "compute.cpp") == [
        (None, "compute.cpp: runtime argument 1 means trip count of loop L0.L0 vs unused"),
        (
            None,
            "compute.cpp: loop L0.L0 (i1, line 17 vs 17) trip count arg[1] (arg[1] = 8 on every core) vs 4 "
            "(differs at run time)",
        ),
    ]
    assert _findings(mutant) == [
        (
            "compute.cpp",
            21,
            "cb-balance",
            "compute.cpp: CB c_0: reader.cpp pushes arg[4] = 8 page(s) per work unit x arg[3] = 1 unit(s), "
            "compute.cpp pops 4 x arg[0] = 1 (core 0,0)",
        ),
        (
            "compute.cpp",
            22,
            "cb-balance",
            "compute.cpp: CB c_1: reader.cpp pushes arg[4] = 8 page(s) per work unit x arg[3] = 1 unit(s), "
            "compute.cpp pops 4 x arg[0] = 1 (core 0,0)",
        ),
    ]


def test_changed_cb_id(gemm: dict[str, str], edit: Callable[..., dict[str, str]]) -> None:
    mutant = edit(gemm, "compute.cpp", "cb_out0 = tt::CBIndex::c_16", "cb_out0 = tt::CBIndex::c_17")
    assert _diff(gemm, mutant, "compute.cpp") == [
        (
            None,
            "compute.cpp: CB id c_16 vs c_17 (same use: cb_push_back, cb_reserve_back, compute_kernel_hw_startup, pack_tile)",
        ),
        (
            "change",
            "compute.cpp: compute_kernel_hw_startup<SrcOrder::Reverse> (line 13 vs 13) operand 2: c_16 vs c_17",
        ),
        ("change", "compute.cpp: cb_reserve_back (line 26 vs 26) operand 0: c_16 vs c_17"),
        ("change", "compute.cpp: pack_tile (line 27 vs 27) operand 1: c_16 vs c_17"),
        ("change", "compute.cpp: cb_push_back (line 28 vs 28) operand 0: c_16 vs c_17"),
    ]
    assert _findings(mutant) == [
        (
            "compute.cpp",
            13,
            "cb-created",
            "compute.cpp: uses CB c_17 but main.cpp creates no such circular buffer",
        ),
        (
            "compute.cpp",
            28,
            "cb-balance",
            "compute.cpp: CB c_17: pushes 1 page(s) per work unit but no kernel pops it",
        ),
        (
            "writer.cpp",
            19,
            "cb-balance",
            "writer.cpp: CB c_16: pops 1 page(s) per work unit but no kernel pushes it",
        ),
    ]


def test_changed_tile_index_expression(gemm: dict[str, str], edit: Callable[..., dict[str, str]]) -> None:
    mutant = edit(
        gemm, "reader.cpp", "noc_async_read_tile(m * Kt + kt,", "noc_async_read_tile(m * Kt + kt + 1,"
    )
    assert _diff(gemm, mutant, "reader.cpp") == [
        (
            "change",
            "reader.cpp: noc_async_read_tile (line 27 vs 27) operand 0: "
            "(arg[2] + i0) / arg[5] * arg[4] + i1 vs (arg[2] + i0) / arg[5] * arg[4] + 1 + i1 "
            "(values differ at run time)",
        ),
    ]
    change = compare_artifacts(left=gemm, right=mutant).artifacts["reader.cpp"].differences[0]
    assert change.values_agree is False
    # core (0,7) is core_id 56: m = 7, and kt = 7 reads page 7 * 8 + 7 + 1 = 64 of a 64-page buffer
    assert _findings(mutant) == [
        (
            "reader.cpp",
            27,
            "tile-index-range",
            "reader.cpp: noc_async_read_tile index (arg[2] + i0) / arg[5] * arg[4] + 1 + i1 reaches 64 "
            "on core 0,7 but buffer0 has 64 pages",
        ),
    ]


def test_missing_barrier(gemm: dict[str, str], edit: Callable[..., dict[str, str]]) -> None:
    mutant = edit(gemm, "writer.cpp", "        noc_async_write_barrier();\n", "")
    assert _diff(gemm, mutant, "writer.cpp") == [
        ("delete", "writer.cpp: noc_async_write_barrier() missing after noc_async_write_tile (left line 18)"),
    ]
    assert _findings(mutant) == [
        (
            "writer.cpp",
            17,
            "barrier-before-pop",
            "writer.cpp: noc_async_write_tile at line 17 is never completed by noc_async_write_barrier",
        ),
        (
            "writer.cpp",
            18,
            "barrier-before-pop",
            "writer.cpp: cb_pop_front(c_16) at line 18 before noc_async_write_barrier completes the "
            "noc_async_write_tile at line 17",
        ),
    ]


def test_host_runtime_arguments_one_short(gemm: dict[str, str], edit: Callable[..., dict[str, str]]) -> None:
    mutant = edit(
        gemm,
        "main.cpp",
        "{static_cast<uint32_t>(buf_C->address()), start_tile[core_id], tile_count[core_id]}",
        "{static_cast<uint32_t>(buf_C->address()), start_tile[core_id]}",
    )
    differences = _diff(gemm, mutant, "main.cpp")
    assert differences[0] == (
        None,
        "main.cpp: runtime arguments of writer.cpp: 3 values vs 2 on all 64 cores "
        "(core 0,0: {static_cast<uint32_t>(buffer2->address()), 0, 1} vs {static_cast<uint32_t>(buffer2->address()), 0})",
    )
    assert differences[1][0] == "change"
    assert differences[1][1].startswith(
        "main.cpp: SetRuntimeArgs (line 127 vs 127) operand 3 element 2 only on the left: uint32_t{1, 1, 1"
    )
    assert differences[1][1].endswith(", 1, 1}[i0]")
    assert len(differences) == 2
    assert _findings(mutant) == [
        (
            "main.cpp",
            127,
            "runtime-args-cover",
            "main.cpp: writer.cpp reads runtime argument 2 (line 7) but SetRuntimeArgs passes 2 value(s) on all 64 cores",
        ),
        (
            "writer.cpp",
            19,
            "cb-balance",
            "writer.cpp: CB c_16: compute.cpp pushes 1 page(s) per work unit x arg[0] = 1 unit(s), "
            "writer.cpp pops 1 x arg[2] (core 0,0)",
        ),
    ]
