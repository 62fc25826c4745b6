"""Tensorize of copies and GEMMs: tile indices read from the IR, the K loop by data dependence."""

from tt_kernels import annotations, exprs, gemm, loops, lowered, to_py

from ttmigrate.frontend import T


@T.prim_func
def misleading_names(
    A: T.Tensor((64, 128), "bfloat16"), B: T.Tensor((128, 64), "bfloat16"), C: T.Tensor((64, 64), "bfloat16")
):
    with T.Kernel(1, 2, threads=128) as (_bx, by):
        A_shared = T.alloc_shared((32, 32), "bfloat16")
        B_shared = T.alloc_shared((32, 32), "bfloat16")
        C_local = T.alloc_fragment((32, 32), "float32")
        for k in T.serial(2):  # walks N (indexes B and C): not the reduction loop
            T.clear(C_local)
            for i in T.Pipelined(4, num_stages=2):  # walks K (indexes A and B, not C)
                T.copy(A[by * 32, i * 32], A_shared)
                T.copy(B[i * 32, k * 32], B_shared)
                T.gemm(A_shared, B_shared, C_local)
            T.copy(C_local, C[by * 32, k * 32])


@T.prim_func
def single_k_step(
    A: T.Tensor((64, 32), "bfloat16"), B: T.Tensor((32, 64), "bfloat16"), C: T.Tensor((64, 64), "bfloat16")
):
    with T.Kernel(2, 2, threads=128) as (bx, by):
        A_shared = T.alloc_shared((32, 32), "bfloat16")
        B_shared = T.alloc_shared((32, 32), "bfloat16")
        C_local = T.alloc_fragment((32, 32), "float32")
        T.clear(C_local)
        T.copy(A[by * 32, 0], A_shared)
        T.copy(B[0, bx * 32], B_shared)
        T.gemm(A_shared, B_shared, C_local)
        T.copy(C_local, C[by * 32, bx * 32])


def _copies(func):
    return [
        (
            str(a.node["direction"]),
            a.node["buffer"].name,
            a.node["cb"].name,
            int(a.node["cb_id"]),
            exprs(a.node["tile_index"]),
            to_py(a.node["tiles"]),
        )
        for a in annotations(func, "tt.copy")
    ]


def test_gemm_ops_in_program_order():
    func = lowered(gemm(128, 128, 128))
    keys = [(str(a.attr_key), int(a.value)) for a in annotations(func)]
    assert keys == [
        ("tt.fill", 0),
        ("tt.copy", 0),
        ("tt.copy", 1),
        ("tt.matmul_intrinsic", 0),
        ("tt.copy", 2),
    ]
    assert _copies(func) == [
        ("read", "A", "A_shared", 0, ["by", "ko"], [1, 1]),
        ("read", "B", "B_shared", 1, ["ko", "bx"], [1, 1]),
        ("write", "C", "C_local", 16, ["by", "bx"], [1, 1]),
    ]
    (fill,) = annotations(func, "tt.fill")
    assert (fill.node["cb"].name, int(fill.node["cb_id"]), float(fill.node["value"].value)) == (
        "C_local",
        16,
        0.0,
    )
    (mm,) = annotations(func, "tt.matmul_intrinsic")
    node = mm.node
    assert (int(node["in0_cb"]), int(node["in1_cb"]), int(node["out_cb"])) == (0, 1, 16)
    assert (node["in0"].name, node["in1"].name, node["out"].name) == ("A_shared", "B_shared", "C_local")
    assert (bool(node["transpose_a"]), bool(node["transpose_b"])) == (False, False)
    assert (int(node["mt"]), int(node["nt"]), int(node["kt"])) == (1, 1, 1)
    assert (
        func.attrs["tt_num_matmuls"] == 1
        and bool(func.attrs["tt_has_tensorize"])
        and bool(func.attrs["tt_ir_validated"])
    )


def test_k_loop_keeps_its_bounds_and_annotations():
    func = lowered(gemm(128, 128, 160))
    (k,) = [loop for loop in loops(func) if "tt.k_loop" in loop.annotations]
    assert (k.loop_var.name, int(k.min), int(k.extent)) == ("ko", 0, 5)
    assert dict(k.annotations) == {"num_stages": 2, "tt.k_loop": 1}
    assert [str(a.attr_key) for a in annotations(k.body)] == ["tt.copy", "tt.copy", "tt.matmul_intrinsic"]


def test_k_loop_found_by_data_dependence_not_by_name():
    func = lowered(misleading_names)
    marked = {
        loop.loop_var.name: "tt.k_loop" in loop.annotations
        for loop in loops(func)
        if "tt.work_loop" not in loop.annotations
    }
    assert marked == {"k": False, "i": True}
    assert _copies(func)[1][4] == ["i", "k"]


def test_single_k_step_has_no_k_loop():
    func = lowered(single_k_step)
    assert not any("tt.k_loop" in loop.annotations for loop in loops(func))
    assert _copies(func)[:2] == [
        ("read", "A", "A_shared", 0, ["by", "0"], [1, 1]),
        ("read", "B", "B_shared", 1, ["0", "bx"], [1, 1]),
    ]


def test_transposed_b():
    func = lowered(gemm(64, 256, 128, transpose_b=True))
    (mm,) = annotations(func, "tt.matmul_intrinsic")
    assert (bool(mm.node["transpose_a"]), bool(mm.node["transpose_b"])) == (False, True)
    assert _copies(func)[1] == ("read", "B", "B_shared", 1, ["bx", "ko"], [1, 1])
    assert [loop.loop_var.name for loop in loops(func) if "tt.k_loop" in loop.annotations] == ["ko"]


def test_multi_tile_block_64x64x32():
    func = lowered(gemm(256, 256, 256, 64, 64, 32))
    (mm,) = annotations(func, "tt.matmul_intrinsic")
    assert (int(mm.node["mt"]), int(mm.node["nt"]), int(mm.node["kt"])) == (2, 2, 1)
    assert _copies(func) == [
        ("read", "A", "A_shared", 0, ["by * 2", "ko"], [2, 1]),
        ("read", "B", "B_shared", 1, ["ko", "bx * 2"], [1, 2]),
        ("write", "C", "C_local", 16, ["by * 2", "bx * 2"], [2, 2]),
    ]
    assert func.attrs["tt_num_tiles"] == 16


def test_k_block_of_64_is_two_k_tiles_per_step():
    func = lowered(gemm(256, 256, 256, 32, 32, 64))
    (mm,) = annotations(func, "tt.matmul_intrinsic")
    assert (int(mm.node["mt"]), int(mm.node["nt"]), int(mm.node["kt"])) == (1, 1, 2)
    (k,) = [loop for loop in loops(func) if "tt.k_loop" in loop.annotations]
    assert int(k.extent) == 4  # 4 steps x 2 K tiles = 256 / 32
    assert _copies(func)[:2] == [
        ("read", "A", "A_shared", 0, ["by", "ko * 2"], [1, 2]),
        ("read", "B", "B_shared", 1, ["ko * 2", "bx"], [2, 1]),
    ]


def test_non_aligned_100():
    func = lowered(gemm(100, 100, 100))
    (k,) = [loop for loop in loops(func) if "tt.k_loop" in loop.annotations]
    assert int(k.extent) == 4
    assert func.attrs["tt_num_tiles"] == 16
    assert [c[4] for c in _copies(func)] == [["by", "ko"], ["ko", "bx"], ["by", "bx"]]
    assert bool(func.attrs["tt_buffer_A_layout"]["needs_padding"])
