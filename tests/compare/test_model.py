"""The kernel and host models extracted from the GEMM reference, and the canonical expressions."""

from __future__ import annotations

from collections.abc import Callable

from ttmigrate.compare import expr as E
from ttmigrate.compare.extract import extract_kernel
from ttmigrate.compare.host import extract_host
from ttmigrate.compare.levels import alpha_sequence
from ttmigrate.compare.parse import parse_cpp


def test_reader_model(gemm: dict[str, str]) -> None:
    model = extract_kernel(parse_cpp(artifact="reader.cpp", text=gemm["reader.cpp"]))
    assert model.entry == "kernel_main"
    assert model.includes == ("cstdint", "api/dataflow/dataflow_api.h")
    assert {cb: (use.role, use.symbols) for cb, use in model.cbs.items()} == {
        0: ("input", ("cb_in0",)),
        1: ("input", ("cb_in1",)),
    }
    assert {i: arg.meaning for i, arg in model.runtime_args.items()} == {
        0: ("noc_async_read_tile(c_0) operand 1.bank_base_address",),
        1: ("noc_async_read_tile(c_1) operand 1.bank_base_address",),
        2: ("noc_async_read_tile(c_0) operand 0 term", "noc_async_read_tile(c_1) operand 0 term"),
        3: ("trip count of loop L0",),
        4: ("noc_async_read_tile(c_0) operand 0 term", "trip count of loop L0.L0"),
        5: ("noc_async_read_tile(c_0) operand 0 term", "noc_async_read_tile(c_1) operand 0 term"),
    }
    assert {loop_id: (loop.var, loop.trip_count, loop.line) for loop_id, loop in model.loops.items()} == {
        "L0": ("i0", "arg[3]", 20),
        "L0.L0": ("i1", "arg[4]", 24),
    }
    calls = [(e.line, e.scope, e.name, e.args) for e in model.events if e.kind == "call"]
    assert calls[:2] == [
        (25, ("L0", "L0.L0"), "cb_reserve_back", ("c_0", "1")),
        (
            27,
            ("L0", "L0.L0"),
            "noc_async_read_tile",
            (
                "(arg[2] + i0) / arg[5] * arg[4] + i1",
                "InterleavedAddrGenFast<true>{.bank_base_address = arg[0], .page_size = get_tile_size(c_0), "
                ".data_format = get_dataformat(c_0)}",
                "get_write_ptr(c_0)",
            ),
        ),
    ]
    assert [name for _, _, name, _ in calls[2:]] == [
        "cb_reserve_back",
        "noc_async_read_tile",
        "noc_async_read_barrier",
        "cb_push_back",
        "cb_push_back",
    ]


def test_compute_model_roles_and_constants(gemm: dict[str, str], edit: Callable[..., dict[str, str]]) -> None:
    text = edit(
        gemm, "compute.cpp", "    matmul_init(", "    constexpr uint32_t dst0 = 2 * 0;\n    matmul_init("
    )["compute.cpp"]
    model = extract_kernel(parse_cpp(artifact="compute.cpp", text=text))
    assert model.entry == "MAIN"
    assert {cb: use.role for cb, use in model.cbs.items()} == {0: "input", 1: "input", 16: "output"}
    assert model.constants == {"dst0": "0"}
    assert {i: arg.meaning for i, arg in model.runtime_args.items()} == {
        0: ("trip count of loop L0",),
        1: ("trip count of loop L0.L0",),
    }


def test_host_model(gemm: dict[str, str]) -> None:
    host = extract_host(parse_cpp(artifact="main.cpp", text=gemm["main.cpp"]))
    assert [(b.size, b.page_size, b.buffer_type) for b in host.buffers] == [
        ("131072", "2048", "BufferType::DRAM")
    ] * 3
    assert {cb: c.comparable() for cb, c in host.cbs.items()} == {
        cb: {"total_size": "4096", "page_size": "2048", "data_format": "tt::DataFormat::Float16_b"}
        for cb in (0, 1, 16)
    }
    assert {name: (k.config, len(k.cores), k.cores[-1]) for name, k in host.kernels.items()} == {
        "reader.cpp": (
            "DataMovementConfig{.processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default}",
            64,
            (7, 7),
        ),
        "writer.cpp": (
            "DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default}",
            64,
            (7, 7),
        ),
        # a float32 accumulator in the IR: 32-bit DST (ttmigrate.emit.numerics)
        "compute.cpp": (
            "ComputeConfig{.math_fidelity = MathFidelity::HiFi4, .fp32_dest_acc_en = true}",
            64,
            (7, 7),
        ),
    }
    reader = host.runtime_args["reader.cpp"]
    assert len(reader) == 64
    # core_id 13 -> CoreCoord{13 % 8, 13 / 8}; start_tile[13] = 13, tile_count[13] = 1, Kt = Nt = 8
    assert reader[(5, 1)].args == (
        "static_cast<uint32_t>(buffer0->address())",
        "static_cast<uint32_t>(buffer1->address())",
        "13",
        "1",
        "8",
        "8",
    )
    assert host.runtime_args["writer.cpp"][(7, 7)].args == (
        "static_cast<uint32_t>(buffer2->address())",
        "63",
        "1",
    )
    assert host.runtime_args["compute.cpp"][(0, 0)].args == ("1", "8")


def test_canonical_expressions() -> None:
    a, b, i = E.Arg(1), E.Arg(2), E.Loop(0)
    assert E.binary("+", E.binary("*", b, i), a) == E.binary("+", a, E.binary("*", i, b))
    assert E.render(E.binary("-", E.binary("+", a, b), a)) == "arg[2]"
    assert E.render(E.binary("*", E.num(32), E.binary("*", E.num(32), E.num(2)))) == "2048"
    assert E.render(E.binary("-", a, b)) == "arg[1] - arg[2]"
    assert E.render(E.binary("/", a, E.binary("*", b, i))) == "arg[1] / (arg[2] * i0)"
    # string concatenation keeps its order
    assert E.render(E.binary("+", E.Local(0), E.Lit('"/A.bin"'))) == 'v0 + "/A.bin"'


def test_expression_kinds_never_compare_equal() -> None:
    # the same fields under another kind are another value, also as a dict key
    assert E.Arg(1) != E.CtArg(1) and E.Num(16) != E.Cb(16) and E.Name("x") != E.Lit("x")
    assert len({E.Arg(1), E.CtArg(1), E.Loop(1), E.Local(1), E.Arg(1)}) == 4
    assert E.Bin("-", E.Arg(1), E.Num(2)) == E.Bin("-", E.Arg(1), E.Num(2))


def test_alpha_renaming_is_scoped() -> None:
    left = "void f(int n) { int a = n; { int a = 2; g(a); } g(a); }"
    right = "void f(int m) { int x = m; { int y = 2; g(y); } g(x); }"
    wrong = "void f(int m) { int x = m; { int y = 2; g(x); } g(x); }"
    parsed = [alpha_sequence(parse_cpp(artifact="t.cpp", text=t)) for t in (left, right, wrong)]
    assert parsed[0] == parsed[1]
    assert parsed[0] != parsed[2]
