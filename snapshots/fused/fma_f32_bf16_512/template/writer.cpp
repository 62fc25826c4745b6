// ttmigrate golden snapshot; review changes with `ttmigrate snapshot review` (docs/REVIEWING.md)
// kernel: corpus/fused/fma_f32_bf16_512.py
// kernel sha256: 692c25382d147b8980500a67fb835696f3dfb3d1baf81bde7f17bbbf9f51b87a
// mode: template
// ttmigrate version: 0.1.0
// clang-format: 23.1.5
// clang-format style sha256: 3d3ffa200262b747e6b9e93d906f30d4014878727f098c60626b471d91df4112
// target: tt-metal v0.81.1

#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    uint32_t dst_addr = get_arg_val<uint32_t>(0);
    uint32_t start_tile_id = get_arg_val<uint32_t>(1);
    uint32_t num_tiles = get_arg_val<uint32_t>(2);

    constexpr uint32_t Nt = 16;
    constexpr uint32_t cb_out0 = tt::CBIndex::c_16;

    const InterleavedAddrGenFast<true> dst = {.bank_base_address = dst_addr,
                                              .page_size = get_tile_size(cb_out0),
                                              .data_format = get_dataformat(cb_out0)};

    for (uint32_t tile_id = start_tile_id; tile_id < start_tile_id + num_tiles; ++tile_id) {
        uint32_t m = tile_id / Nt;
        uint32_t n = tile_id % Nt;
        cb_wait_front(cb_out0, 1);
        uint32_t l1_read_addr = get_read_ptr(cb_out0);
        noc_async_write_page(m * Nt + n, dst, l1_read_addr);
        noc_async_write_barrier();
        cb_pop_front(cb_out0, 1);
    }
}
