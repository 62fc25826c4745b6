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
    uint32_t B_addr = get_arg_val<uint32_t>(0);
    uint32_t start_id = get_arg_val<uint32_t>(1);
    uint32_t num_units = get_arg_val<uint32_t>(2);

    constexpr uint32_t cb_A_local = tt::CBIndex::c_16;

    const InterleavedAddrGenFast<true> B_gen = {.bank_base_address = B_addr,
                                                .page_size = get_tile_size(cb_A_local),
                                                .data_format = get_dataformat(cb_A_local)};

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        uint32_t bx = wu;
        cb_wait_front(cb_A_local, 8);
        uint32_t A_local_read_addr = get_read_ptr(cb_A_local);
        for (uint32_t tile_row = 0; tile_row < 1; ++tile_row) {
            for (uint32_t tile_col = 0; tile_col < 8; ++tile_col) {
                noc_async_write_page(
                    bx * 8 + tile_row * 8 + tile_col, B_gen,
                    A_local_read_addr + (tile_row * 8 + tile_col) * get_tile_size(cb_A_local));
            }
        }
        noc_async_write_barrier();
        cb_pop_front(cb_A_local, 8);
    }
}
