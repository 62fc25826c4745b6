// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/softmax/softmax_256.py
// kernel sha256: b247ec2eaef354c9c22a2a449317e772f5e7d3d20cddc8e5ef44896d507c5243
// mode: ir_driven
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    uint32_t A_addr = get_arg_val<uint32_t>(0);
    uint32_t start_id = get_arg_val<uint32_t>(1);
    uint32_t num_units = get_arg_val<uint32_t>(2);

    constexpr uint32_t cb_A_shared = tt::CBIndex::c_0;
    constexpr uint32_t cb_reduce_scaler = tt::CBIndex::c_1;

    const InterleavedAddrGenFast<true> A_gen = {.bank_base_address = A_addr,
                                                .page_size = get_tile_size(cb_A_shared),
                                                .data_format = get_dataformat(cb_A_shared)};
    cb_reserve_back(cb_reduce_scaler, 1);
    volatile uint16_t* scaler_tile = reinterpret_cast<volatile uint16_t*>(get_write_ptr(cb_reduce_scaler));
    for (uint32_t i = 0; i < 1024; ++i) {  // scaler 1.0
        scaler_tile[i] = (i % 256 < 16) ? 0x3F80 : 0;
    }
    cb_push_back(cb_reduce_scaler, 1);

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        uint32_t bx = wu;
        cb_reserve_back(cb_A_shared, 8);
        uint32_t A_shared_write_addr = get_write_ptr(cb_A_shared);
        for (uint32_t tile_row = 0; tile_row < 1; ++tile_row) {
            for (uint32_t tile_col = 0; tile_col < 8; ++tile_col) {
                noc_async_read_page(
                    bx * 8 + tile_row * 8 + tile_col, A_gen,
                    A_shared_write_addr + (tile_row * 8 + tile_col) * get_tile_size(cb_A_shared));
            }
        }
        noc_async_read_barrier();
        cb_push_back(cb_A_shared, 8);
    }
}
