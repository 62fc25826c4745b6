"""Protocol rules on one emitter output: the reference passes them all, each rule can fail."""

from __future__ import annotations

from collections.abc import Callable

from ttmigrate.compare import check_artifacts


def _findings(artifacts: dict[str, str]) -> list[tuple[str, int, str, str]]:
    return [(f.artifact, f.line, f.rule, f.message) for f in check_artifacts(artifacts=artifacts)]


def test_reference_program_has_no_findings(gemm: dict[str, str]) -> None:
    assert check_artifacts(artifacts=gemm) == []


def test_pop_without_wait(gemm: dict[str, str], edit: Callable[..., dict[str, str]]) -> None:
    mutant = edit(gemm, "writer.cpp", "        cb_wait_front(cb_out0, 1);\n", "")
    assert _findings(mutant) == [
        (
            "writer.cpp",
            18,
            "wait-before-pop",
            "writer.cpp: cb_pop_front(c_16, 1) at line 18 without 1 page(s) made visible by cb_wait_front",
        ),
    ]


def test_push_without_reserve(gemm: dict[str, str], edit: Callable[..., dict[str, str]]) -> None:
    mutant = edit(gemm, "reader.cpp", "            cb_reserve_back(cb_in1, 1);\n", "")
    assert _findings(mutant) == [
        (
            "reader.cpp",
            32,
            "reserve-before-push",
            "reader.cpp: cb_push_back(c_1, 1) at line 32 without 1 page(s) reserved by cb_reserve_back",
        ),
    ]


def test_pack_without_reserve(gemm: dict[str, str], edit: Callable[..., dict[str, str]]) -> None:
    mutant = edit(gemm, "compute.cpp", "        cb_reserve_back(cb_out0, 1);\n", "")
    assert _findings(mutant) == [
        (
            "compute.cpp",
            26,
            "reserve-before-pack",
            "compute.cpp: pack_tile into c_16 at line 26 without a page reserved by cb_reserve_back(c_16)",
        ),
        (
            "compute.cpp",
            27,
            "reserve-before-push",
            "compute.cpp: cb_push_back(c_16, 1) at line 27 without 1 page(s) reserved by cb_reserve_back",
        ),
    ]


def test_missing_release(gemm: dict[str, str], edit: Callable[..., dict[str, str]]) -> None:
    mutant = edit(gemm, "compute.cpp", "        tile_regs_release();\n", "")
    assert _findings(mutant) == [
        (
            "compute.cpp",
            16,
            "dst-order",
            "compute.cpp: tile_regs_acquire at line 16 needs DST released by tile_regs_release "
            "but it is waited after pack_tile at line 27",
        ),
        (
            "compute.cpp",
            28,
            "dst-order",
            "compute.cpp: kernel ends with DST waited after pack_tile at line 27, never released",
        ),
    ]


def test_math_outside_acquire(gemm: dict[str, str], edit: Callable[..., dict[str, str]]) -> None:
    mutant = edit(gemm, "compute.cpp", "        tile_regs_acquire();\n", "")
    mutant = edit(
        mutant,
        "compute.cpp",
        "        tile_regs_release();\n",
        "        tile_regs_release();\n        tile_regs_acquire();\n",
    )
    findings = _findings(mutant)
    assert findings[0] == (
        "compute.cpp",
        19,
        "dst-order",
        "compute.cpp: matmul_tiles at line 19 outside tile_regs_acquire..tile_regs_commit "
        "(DST is released after start of kernel)",
    )
    assert {f[2] for f in findings} == {"dst-order"}


def test_cb_page_size_and_format(gemm: dict[str, str], edit: Callable[..., dict[str, str]]) -> None:
    mutant = edit(
        gemm,
        "main.cpp",
        "CircularBufferConfig(2 * tile_bytes, {{tt::CBIndex::c_1, tt::DataFormat::Float16_b}})",
        "CircularBufferConfig(2 * tile_bytes, {{tt::CBIndex::c_1, tt::DataFormat::Float32}})",
    )
    assert _findings(mutant) == [
        (
            "main.cpp",
            106,
            "cb-page-size",
            "main.cpp: CB c_1: page size 2048 but a Float32 tile is 4096 bytes",
        ),
    ]
    mutant = edit(
        gemm,
        "main.cpp",
        ".set_page_size(tt::CBIndex::c_16, tile_bytes)",
        ".set_page_size(tt::CBIndex::c_16, 1024)",
    )
    assert _findings(mutant) == [
        (
            "main.cpp",
            109,
            "cb-page-size",
            "main.cpp: CB c_16: page size 1024 but a Float16_b tile is 2048 bytes",
        ),
        (
            "writer.cpp",
            17,
            "cb-page-size",
            "writer.cpp: noc_async_write_tile moves 2048-byte pages of buffer2 through CB c_16 whose page size is 1024 "
            "(core 0,0)",
        ),
    ]


