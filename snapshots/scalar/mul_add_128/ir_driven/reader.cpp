// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/scalar/mul_add_128.py
// kernel sha256: 8a79d93c10c63bbdb2ea204fde1c911b311f083c70744ce7fc56021c4575d7d5
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
        cb_reserve_back(cb_A_shared, 1);
        uint32_t A_shared_write_addr = get_write_ptr(cb_A_shared);
        noc_async_read_page(by * 4 + bx, A_gen, A_shared_write_addr);
        noc_async_read_barrier();
        cb_push_back(cb_A_shared, 1);
    }
}
