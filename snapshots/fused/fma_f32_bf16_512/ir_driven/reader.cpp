// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/fused/fma_f32_bf16_512.py
// kernel sha256: 692c25382d147b8980500a67fb835696f3dfb3d1baf81bde7f17bbbf9f51b87a
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
    uint32_t C_addr = get_arg_val<uint32_t>(2);
    uint32_t start_id = get_arg_val<uint32_t>(3);
    uint32_t num_units = get_arg_val<uint32_t>(4);

    constexpr uint32_t cb_A_shared = tt::CBIndex::c_0;
    constexpr uint32_t cb_B_shared = tt::CBIndex::c_1;
    constexpr uint32_t cb_C_shared = tt::CBIndex::c_2;

    const InterleavedAddrGenFast<true> A_gen = {.bank_base_address = A_addr,
                                                .page_size = get_tile_size(cb_A_shared),
                                                .data_format = get_dataformat(cb_A_shared)};
    const InterleavedAddrGenFast<true> B_gen = {.bank_base_address = B_addr,
                                                .page_size = get_tile_size(cb_B_shared),
                                                .data_format = get_dataformat(cb_B_shared)};
    const InterleavedAddrGenFast<true> C_gen = {.bank_base_address = C_addr,
                                                .page_size = get_tile_size(cb_C_shared),
                                                .data_format = get_dataformat(cb_C_shared)};

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        uint32_t bx = wu % 16;
        uint32_t by = wu / 16;
        cb_reserve_back(cb_A_shared, 1);
        uint32_t A_shared_write_addr = get_write_ptr(cb_A_shared);
        noc_async_read_page(by * 16 + bx, A_gen, A_shared_write_addr);
        cb_reserve_back(cb_B_shared, 1);
        uint32_t B_shared_write_addr = get_write_ptr(cb_B_shared);
        noc_async_read_page(by * 16 + bx, B_gen, B_shared_write_addr);
        cb_reserve_back(cb_C_shared, 1);
        uint32_t C_shared_write_addr = get_write_ptr(cb_C_shared);
        noc_async_read_page(by * 16 + bx, C_gen, C_shared_write_addr);
        noc_async_read_barrier();
        cb_push_back(cb_A_shared, 1);
        cb_push_back(cb_B_shared, 1);
        cb_push_back(cb_C_shared, 1);
    }
}
