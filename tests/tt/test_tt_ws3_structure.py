"""WS3 grid-to-persistent, memory space and tile padding on hand-built kernels."""

import pytest
import tvm_ffi
from tt_kernels import annotations, gemm, loops, lowered
from tvm import tirx

from ttmigrate.frontend import T
from ttmigrate.tt import LoweringError


@T.prim_func
def copy_kernel(A: T.Tensor((64, 96), "bfloat16"), B: T.Tensor((64, 96), "bfloat16")):
    with T.Kernel(3, 2, threads=128) as (bx, by):
        A_shared = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_shared)
        T.copy(A_shared, B[by * 32, bx * 32])


@T.prim_func
def batched_copy(A: T.Tensor((2, 64, 96), "float32"), B: T.Tensor((2, 64, 96), "float32")):
    with T.Kernel(3, 2, 2, threads=128) as (bx, by, bz):
        A_shared = T.alloc_shared((32, 32), "float32")
        T.copy(A[bz, by * 32, bx * 32], A_shared)
        T.copy(A_shared, B[bz, by * 32, bx * 32])


@T.prim_func
def half_precision(A: T.Tensor((32, 32), "float16"), B: T.Tensor((32, 32), "float16")):
    with T.Kernel(1, threads=128) as bx:
        A_shared = T.alloc_shared((32, 32), "float16")
        T.copy(A[0, bx * 32], A_shared)
        T.copy(A_shared, B[0, bx * 32])


@T.prim_func
def int8_tiles(A: T.Tensor((32, 32), "int8"), B: T.Tensor((32, 32), "int8")):
    with T.Kernel(1, threads=128) as bx:
        A_shared = T.alloc_shared((32, 32), "int8")
        T.copy(A[0, bx * 32], A_shared)
        T.copy(A_shared, B[0, bx * 32])


def _cbs(func):
    return {
        str(e["name"]): {k: (list(v) if k == "tiles" else v) for k, v in e.items()}
        for e in func.attrs["tt_circular_buffers"]
    }


def test_grid_becomes_a_work_loop_with_bound_block_indices():
    func = lowered(gemm(128, 96, 64))
    params = [p.name for p in func.params]
    assert params == ["A", "B", "C", "start_id", "num_units"]
    start_id, num_units = func.params[3], func.params[4]
    assert str(start_id.ty) == "int32" and str(num_units.ty) == "int32"
    body = func.body
    assert type(body).__name__ == "SeqStmt"
    assert [type(s).__name__ for s in body.seq] == ["AllocBuffer", "AllocBuffer", "AllocBuffer", "For"]
    assert [s.buffer.name for s in body.seq[:3]] == ["A_shared", "B_shared", "C_local"]
    assert [s.buffer.scope() for s in body.seq[:3]] == ["shared.dyn", "shared.dyn", "local.fragment"]
    work = body.seq[3]
    assert dict(work.annotations) == {"tt.work_loop": 1}
    assert work.min.same_as(start_id) and work.extent.same_as(num_units)
    assert work.kind == tirx.ForKind.SERIAL
    bx, by = work.body.seq[0], work.body.seq[1]
    assert type(bx).__name__ == "Bind" and (bx.var.name, str(bx.value)) == ("bx", "wu % 3")
    # the outermost launched dim needs no modulo: wu < gx * gy (docs/LOWERED_IR.md)
    assert type(by).__name__ == "Bind" and (by.var.name, str(by.value)) == ("by", "wu // 3")
    # no thread binding, no block survives
    kinds = set()
    tvm_ffi.structural_walk(func.body, lambda n: kinds.add(type(n).__name__))
    assert "SBlockRealize" not in kinds and "SBlock" not in kinds
    assert all(loop.kind == tirx.ForKind.SERIAL for loop in loops(func))


def test_three_block_indices_are_row_major():
    func = lowered(batched_copy)
    binds = func.body.seq[1].body.seq[:3]
    assert [(b.var.name, str(b.value)) for b in binds] == [
        ("bx", "wu % 3"),
        ("by", "wu // 3 % 2"),
        ("bz", "wu // 6"),
    ]


@T.prim_func
def row_blocks(A: T.Tensor((128, 32), "bfloat16"), B: T.Tensor((128, 32), "bfloat16")):
    with T.Kernel(4, threads=128) as bx:
        A_shared = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[bx * 32, 0], A_shared)
        T.copy(A_shared, B[bx * 32, 0])


def test_a_1d_grid_binds_the_work_unit_itself():
    bind = lowered(row_blocks).body.seq[1].body.seq[0]
    assert (type(bind).__name__, bind.var.name, str(bind.value)) == ("Bind", "bx", "wu")


def test_runtime_args_follow_the_copies():
    func = lowered(gemm(64, 64, 64))
    args = {k: [str(a) for a in v] for k, v in func.attrs["tt_runtime_args"].items()}
    assert args == {
        "reader": ["A_addr", "B_addr", "start_id", "num_units"],
        "compute": ["start_id", "num_units"],
        "writer": ["C_addr", "start_id", "num_units"],
    }


