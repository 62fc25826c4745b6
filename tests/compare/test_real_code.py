"""The model reads real tt-metal code: preprocessor, CB spellings, acquire_dst, folded sizes, the CLI
on program folders, and the API facts checked against the real v0.81.1 headers when present."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.release import release_tt_metal

from ttmigrate.cli import main
from ttmigrate.compare import check_artifacts, compare_artifacts
from ttmigrate.compare.api_facts import CB_OPERANDS, TT_CONSTANTS, cb_id_of
from ttmigrate.compare.checks.cb_protocol import check_cb_protocol
from ttmigrate.compare.expr import Cb, Lit, Num
from ttmigrate.compare.extract import extract_kernel
from ttmigrate.compare.host import extract_host
from ttmigrate.compare.parse import parse_cpp
from ttmigrate.compare.preprocess import PreprocessError, preprocess, strip_comments

PROGRAMS = Path(__file__).resolve().parents[1] / "data" / "metalium_programs"


def test_conditionals_are_decided_and_lines_kept() -> None:
    text = "\n".join(
        [
            "#define A 2",  # 1
            "#if A > 1 && !defined(B)",  # 2
            "x1;",  # 3
            "#elif 1",  # 4
            "x2;",  # 5
            "#else",  # 6
            "x3;",  # 7
            "#endif",  # 8
            "#ifdef B",  # 9
            "y1;",  # 10
            "#endif",  # 11
        ]
    )
    pre = preprocess(artifact="k.cpp", text=text)
    assert pre.text.split("\n") == ["", "", "x1;", "", "", "", "", "", "", "", ""]
    assert pre.macros == {"A": "2"}
    with_b = preprocess(artifact="k.cpp", text=text, defines={"B": "1"})
    assert with_b.text.split("\n")[4] == "x2;" and with_b.text.split("\n")[9] == "y1;"


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("#define F(x) x\n#if F(1)\n#endif\n", 2, "function-like macro F"),
        ("int a;\n#endif\n", 2, "#endif without #if"),
        ("#ifdef X\nint a;\n", 1, "without #endif"),
    ],
)
def test_a_conditional_that_cannot_be_decided_names_its_line(text: str, line: int, problem: str) -> None:
    with pytest.raises(PreprocessError) as info:
        preprocess(artifact="k.cpp", text=text)
    assert info.value.line == line and problem in str(info.value)


def test_switch_on_a_known_value_runs_its_case() -> None:
    source = parse_cpp(
        artifact="k.cpp",
        text="""
void kernel_main() {
    constexpr uint32_t mode = 2;
    switch (mode) {
        case 1: cb_wait_front(0, 1); break;
        case 2: cb_wait_front(1, 1);
        case 3: cb_pop_front(1, 1); break;
        default: cb_pop_front(5, 1);
    }
    switch (get_arg_val<uint32_t>(0)) {
        case 0: cb_reserve_back(16, 1); break;
        default: cb_push_back(16, 1);
    }
}
""",
    )
    events = [(e.describe(), e.scope) for e in extract_kernel(source).events]
    assert events == [
        ("cb_wait_front(c_1, 1)", ()),
        ("cb_pop_front(c_1, 1)", ()),
        ("if B0 0 == arg[0]", ()),
        ("cb_reserve_back(c_16, 1)", ("B0",)),
        ("else B1", ()),
        ("cb_push_back(c_16, 1)", ("B1",)),
    ]


def test_cb_spellings() -> None:
    assert [cb_id_of(s) for s in ("tt::CBIndex::c_16", "CBIndex::c_3", "tt::CB::c_in1", "CB::c_out0")] == [
        16,
        3,
        1,
        16,
    ]
    assert [cb_id_of(s) for s in ("tt::CB::dataflow2", "tt::CB::c_intermed7", "c_16", "tt::CB::c_in9")] == [
        10,
        31,
        None,
        None,
    ]
    source = parse_cpp(
        artifact="k.cpp",
        text="""
