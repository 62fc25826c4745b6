// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/norm/rmsnorm_128x128.py
// kernel sha256: 17831d626aeeda5b3c6d92ff3b7e654353ab4f5cc101c5a2251d0eea83eb9f69
// mode: ir_driven
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    uint32_t Y_addr = get_arg_val<uint32_t>(0);
    uint32_t start_id = get_arg_val<uint32_t>(1);
    uint32_t num_units = get_arg_val<uint32_t>(2);

    constexpr uint32_t cb_x = tt::CBIndex::c_16;

    const InterleavedAddrGenFast<true> Y_gen = {
        .bank_base_address = Y_addr, .page_size = get_tile_size(cb_x), .data_format = get_dataformat(cb_x)};

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        uint32_t bx = wu;
        cb_wait_front(cb_x, 4);
        uint32_t x_read_addr = get_read_ptr(cb_x);
        for (uint32_t tile_row = 0; tile_row < 1; ++tile_row) {
            for (uint32_t tile_col = 0; tile_col < 4; ++tile_col) {
                noc_async_write_page(bx * 4 + tile_row * 4 + tile_col, Y_gen,
                                     x_read_addr + (tile_row * 4 + tile_col) * get_tile_size(cb_x));
            }
        }
        noc_async_write_barrier();
        cb_pop_front(cb_x, 4);
    }
}