def test_gemm_circular_buffers():
    cbs = _cbs(lowered(gemm(128, 128, 128)))
    assert cbs == {
        "A_shared": {
            "cb_id": 0,
            "name": "A_shared",
            "role": "input",
            "num_pages": 2,
            "num_stages": 2,  # T.Pipelined(num_stages=2) feeds it
            "page_size": 2048,
            "dtype": "bfloat16",
            "tiles": [1, 1],
        },
        "B_shared": {
            "cb_id": 1,
            "name": "B_shared",
            "role": "input",
            "num_pages": 2,
            "num_stages": 2,  # T.Pipelined(num_stages=2) feeds it
            "page_size": 2048,
            "dtype": "bfloat16",
            "tiles": [1, 1],
        },
        # the float32 accumulator is packed into C's format (docs/LOWERED_IR.md: CB dtype = DRAM dtype)
        "C_local": {
            "cb_id": 16,
            "name": "C_local",
            "role": "output",
            "num_pages": 1,
            "page_size": 2048,
            "dtype": "bfloat16",
            "tiles": [1, 1],
        },
    }


def test_multi_tile_block_circular_buffers():
    cbs = _cbs(lowered(gemm(256, 256, 256, 64, 64, 32)))
    assert (cbs["A_shared"]["tiles"], cbs["A_shared"]["num_pages"]) == ([2, 1], 4)
    assert (cbs["B_shared"]["tiles"], cbs["B_shared"]["num_pages"]) == ([1, 2], 4)
    assert (cbs["C_local"]["tiles"], cbs["C_local"]["num_pages"]) == ([2, 2], 4)
    cbs = _cbs(lowered(gemm(256, 256, 256, 32, 32, 64)))
    assert (cbs["A_shared"]["tiles"], cbs["A_shared"]["num_pages"]) == ([1, 2], 4)
    assert (cbs["B_shared"]["tiles"], cbs["B_shared"]["num_pages"]) == ([2, 1], 4)


def test_a_copied_through_buffer_is_one_input_cb():
    func = lowered(copy_kernel)
    assert _cbs(func) == {
        "A_shared": {
            "cb_id": 0,
            "name": "A_shared",
            "role": "input",
            "num_pages": 2,
            "page_size": 2048,
            "dtype": "bfloat16",
            "tiles": [1, 1],
        }
    }
    read, write = annotations(func, "tt.copy")
    assert (read.node["direction"], read.node["cb_id"], write.node["direction"], write.node["cb_id"]) == (
        "read",
        0,
        "write",
        0,
    )


def test_float32_page_size():
    assert _cbs(lowered(batched_copy))["A_shared"]["page_size"] == 4096


def test_float16_tiles_are_float16_cbs():
    cb = _cbs(lowered(half_precision))["A_shared"]
    assert (cb["dtype"], cb["page_size"]) == ("float16", 2048)


def test_unsupported_dtype_is_a_diagnostic():
    with pytest.raises(LoweringError) as err:
        lowered(int8_tiles)
    (diag,) = err.value.diagnostics
    assert diag.kind == "unsupported-dtype"
    assert "A_shared" in diag.message and "int8" in diag.message


def test_padding_info_for_a_non_aligned_gemm():
    func = lowered(gemm(100, 100, 100))
    info = {k: {f: list(v) for f, v in e.items()} for k, e in func.attrs["tt_padding_info"].items()}
    assert info == {name: {"shape": [100, 100], "padded_shape": [128, 128]} for name in ("A", "B", "C")}
    assert dict(lowered(gemm(128, 64, 96)).attrs["tt_padding_info"]) == {}


def _staged_gemm(stages: int | None):
    @T.prim_func
    def main(
        A: T.Tensor((64, 128), "bfloat16"),
        B: T.Tensor((128, 64), "bfloat16"),
        C: T.Tensor((64, 64), "bfloat16"),
    ):
        with T.Kernel(1, 1, threads=128):
            A_shared = T.alloc_shared((64, 32), "bfloat16")
            B_shared = T.alloc_shared((32, 64), "bfloat16")
            C_local = T.alloc_fragment((64, 64), "float32")
            T.clear(C_local)
            if stages is None:
                for ko in T.serial(4):
                    T.copy(A[0, ko * 32], A_shared)
                    T.copy(B[ko * 32, 0], B_shared)
                    T.gemm(A_shared, B_shared, C_local)
            else:
                for ko in T.Pipelined(4, num_stages=stages):
                    T.copy(A[0, ko * 32], A_shared)
                    T.copy(B[ko * 32, 0], B_shared)
                    T.gemm(A_shared, B_shared, C_local)
            T.copy(C_local, C[0, 0])

    return main


@pytest.mark.parametrize("stages", [1, 2, 3, 4])
def test_pipelined_num_stages_sets_the_depth_of_the_cbs_it_feeds(stages: int) -> None:
    cbs = _cbs(lowered(_staged_gemm(stages)))
    # pages = stages x block tiles (2 tiles per block of A and of B); the output CB is one block
    assert (cbs["A_shared"]["num_pages"], cbs["A_shared"]["num_stages"]) == (2 * stages, stages)
    assert (cbs["B_shared"]["num_pages"], cbs["B_shared"]["num_stages"]) == (2 * stages, stages)
    assert cbs["C_local"]["num_pages"] == 4 and "num_stages" not in cbs["C_local"]


def test_a_serial_loop_keeps_double_buffered_inputs_and_records_no_stages() -> None:
    cbs = _cbs(lowered(_staged_gemm(None)))
    assert cbs["A_shared"]["num_pages"] == 4 and "num_stages" not in cbs["A_shared"]