#define CB_OUT tt::CBIndex::c_16
ALWI void step(uint32_t cb) { cb_wait_front(cb, 1); cb_pop_front(cb, 1); }
void kernel_main() {
    constexpr uint32_t a = 0;
    cb_reserve_back(static_cast<uint32_t>(tt::CB::c_in1), 1);
    cb_push_back((uint32_t)tt::CBIndex::c_1, 2 * 1024 / 2048);
    step(a);
    cb_wait_front(CB_OUT, tt::constants::TILE_HW * sizeof(bfloat16) / 2048);
    uint32_t n = 0;
    while (n < 3) { cb_pop_front(CB_OUT, 1); ++n; }
}
""",
    )
    model = extract_kernel(source)
    calls = [e.describe() for e in model.events if e.kind == "call"]
    assert calls == [
        "cb_reserve_back(c_1, 1)",
        "cb_push_back(c_1, 1)",
        "cb_wait_front(c_0, 1)",
        "cb_pop_front(c_0, 1)",
        "cb_wait_front(c_16, 1)",
        "cb_pop_front(c_16, 1)",
    ]
    assert sorted(model.cbs) == [0, 1, 16]


def test_cb_objects_and_symbolic_page_counts() -> None:
    """v0.81.1 kernels use CB objects (api/dataflow/dataflow_buffer.h, circular_buffer.h), declared
    `DataflowBuffer dfb(cb)` (a most vexing parse); a reserve of n pages covers n packs."""
    source = parse_cpp(
        artifact="compute.cpp",
        text="""
void kernel_main() {
    uint32_t n = get_arg_val<uint32_t>(0);
    constexpr auto cb_output = tt::CBIndex::c_2;
    DataflowBuffer dfb_in(tt::CBIndex::c_0);
    experimental::CircularBuffer dfb_out(cb_output);
    dfb_in.wait_front(n);
    dfb_out.reserve_back(n);
    for (uint32_t i = 0; i < n; ++i) {
        tile_regs_acquire();
        copy_tile(dfb_in.get_id(), i, 0);
        tile_regs_commit();
        tile_regs_wait();
        pack_tile(0, dfb_out.get_cb_id());
        tile_regs_release();
    }
    dfb_in.pop_front(n);
    dfb_out.push_back(n);
}
""",
    )
    model = extract_kernel(source)
    assert [e.describe() for e in model.events if e.kind == "call" and "regs" not in e.name] == [
        "cb_wait_front(c_0, arg[0])",
        "cb_reserve_back(c_2, arg[0])",
        "copy_tile(c_0, i0, 0)",
        "pack_tile(0, c_2)",
        "cb_pop_front(c_0, arg[0])",
        "cb_push_back(c_2, arg[0])",
    ]
    assert check_cb_protocol(model) == []
    unreserved = parse_cpp(artifact="compute.cpp", text=source.text.replace("dfb_out.reserve_back(n);", ""))
    assert {f.rule for f in check_cb_protocol(extract_kernel(unreserved))} == {
        "reserve-before-pack",
        "reserve-before-push",
    }


def test_host_argument_lists_built_by_push_back() -> None:
    source = parse_cpp(
        artifact="main.cpp",
        text="""
