"""The Metalium functions the emitters may call (docs/METALIUM_SUBSET.md), as data.

Tests check every call in every emitted artifact against these sets, so an invented API name
cannot reach a snapshot.
"""

from __future__ import annotations

KERNEL_API = frozenset(
    {
        "get_arg_val", "get_compile_time_arg_val",
        "cb_reserve_back", "cb_push_back", "cb_wait_front", "cb_pop_front", "get_write_ptr", "get_read_ptr",
        "get_tile_size", "get_dataformat",
        "noc_async_read_tile", "noc_async_write_tile", "noc_async_read_barrier", "noc_async_write_barrier",
        "mm_init", "matmul_tiles",
        "tile_regs_acquire", "tile_regs_commit", "tile_regs_wait", "tile_regs_release", "pack_tile",
        "binary_op_init_common", "add_tiles_init", "sub_tiles_init", "mul_tiles_init", "add_tiles", "sub_tiles", "mul_tiles",
        "copy_tile_init", "copy_tile", "init_sfpu", "exp_tile_init", "exp_tile", "relu_tile_init", "relu_tile",
        "reduce_init", "reduce_tile", "reduce_uninit",
        "add_bcast_rows_init_short", "add_tiles_bcast_rows",
        "init_bcast", "add_tiles_bcast", "sub_tiles_bcast", "mul_tiles_bcast",
    }
)

HOST_API = frozenset(
    {
        "CreateDevice", "command_queue", "CreateProgram", "CreateBuffer", "CreateCircularBuffer", "set_page_size",
        "CreateKernel", "SetRuntimeArgs", "EnqueueWriteBuffer", "EnqueueProgram", "EnqueueReadBuffer", "Finish",
        "CloseDevice", "address", "tilize_nfaces", "untilize_nfaces", "to_float",
    }
)
