// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/gemm_epilogue/gemm_residual_f32_256.py
// kernel sha256: db2e093331581df92e60c2d7ca707c980e007d9882c2fadf558bcefc459cc320
// mode: ir_driven
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    uint32_t A_addr = get_arg_val<uint32_t>(0);
    uint32_t B_addr = get_arg_val<uint32_t>(1);
    uint32_t R_addr = get_arg_val<uint32_t>(2);
    uint32_t start_id = get_arg_val<uint32_t>(3);
    uint32_t num_units = get_arg_val<uint32_t>(4);

    constexpr uint32_t cb_A_shared = tt::CBIndex::c_0;
    constexpr uint32_t cb_B_shared = tt::CBIndex::c_1;
    constexpr uint32_t cb_R_shared = tt::CBIndex::c_2;

    const InterleavedAddrGenFast<true> A_gen = {.bank_base_address = A_addr,
                                                .page_size = get_tile_size(cb_A_shared),
                                                .data_format = get_dataformat(cb_A_shared)};
    const InterleavedAddrGenFast<true> B_gen = {.bank_base_address = B_addr,
                                                .page_size = get_tile_size(cb_B_shared),
                                                .data_format = get_dataformat(cb_B_shared)};
    const InterleavedAddrGenFast<true> R_gen = {.bank_base_address = R_addr,
                                                .page_size = get_tile_size(cb_R_shared),
                                                .data_format = get_dataformat(cb_R_shared)};

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        uint32_t bx = wu % 8;
        uint32_t by = wu / 8;
        for (uint32_t k = 0; k < 8; ++k) {
            cb_reserve_back(cb_A_shared, 1);
            uint32_t A_shared_write_addr = get_write_ptr(cb_A_shared);
            noc_async_read_page(by * 8 + k, A_gen, A_shared_write_addr);
            cb_reserve_back(cb_B_shared, 1);
            uint32_t B_shared_write_addr = get_write_ptr(cb_B_shared);
            noc_async_read_page(k * 8 + bx, B_gen, B_shared_write_addr);
            noc_async_read_barrier();
            cb_push_back(cb_A_shared, 1);
            cb_push_back(cb_B_shared, 1);
        }
        cb_reserve_back(cb_R_shared, 1);
        uint32_t R_shared_write_addr = get_write_ptr(cb_R_shared);
        noc_async_read_page(by * 8 + bx, R_gen, R_shared_write_addr);
        noc_async_read_barrier();
        cb_push_back(cb_R_shared, 1);
    }
}