int main() {
    Program program = CreateProgram();
    CoreCoord core = {0, 0};
    std::vector<uint32_t> ct = {16};
    ct.push_back(tt::CBIndex::c_1);
    TensorAccessorArgs(*buf).append_to(ct);
    ct.push_back(7);
    KernelHandle k = CreateKernel(program, "kernels/k.cpp", core, ComputeConfig{.compile_args = ct});
    for (uint32_t i = 0; i < 2; ++i) {
        std::vector<uint32_t> args = {i};
        args.push_back(5);
        SetRuntimeArgs(program, k, {i, 0}, args);
    }
    return 0;
}
""",
    )
    host = extract_host(source)
    # after the accessor's entries the positions are unknown: 7 is not compile-time argument 2
    assert host.kernels["k.cpp"].compile_args == (Num(16), Cb(1), Lit("..."))
    assert {core: call.args for core, call in host.runtime_args["k.cpp"].items()} == {
        (0, 0): ("0", "5"),
        (1, 0): ("1", "5"),
    }


def test_same_cb_written_two_ways_is_the_same_cb_to_the_diff(
    gemm: dict[str, str], edit: Callable[..., dict[str, str]]
) -> None:
    respelled = edit(gemm, "reader.cpp", "cb_in0 = tt::CBIndex::c_0;", "cb_in0 = tt::CB::c_in0;")
    respelled = edit(respelled, "reader.cpp", "cb_in1 = tt::CBIndex::c_1;", "cb_in1 = 1;")
    result = compare_artifacts(left=gemm, right=respelled).artifacts["reader.cpp"]
    assert (result.level, result.differences) == ("L4", [])


def test_acquire_dst_release_dst(gemm: dict[str, str], edit: Callable[..., dict[str, str]]) -> None:
    """reg_api.h: acquire_dst holds DST for math and pack, release_dst ends the section."""
    legacy = edit(gemm, "compute.cpp", "        tile_regs_acquire();\n", "        acquire_dst();\n")
    legacy = edit(legacy, "compute.cpp", "        tile_regs_commit();\n", "")
    legacy = edit(legacy, "compute.cpp", "        tile_regs_wait();\n", "")
    legacy = edit(legacy, "compute.cpp", "        tile_regs_release();\n", "        release_dst();\n")
    assert check_artifacts(artifacts=legacy) == []
    unreleased = edit(legacy, "compute.cpp", "        release_dst();\n", "")
    assert {(f.artifact, f.rule) for f in check_artifacts(artifacts=unreleased)} == {
        ("compute.cpp", "dst-order")
    }


def test_unmodelled_statement_with_calls_is_one_parse_finding(
    gemm: dict[str, str], edit: Callable[..., dict[str, str]]
) -> None:
    broken = edit(
        gemm,
        "writer.cpp",
        "        cb_pop_front(cb_out0, 1);\n",
        "        retry: cb_pop_front(cb_out0, 1);\n",
    )
    parse = [f for f in check_artifacts(artifacts=broken) if f.rule == "parse"]
    assert [(f.artifact, f.line) for f in parse] == [("writer.cpp", 19)]
    assert "labeled statement with calls inside is not modelled" in parse[0].message


def test_check_program_cli(tmp_path: Path) -> None:
    folder = PROGRAMS / "eltwise_binary"
    result = CliRunner().invoke(main, ["check", "--program", str(folder)])
    assert (result.exit_code, result.output) == (0, f"{folder} (program): no protocol findings\n")
    bad = tmp_path / "bad"
    for path in folder.rglob("*.cpp"):
        target = bad / path.relative_to(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        target.write_text(text.replace("        cb_wait_front(cb_out, 1);\n", ""), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--program", str(bad), "--json"])
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert [(f["artifact"], f["rule"]) for f in document["findings"]] == [
        ("kernels/dataflow/write_one.cpp", "wait-before-pop")
    ]
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("no C++ here", encoding="utf-8")
    for args in (["--program", str(tmp_path / "missing"), "--json"], ["--program", str(empty), "--json"]):
        result = CliRunner().invoke(main, ["check", *args])
        assert result.exit_code == 2
        assert json.loads(result.output)["error"]


def test_api_facts_match_the_real_headers() -> None:
    """Every CB operand position names a CB parameter in the v0.81.1 header that declares the call,
    and the tt::constants values are those of tt-metalium/constants.hpp."""
    tt_metal = release_tt_metal()
    headers = "\n".join(
        strip_comments(p.read_text(encoding="utf-8", errors="replace")).replace("__builtin_LINE()", "LINE")
        for p in (tt_metal / "hw/inc/api").rglob("*.h")
    )
    for api, positions in CB_OPERANDS.items():
        definitions = re.findall(rf"\b{api}\s*\(([^)]*)\)\s*(?:const\s*)?\{{", headers)
        assert definitions, f"{api} not defined in the v0.81.1 headers"
        signatures = [[p.split("=")[0].split()[-1] for p in d.split(",") if p.strip()] for d in definitions]
        # some overload takes a CB at every listed position it has
        assert any(
            all(re.search(r"cb|operand", params[i], re.I) for i in positions if i < len(params))
            and len(params) > min(positions)
            for params in signatures
        ), (api, positions, signatures)
    constants = (tt_metal / "api/tt-metalium/constants.hpp").read_text(encoding="utf-8")
    values: dict[str, int] = {}
    for name, expression in re.findall(r"constexpr uint32_t (\w+) = ([^;]+);", constants):
        values[name] = eval(expression, {}, dict(values))
    assert values == TT_CONSTANTS
