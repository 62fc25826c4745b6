// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/reduction/row_sum_keepdim_128.py
// kernel sha256: 966f8e3192f15600c64ec1fb8b8822ca5c5203f7fea956f0ae3c4fa4f4be923d
// mode: ir_driven
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    uint32_t S_addr = get_arg_val<uint32_t>(0);
    uint32_t start_id = get_arg_val<uint32_t>(1);
    uint32_t num_units = get_arg_val<uint32_t>(2);

    constexpr uint32_t cb_S_local = tt::CBIndex::c_16;

    const InterleavedAddrGenFast<true> S_gen = {.bank_base_address = S_addr,
                                                .page_size = get_tile_size(cb_S_local),
                                                .data_format = get_dataformat(cb_S_local)};

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        uint32_t bx = wu;
        cb_wait_front(cb_S_local, 1);
        uint32_t S_local_read_addr = get_read_ptr(cb_S_local);
        noc_async_write_page(bx, S_gen, S_local_read_addr);
        noc_async_write_barrier();
        cb_pop_front(cb_S_local, 1);
    }
}
