// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/scalar/rsub_div_128.py
// kernel sha256: 54bc0ecaf16b59880cd02839b9325d463f93a7130ad7cf0d88f554e0bee354ce
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

    constexpr uint32_t cb_x = tt::CBIndex::c_16;

    const InterleavedAddrGenFast<true> B_gen = {
        .bank_base_address = B_addr, .page_size = get_tile_size(cb_x), .data_format = get_dataformat(cb_x)};

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        uint32_t bx = wu % 4;
        uint32_t by = wu / 4;
        cb_wait_front(cb_x, 1);
        uint32_t x_read_addr = get_read_ptr(cb_x);
        noc_async_write_page(by * 4 + bx, B_gen, x_read_addr);
        noc_async_write_barrier();
        cb_pop_front(cb_x, 1);
    }
}
