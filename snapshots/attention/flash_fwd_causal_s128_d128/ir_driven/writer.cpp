// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/attention/flash_fwd_causal_s128_d128.py
// kernel sha256: bf63187639825537e5c09a9547cdcac3e4d65e5001f22a76dfaa1409366ef71f
// mode: ir_driven
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    uint32_t Output_addr = get_arg_val<uint32_t>(0);
    uint32_t start_id = get_arg_val<uint32_t>(1);
    uint32_t num_units = get_arg_val<uint32_t>(2);

    constexpr uint32_t cb_O_shared = tt::CBIndex::c_16;

    const InterleavedAddrGenFast<true> Output_gen = {.bank_base_address = Output_addr,
                                                     .page_size = get_tile_size(cb_O_shared),
                                                     .data_format = get_dataformat(cb_O_shared)};

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        uint32_t bx = wu;
        cb_wait_front(cb_O_shared, 8);
        uint32_t O_shared_read_addr = get_read_ptr(cb_O_shared);
        for (uint32_t tile_row = 0; tile_row < 2; ++tile_row) {
            for (uint32_t tile_col = 0; tile_col < 4; ++tile_col) {
                noc_async_write_page(
                    (bx * 2) * 4 + tile_row * 4 + tile_col, Output_gen,
                    O_shared_read_addr + (tile_row * 4 + tile_col) * get_tile_size(cb_O_shared));
            }
        }
        noc_async_write_barrier();
        cb_pop_front(cb_O_shared, 8);
    }
}