def test_cb_not_created(gemm: dict[str, str]) -> None:
    start = gemm["main.cpp"].index(
        "    CreateCircularBuffer(program, cores,\n                         CircularBufferConfig(2 * tile_bytes, {{tt::CBIndex::c_1"
    )
    end = gemm["main.cpp"].index("    CreateCircularBuffer(", start + 10)
    mutant = {**gemm, "main.cpp": gemm["main.cpp"][:start] + gemm["main.cpp"][end:]}
    assert _findings(mutant) == [
        (
            "compute.cpp",
            13,
            "cb-created",
            "compute.cpp: uses CB c_1 but main.cpp creates no such circular buffer",
        ),
        (
            "reader.cpp",
            28,
            "cb-created",
            "reader.cpp: uses CB c_1 but main.cpp creates no such circular buffer",
        ),
    ]


def test_runtime_args_missing_on_some_cores(
    gemm: dict[str, str], edit: Callable[..., dict[str, str]]
) -> None:
    mutant = edit(gemm, "main.cpp", "core_id < num_cores; ++core_id)", "core_id < num_cores - 8; ++core_id)")
    assert _findings(mutant) == [
        (
            "main.cpp",
            113,
            "runtime-args-cover",
            "main.cpp: reader.cpp reads runtime arguments 0..5 but the host sets none on 8 of 64 cores (first 0,7)",
        ),
        (
            "main.cpp",
            116,
            "runtime-args-cover",
            "main.cpp: writer.cpp reads runtime arguments 0..2 but the host sets none on 8 of 64 cores (first 0,7)",
        ),
        (
            "main.cpp",
            119,
            "runtime-args-cover",
            "main.cpp: compute.cpp reads runtime arguments 0..1 but the host sets none on 8 of 64 cores (first 0,7)",
        ),
    ]


def test_placeholders_in_code_not_in_comments(
    gemm: dict[str, str], edit: Callable[..., dict[str, str]]
) -> None:
    """Issue 12: a comment never trips the rule (real headers carry `// TODO(AP)` notes); placeholder
    text in code (an identifier, a string literal) and in the plan still does."""
    artifacts = dict(gemm)
    artifacts = edit(
        artifacts,
        "compute.cpp",
        "    matmul_init(cb_in0, cb_in1);\n",
        "    matmul_init(cb_in0, cb_in1);  // TODO(AP): pick the op from the IR\n"
        "    /* FIXME: a block comment */ UNSUPPORTED(cb_in0);\n",
    )
    artifacts = edit(
        artifacts, "writer.cpp", "void kernel_main() {\n", 'void kernel_main() {\n    DPRINT("TODO\\n");\n'
    )
    artifacts["tt.plan.json"] = '{"op": "/* unsupported expr */"}\n'
    placeholders = [f for f in _findings(artifacts) if f[2] == "no-placeholder"]
    assert placeholders == [
        (
            "compute.cpp",
            15,
            "no-placeholder",
            "compute.cpp: placeholder text 'UNSUPPORTED': /* FIXME: a block comment */ UNSUPPORTED(cb_in0);",
        ),
        (
            "tt.plan.json",
            1,
            "no-placeholder",
            'tt.plan.json: placeholder text \'unsupported\': {"op": "/* unsupported expr */"}',
        ),
        (
            "writer.cpp",
            5,
            "no-placeholder",
            "writer.cpp: placeholder text 'TODO': DPRINT(\"TODO\\n\");",
        ),
    ]


def test_missing_host_is_a_finding(gemm: dict[str, str]) -> None:
    kernels = {name: text for name, text in gemm.items() if name != "main.cpp"}
    # without a host the argument indices of different kernels cannot be related: the balance
    # rule says so instead of passing silently
    assert [(f.artifact, f.rule) for f in check_artifacts(artifacts=kernels)] == [
        ("compute.cpp", "cb-balance"),
        ("compute.cpp", "cb-balance"),
        ("main.cpp", "host-missing"),
        ("writer.cpp", "cb-balance"),
    ]
    assert check_artifacts(artifacts=kernels)[3].message == (
        "writer.cpp: CB c_16: compute.cpp pushes 1 page(s) per work unit x arg[0] unit(s), "
        "writer.cpp pops 1 x arg[2] (no host runtime arguments to evaluate with)"
    )


def test_unparsable_artifact_is_a_finding(gemm: dict[str, str], edit: Callable[..., dict[str, str]]) -> None:
    broken = edit(gemm, "writer.cpp", "cb_pop_front(cb_out0, 1);", "cb_pop_front(cb_out0, 1;")
    findings = [f for f in check_artifacts(artifacts=broken) if f.rule == "parse"]
    assert [(f.artifact, f.line, f.message) for f in findings] == [
        ("writer.cpp", 19, "writer.cpp:19: C++ syntax error: missing ')'")
    ]
