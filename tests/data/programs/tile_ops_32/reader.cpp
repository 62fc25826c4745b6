#include <cstdint>
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    uint32_t src0_addr = get_arg_val<uint32_t>(0);
    uint32_t src1_addr = get_arg_val<uint32_t>(1);
    uint32_t start_tile_id = get_arg_val<uint32_t>(2);
    uint32_t num_tiles = get_arg_val<uint32_t>(3);

    constexpr uint32_t cb_in0 = tt::CBIndex::c_0;
    constexpr uint32_t cb_in1 = tt::CBIndex::c_1;

    const InterleavedAddrGenFast<true> src0 = {
        .bank_base_address = src0_addr, .page_size = get_tile_size(cb_in0), .data_format = get_dataformat(cb_in0)};
    const InterleavedAddrGenFast<true> src1 = {
        .bank_base_address = src1_addr, .page_size = get_tile_size(cb_in1), .data_format = get_dataformat(cb_in1)};

    for (uint32_t i = 0; i < num_tiles; ++i) {
        uint32_t tile_id = start_tile_id + i;
        cb_reserve_back(cb_in0, 1);
        cb_reserve_back(cb_in1, 1);
        uint32_t l1_write_addr_in0 = get_write_ptr(cb_in0);
        uint32_t l1_write_addr_in1 = get_write_ptr(cb_in1);
        noc_async_read_tile(tile_id, src0, l1_write_addr_in0);
        noc_async_read_tile(tile_id, src1, l1_write_addr_in1);
        noc_async_read_barrier();
        cb_push_back(cb_in0, 1);
        cb_push_back(cb_in1, 1);
    }
}
