// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/gemm_epilogue/gemm_residual_f32_256.py
// kernel sha256: db2e093331581df92e60c2d7ca707c980e007d9882c2fadf558bcefc459cc320
// mode: template
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    uint32_t src0_addr = get_arg_val<uint32_t>(0);
    uint32_t src1_addr = get_arg_val<uint32_t>(1);
    uint32_t start_tile_id = get_arg_val<uint32_t>(2);
    uint32_t num_tiles = get_arg_val<uint32_t>(3);

    constexpr uint32_t Kt = 8;
    constexpr uint32_t Nt = 8;
    constexpr uint32_t cb_in0 = tt::CBIndex::c_0;
    constexpr uint32_t cb_in1 = tt::CBIndex::c_1;

    const InterleavedAddrGenFast<true> src0 = {.bank_base_address = src0_addr,
                                               .page_size = get_tile_size(cb_in0),
                                               .data_format = get_dataformat(cb_in0)};
    const InterleavedAddrGenFast<true> src1 = {.bank_base_address = src1_addr,
                                               .page_size = get_tile_size(cb_in1),
                                               .data_format = get_dataformat(cb_in1)};

    for (uint32_t tile_id = start_tile_id; tile_id < start_tile_id + num_tiles; ++tile_id) {
        uint32_t m = tile_id / Nt;
        uint32_t n = tile_id % Nt;
        for (uint32_t kt = 0; kt < Kt; ++kt) {
            cb_reserve_back(cb_in0, 1);
            uint32_t l1_write_addr_in0 = get_write_ptr(cb_in0);
            noc_async_read_page(m * Kt + kt, src0, l1_write_addr_in0);
            cb_reserve_back(cb_in1, 1);
            uint32_t l1_write_addr_in1 = get_write_ptr(cb_in1);
            noc_async_read_page(kt * Nt + n, src1, l1_write_addr_in1);
            noc_async_read_barrier();
            cb_push_back(cb_in0, 1);
            cb_push_back(cb_in1, 1);
        }
    }
}
