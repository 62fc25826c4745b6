// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/unary/exp_256.py
// kernel sha256: 9281a5974c71e25fb4a076b9ab316d2709f3818ee7ca7fdb876bd4c2f1cd4788
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

    constexpr uint32_t cb_B_local = tt::CBIndex::c_16;

    const InterleavedAddrGenFast<true> B_gen = {.bank_base_address = B_addr,
                                                .page_size = get_tile_size(cb_B_local),
                                                .data_format = get_dataformat(cb_B_local)};

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        uint32_t bx = wu % 8;
        uint32_t by = wu / 8;
        cb_wait_front(cb_B_local, 1);
        uint32_t B_local_read_addr = get_read_ptr(cb_B_local);
        noc_async_write_page(by * 8 + bx, B_gen, B_local_read_addr);
        noc_async_write_barrier();
        cb_pop_front(cb_B_local, 1);
    }
}
