#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    uint32_t dst_addr = get_arg_val<uint32_t>(0);
    uint32_t start_tile_id = get_arg_val<uint32_t>(1);
    uint32_t num_tiles = get_arg_val<uint32_t>(2);

    constexpr uint32_t cb_out0 = tt::CBIndex::c_16;

    const InterleavedAddrGenFast<true> dst = {
        .bank_base_address = dst_addr, .page_size = get_tile_size(cb_out0), .data_format = get_dataformat(cb_out0)};

    for (uint32_t i = 0; i < num_tiles; ++i) {
        cb_wait_front(cb_out0, 1);
        uint32_t l1_read_addr = get_read_ptr(cb_out0);
        noc_async_write_tile(start_tile_id + i, dst, l1_read_addr);
        noc_async_write_barrier();
        cb_pop_front(cb_out0, 1);
    }
}
