"""WS1 defaults and WS2 schedule/shard inference on hand-built kernels."""

import pytest
import tvm_ffi
from tt_kernels import gemm

from ttmigrate.frontend import T
from ttmigrate.tt import apply_tt_defaults, apply_ws2_passes
from ttmigrate.tt.passes.infer_schedule import contiguous_ranges


@T.prim_func
def grid_3d(A: T.Tensor((2, 64, 96), "bfloat16"), B: T.Tensor((2, 64, 96), "bfloat16")):
    with T.Kernel(3, 2, 2, threads=128) as (bx, by, bz):
        A_shared = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[bz, by * 32, bx * 32], A_shared)
        T.copy(A_shared, B[bz, by * 32, bx * 32])


@T.prim_func
def row_vector(x: T.Tensor((100,), "float32"), y: T.Tensor((100,), "float32")):
    with T.Kernel(4, threads=128) as bx:
        x_shared = T.alloc_shared((32,), "float32")
        T.copy(x[bx * 32], x_shared)
        T.copy(x_shared, y[bx * 32])


def test_defaults_are_added():
    attrs = apply_tt_defaults(gemm(128, 128, 128))["main"].attrs
    assert attrs["tt_schedule_policy"] == "contiguous"
    assert attrs["tt_schedule_order"] == "row_major"
    assert attrs["tt_layout_type"] == "dram_interleaved"
    assert attrs["tt_tile_height"] == 32 and attrs["tt_tile_width"] == 32


def test_defaults_never_override_and_are_idempotent():
    func = gemm(128, 128, 128).with_attr("tt_schedule_order", "column_major")
    once = apply_tt_defaults(func)
    assert once["main"].attrs["tt_schedule_order"] == "column_major"
    twice = apply_tt_defaults(once)
    assert tvm_ffi.structural_equal(once, twice)


def test_schedule_of_a_2d_grid():
    attrs = apply_ws2_passes(apply_tt_defaults(gemm(256, 128, 64)))["main"].attrs
    # 128 / 32 = 4 blocks along x (N), 256 / 32 = 8 along y (M)
    assert (attrs["tt_grid_x"], attrs["tt_grid_y"], attrs["tt_grid_z"]) == (4, 8, 1)
    assert attrs["tt_num_tiles"] == 32
    assert attrs["tt_num_cores"] == 32
    assert [list(r) for r in attrs["tt_tiles_per_core"]] == [[i, 1] for i in range(32)]
    assert list(attrs["tt_core_grid"]) == [8, 8]


def test_schedule_spreads_the_remainder_over_the_first_cores():
    # a 100x100 GEMM with 32x32 blocks is 4x4 = 16 units; on a 3x2 core grid: 6 cores
    attrs = apply_ws2_passes(apply_tt_defaults(gemm(100, 100, 100)), core_grid=(3, 2))["main"].attrs
    assert attrs["tt_num_tiles"] == 16 and attrs["tt_num_cores"] == 6
    assert [list(r) for r in attrs["tt_tiles_per_core"]] == [[0, 3], [3, 3], [6, 3], [9, 3], [12, 2], [14, 2]]
    assert list(attrs["tt_core_grid"]) == [3, 2]


@pytest.mark.parametrize(
    ("units", "cores", "expected"),
    [
        (1, 64, [[0, 1]]),
        (5, 2, [[0, 3], [3, 2]]),
        (130, 64, [[0, 3], [3, 3]] + [[6 + 2 * i, 2] for i in range(62)]),
        (0, 4, []),
    ],
)
def test_contiguous_ranges(units, cores, expected):
    ranges = contiguous_ranges(units, cores)
    assert ranges == expected
    assert sum(c for _, c in ranges) == units


def test_schedule_of_a_3d_and_1d_grid():
    attrs = apply_ws2_passes(apply_tt_defaults(grid_3d))["main"].attrs
    assert (attrs["tt_grid_x"], attrs["tt_grid_y"], attrs["tt_grid_z"], attrs["tt_num_tiles"]) == (
        3,
        2,
        2,
        12,
    )
    attrs = apply_ws2_passes(apply_tt_defaults(row_vector))["main"].attrs
    assert (attrs["tt_grid_x"], attrs["tt_grid_y"], attrs["tt_grid_z"], attrs["tt_num_tiles"]) == (4, 1, 1, 4)


def test_shard_layouts():
    attrs = apply_ws2_passes(apply_tt_defaults(gemm(100, 64, 96)))["main"].attrs
    a = attrs["tt_buffer_A_layout"]  # (100, 96)
    assert dict(a) | {"tile_shape": list(a["tile_shape"]), "padded_shape": list(a["padded_shape"])} == {
        "layout": "dram_interleaved",
        "tile_shape": [32, 32],
        "batch": 1,
        "rows": 100,
        "cols": 96,
        "num_tiles_height": 4,
        "num_tiles_width": 3,
        "needs_padding": True,
        "padded_shape": [128, 96],
    }
    b = attrs["tt_buffer_B_layout"]  # (96, 64)
    assert (b["needs_padding"], list(b["padded_shape"])) == (False, [96, 64])


def test_shard_of_batched_and_1d_buffers():
    attrs = apply_ws2_passes(apply_tt_defaults(grid_3d))["main"].attrs
    a = attrs["tt_buffer_A_layout"]
    assert (a["batch"], a["rows"], a["cols"], a["num_tiles_height"], a["num_tiles_width"]) == (
        2,
        64,
        96,
        2,
        3,
    )
    attrs = apply_ws2_passes(apply_tt_defaults(row_vector))["main"].attrs
    x = attrs["tt_buffer_x_layout"]
    assert (x["batch"], x["rows"], x["cols"], x["num_tiles_height"], x["num_tiles_width"]) == (
        1,
        1,
        100,
        1,
        4,
    )
    assert (x["needs_padding"], list(x["padded_shape"])) == (True, [128])
