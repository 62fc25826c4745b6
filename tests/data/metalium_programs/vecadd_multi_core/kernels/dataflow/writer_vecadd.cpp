// Writes this core's tiles of C.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
    uint32_t c_addr = get_arg_val<uint32_t>(0);
    uint32_t start = get_arg_val<uint32_t>(1);
    uint32_t count = get_arg_val<uint32_t>(2);

    constexpr uint32_t cb_c = tt::CBIndex::c_16;
    const uint32_t page_bytes = get_tile_size(cb_c);
    constexpr auto c_args = TensorAccessorArgs<0>();
    const auto c = TensorAccessor(c_args, c_addr, page_bytes);

    for (uint32_t i = 0; i < count; ++i) {
        cb_wait_front(cb_c, 1);
        noc_async_write_page(start + i, c, get_read_ptr(cb_c));
        noc_async_write_barrier();
        cb_pop_front(cb_c, 1);
    }
}
