"""The three fixed kernel texts of the legacy template (only Kt and Nt vary).

Legacy in what they compute (the fixed single-tile GEMM), not in the SDK they target: includes and
Metalium calls come from the op registry at the pinned release, as in the IR-driven emitter.
"""

from __future__ import annotations

from ttmigrate import ops
from ttmigrate.ops import kernel_api as K

_READER = """#include <cstdint>
#include "{dataflow_h}"

void kernel_main() {{
    uint32_t src0_addr = get_arg_val<uint32_t>(0);
    uint32_t src1_addr = get_arg_val<uint32_t>(1);
    uint32_t start_tile_id = get_arg_val<uint32_t>(2);
    uint32_t num_tiles = get_arg_val<uint32_t>(3);

    constexpr uint32_t Kt = {kt};
    constexpr uint32_t Nt = {nt};
    constexpr uint32_t cb_in0 = tt::CBIndex::c_0;
    constexpr uint32_t cb_in1 = tt::CBIndex::c_1;

    const InterleavedAddrGenFast<true> src0 = {{
        .bank_base_address = src0_addr, .page_size = get_tile_size(cb_in0), .data_format = get_dataformat(cb_in0)}};
    const InterleavedAddrGenFast<true> src1 = {{
        .bank_base_address = src1_addr, .page_size = get_tile_size(cb_in1), .data_format = get_dataformat(cb_in1)}};

    for (uint32_t tile_id = start_tile_id; tile_id < start_tile_id + num_tiles; ++tile_id) {{
        uint32_t m = tile_id / Nt;
        uint32_t n = tile_id % Nt;
        for (uint32_t kt = 0; kt < Kt; ++kt) {{
            cb_reserve_back(cb_in0, 1);
            uint32_t l1_write_addr_in0 = get_write_ptr(cb_in0);
            {read_in0};
            cb_reserve_back(cb_in1, 1);
            uint32_t l1_write_addr_in1 = get_write_ptr(cb_in1);
            {read_in1};
            noc_async_read_barrier();
            cb_push_back(cb_in0, 1);
            cb_push_back(cb_in1, 1);
        }}
    }}
}}
"""

_COMPUTE = """#include <cstdint>
#include "{copy_h}"
#include "{matmul_h}"

namespace NAMESPACE {{
void MAIN {{
    uint32_t start_tile_id = get_arg_val<uint32_t>(0);
    uint32_t num_tiles = get_arg_val<uint32_t>(1);

    constexpr uint32_t Kt = {kt};
    constexpr uint32_t cb_in0 = tt::CBIndex::c_0;
    constexpr uint32_t cb_in1 = tt::CBIndex::c_1;
    constexpr uint32_t cb_out0 = tt::CBIndex::c_16;

    {startup};
    {init};
    for (uint32_t tile_id = start_tile_id; tile_id < start_tile_id + num_tiles; ++tile_id) {{
        tile_regs_acquire();
        for (uint32_t kt = 0; kt < Kt; ++kt) {{
            cb_wait_front(cb_in0, 1);
            cb_wait_front(cb_in1, 1);
            {matmul};
            cb_pop_front(cb_in0, 1);
            cb_pop_front(cb_in1, 1);
        }}
        tile_regs_commit();
        tile_regs_wait();
        cb_reserve_back(cb_out0, 1);
        pack_tile(0, cb_out0);
        cb_push_back(cb_out0, 1);
        tile_regs_release();
    }}
}}
}}  // namespace NAMESPACE
"""

_WRITER = """#include <cstdint>
#include "{dataflow_h}"

void kernel_main() {{
    uint32_t dst_addr = get_arg_val<uint32_t>(0);
    uint32_t start_tile_id = get_arg_val<uint32_t>(1);
    uint32_t num_tiles = get_arg_val<uint32_t>(2);

    constexpr uint32_t Nt = {nt};
    constexpr uint32_t cb_out0 = tt::CBIndex::c_16;

    const InterleavedAddrGenFast<true> dst = {{
        .bank_base_address = dst_addr, .page_size = get_tile_size(cb_out0), .data_format = get_dataformat(cb_out0)}};

    for (uint32_t tile_id = start_tile_id; tile_id < start_tile_id + num_tiles; ++tile_id) {{
        uint32_t m = tile_id / Nt;
        uint32_t n = tile_id % Nt;
        cb_wait_front(cb_out0, 1);
        uint32_t l1_read_addr = get_read_ptr(cb_out0);
        {write_out};
        noc_async_write_barrier();
        cb_pop_front(cb_out0, 1);
    }}
}}
"""


def _read(page: str, gen: str, l1: str) -> str:
    return ops.NOC_READS[0].render({"id": page, "addrgen": gen, "dst_local_l1_addr": l1})


def render_reader(*, kt: int, nt: int) -> str:
    return _READER.format(
        kt=kt,
        nt=nt,
        dataflow_h=K.DATAFLOW_H,
        read_in0=_read("m * Kt + kt", "src0", "l1_write_addr_in0"),
        read_in1=_read("kt * Nt + n", "src1", "l1_write_addr_in1"),
    )


def render_compute(*, kt: int) -> str:
    matmul = ops.op("matmul")
    assert matmul.startup is not None and matmul.init is not None and matmul.call is not None
    return _COMPUTE.format(
        kt=kt,
        copy_h=K.COPY_H,
        matmul_h=K.MATMUL_H,
        startup=matmul.startup.render({"icb0": "cb_in0", "icb1": "cb_in1", "ocb": "cb_out0"}),
        init=matmul.init.render({"in0_cb_id": "cb_in0", "in1_cb_id": "cb_in1"}),
        matmul=matmul.call.render(
            {
                "in0_cb_id": "cb_in0",
                "in1_cb_id": "cb_in1",
                "in0_tile_index": 0,
                "in1_tile_index": 0,
                "idst": 0,
            }
        ),
    )


def render_writer(*, nt: int) -> str:
    write = ops.NOC_WRITES[0].render(
        {"id": "m * Nt + n", "addrgen": "dst", "src_local_l1_addr": "l1_read_addr"}
    )
    return _WRITER.format(nt=nt, dataflow_h=K.DATAFLOW_H, write_out=write)
