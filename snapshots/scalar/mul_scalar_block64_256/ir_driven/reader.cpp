// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/scalar/mul_scalar_block64_256.py
// kernel sha256: 9646cc7c44c42f7d03cb3825987d09c4af7e753d1cd085a204c9578ba805d161
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

    const InterleavedAddrGenFast<true> A_gen = {.bank_base_address = A_addr,
                                                .page_size = get_tile_size(cb_A_shared),
                                                .data_format = get_dataformat(cb_A_shared)};

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        uint32_t bx = wu % 4;
        uint32_t by = wu / 4;
        cb_reserve_back(cb_A_shared, 4);
        uint32_t A_shared_write_addr = get_write_ptr(cb_A_shared);
        for (uint32_t tile_row = 0; tile_row < 2; ++tile_row) {
            for (uint32_t tile_col = 0; tile_col < 2; ++tile_col) {
                noc_async_read_page(
                    (by * 2) * 8 + tile_row * 8 + (bx * 2) + tile_col, A_gen,
                    A_shared_write_addr + (tile_row * 2 + tile_col) * get_tile_size(cb_A_shared));
            }
        }
        noc_async_read_barrier();
        cb_push_back(cb_A_shared, 4);
    }
}
