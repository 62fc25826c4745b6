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
    uint32_t D_addr = get_arg_val<uint32_t>(0);
    uint32_t start_id = get_arg_val<uint32_t>(1);
    uint32_t num_units = get_arg_val<uint32_t>(2);

    constexpr uint32_t cb_D_local = tt::CBIndex::c_16;

    const InterleavedAddrGenFast<true> D_gen = {.bank_base_address = D_addr,
                                                .page_size = get_tile_size(cb_D_local),
                                                .data_format = get_dataformat(cb_D_local)};

    for (uint32_t wu = start_id; wu < start_id + num_units; ++wu) {
        uint32_t bx = wu % 16;
        uint32_t by = wu / 16;
        cb_wait_front(cb_D_local, 1);
        uint32_t D_local_read_addr = get_read_ptr(cb_D_local);
        noc_async_write_page(by * 16 + bx, D_gen, D_local_read_addr);
        noc_async_write_barrier();
        cb_pop_front(cb_D_local, 1);
    }
}
